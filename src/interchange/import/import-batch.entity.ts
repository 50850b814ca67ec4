import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One committed import of a file: its kind, the file's hash, who imported it, under which unit it is
 * filed (the deepest unit holding every row it touched) and its counts. The rows it created or
 * changed are listed in `import_row`; its one audit event points here.
 */
@Entity('import_batch')
export class ImportBatch {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: string;
  @Column('text', { name: 'file_name', nullable: true }) fileName: string | null;
  @Column('text', { name: 'file_sha256' }) fileSha256: string;
  @Column('uuid', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('uuid', { name: 'actor_account_id', nullable: true }) actorAccountId: string | null;
  @Column('jsonb') counts: Record<string, { created: number; updated: number; unchanged: number }>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
