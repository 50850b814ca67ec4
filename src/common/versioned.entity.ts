import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * Columns every editable row has: an optimistic-lock version (bumped by each update, checked against
 * a client's `expectedVersion`) and its creation and last-change times.
 */
export abstract class VersionedEntity {
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
