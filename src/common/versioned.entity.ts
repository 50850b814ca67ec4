import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * Columns every editable row has: an optimistic-lock version (bumped by each update, checked against
 * a client's `expectedVersion`) and its creation and last-change times. The times are kept for
 * whoever reads the database; the API does not show them (the audit log says who changed what when),
 * so reads leave them out rather than parse two timestamps per row.
 */
export abstract class VersionedEntity {
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', select: false }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', select: false }) updatedAt: Date;
}
