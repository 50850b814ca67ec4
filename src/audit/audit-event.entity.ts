import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One successful mutation: who, what, on which row, before and after. The table is append-only. */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz', insert: false }) at: Date;
  @Column('text', { name: 'request_id' }) requestId: string;
  @Column('uuid', { name: 'actor_account_id', nullable: true }) actorAccountId: string | null;
  @Column('uuid', { name: 'actor_token_id', nullable: true }) actorTokenId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('jsonb', { nullable: true }) before: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after: Record<string, unknown> | null;
}
