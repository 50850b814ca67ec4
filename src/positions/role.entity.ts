import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The catalogue of roles a post can have (secretary-general, treasurer, …), with their titles. */
@Entity('role')
export class Role {
  @PrimaryColumn('text') code: string;
  @Column('text', { name: 'title_ar' }) titleAr: string;
  @Column('text', { name: 'title_fr' }) titleFr: string;
  @Column('integer', { name: 'sort_order' }) sortOrder: number;
}
