import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

/** A seat (or several) in a unit (Popolo: Post). It exists whether or not anyone holds it. */
@Entity('position')
export class Position extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'org_unit_id' }) orgUnitId: string;
  @Column('text', { name: 'role_code' }) roleCode: string;
  @Column('text', { name: 'title_ar' }) titleAr: string;
  @Column('text', { name: 'title_fr' }) titleFr: string;
  @Column('integer') seats: number;
}
