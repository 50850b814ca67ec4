import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Another name a person or a unit goes by: a short name (البام, PAM), an exonym (Tangier), a former or
 * local spelling. Exactly one owner; searched with the owner's names (folded into its search text and
 * key when recorded).
 */
@Entity('name_alias')
export class NameAlias {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('uuid', { name: 'org_unit_id', nullable: true }) orgUnitId: string | null;
  @Column('text') name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
