import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';
import { AccessLevel } from '../common/actor';

/** A login, usually linked to a person (whose current posts then grant access). */
@Entity('account')
export class Account extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  /** Units (by id) that grants from the person's posts stay inside; null = not limited. */
  @Column('uuid', { name: 'mandate_grants_within', array: true, nullable: true })
  mandateGrantsWithin: string[] | null;
  /** Units (by id) where those grants include contact data; null = not limited. */
  @Column('uuid', { name: 'mandate_contacts_within', array: true, nullable: true })
  mandateContactsWithin: string[] | null;
  /** Deleted: disabled, its email and password replaced, its person unlinked; kept for the audit trail. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}

/** A signed-in session: the refresh token (stored hashed) that renews short-lived access tokens. */
@Entity('session')
export class Session {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  /** The first session of the sign-in this one was renewed from (itself, for a sign-in). */
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'refresh_hash' }) refreshHash: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** An explicit grant of a level on a unit's subtree (null unit = the whole registry), for a period. */
@Entity('access_binding')
export class AccessBinding {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  @Column('uuid', { name: 'org_unit_id', nullable: true }) orgUnitId: string | null;
  @Column('text') level: AccessLevel;
  @Column('boolean', { name: 'sees_contacts' }) seesContacts: boolean;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_until', nullable: true }) validUntil: string | null;
  @Column('uuid', { name: 'granted_by', nullable: true }) grantedBy: string | null;
  /** The granting administrator's mandate: the binding lapses with it, unless confirmed higher up. */
  @Column('uuid', { name: 'ends_with_mandate_id', nullable: true }) endsWithMandateId: string | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A dashboard's credential: shown once, stored hashed, scoped to a unit subtree, expiring. */
@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'org_unit_id' }) orgUnitId: string;
  @Column('boolean', { name: 'read_only' }) readOnly: boolean;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
