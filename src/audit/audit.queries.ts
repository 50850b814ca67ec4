import { Permission } from '../access/access';
import { requireUnitAccess, scopeSql } from '../access/scope';
import { visibleContacts } from '../access/visibility';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { Page, pageOf } from '../common/pagination';
import { inSubtreeOf } from '../common/tree';
import { AuditEvent } from './audit-event.entity';

export interface AuditFilter {
  entity?: string;
  actor?: string;
  under?: string;
  from?: string;
  to?: string;
}

/**
 * The events of the caller's scope (the unit each was filed under), newest first, with the contact
 * data in their snapshots left out where the caller may not read it.
 */
export async function listAuditEvents(
  ctx: RequestContext,
  filter: AuditFilter,
  page: Page,
): Promise<[AuditEvent[], number | null]> {
  const [scope, scopeParams] = scopeSql(ctx, 'e.unit_path', Permission.Administer);
  const qb = ctx.manager
    .createQueryBuilder(AuditEvent, 'e')
    .where(scope === 'TRUE' ? 'TRUE' : `e.unit_path IS NOT NULL AND ${scope}`, scopeParams);
  if (filter.entity) {
    if (isUuid(filter.entity)) qb.andWhere('e.entity_id = :entityId', { entityId: filter.entity });
    else qb.andWhere('e.entity_type = :entityType', { entityType: filter.entity });
  }
  if (filter.actor) {
    qb.andWhere('(e.actor_account_id = :actor OR e.actor_token_id = :actor)', {
      actor: isUuid(filter.actor) ? filter.actor : null,
    });
  }
  if (filter.under) {
    await requireUnitAccess(ctx, filter.under, Permission.Administer);
    qb.andWhere(inSubtreeOf('e.unit_path', 'under'), { under: filter.under });
  }
  if (filter.from) qb.andWhere(`e.at >= CAST(:from AS date) - interval '1 hour'`, { from: filter.from });
  if (filter.to) qb.andWhere(`e.at < CAST(:to AS date) + interval '1 day'`, { to: filter.to });
  const [rows, total] = await pageOf(qb, page, {
    list: 'auditEvents',
    keys: [{ sql: 'e.id', type: 'bigint', desc: true }],
  });
  const contactsShown = await contactsReadable(ctx, rows);
  return [rows.map((row) => withoutHiddenContacts(row, contactsShown)), total];
}

/** The snapshot keys that are a person's contact data, by entity type (an account's email is its person's). */
const CONTACT_KEYS: Record<string, readonly string[]> = {
  Person: ['phone', 'email', 'address'],
  Account: ['email'],
};

type Snapshot = Record<string, unknown> | null;

/** The person whose contact data an event's snapshots carry, if any. */
function contactPerson(event: AuditEvent): string | null {
  if (!CONTACT_KEYS[event.entityType]) return null;
  if (event.entityType === 'Person') return event.entityId;
  // An account's person may be unlinked by the event itself (deleteAccount): either side names them.
  const personId = event.after?.personId ?? event.before?.personId;
  return typeof personId === 'string' ? personId : null;
}

/**
 * The people among these events whose contact data the reader may see, by the same rule as
 * `Person.contact`: an audit payload shows no more than the live record would.
 */
async function contactsReadable(ctx: RequestContext, events: AuditEvent[]): Promise<Set<string>> {
  const ids = [...new Set(events.map(contactPerson).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Set();
  const rows = await ctx.manager
    .createQueryBuilder()
    .select('p.id', 'id')
    .from('person', 'p')
    .where('p.id = ANY(:ids)', { ids })
    .andWhere(...visibleContacts(ctx, 'p'))
    .getRawMany<{ id: string }>();
  return new Set(rows.map((row) => row.id));
}

function withoutHiddenContacts(event: AuditEvent, shown: Set<string>): AuditEvent {
  const person = contactPerson(event);
  const keys = CONTACT_KEYS[event.entityType];
  if (!keys || (person !== null && shown.has(person))) return event;
  const strip = (snapshot: Snapshot): Snapshot =>
    snapshot && Object.fromEntries(Object.entries(snapshot).filter(([key]) => !keys.includes(key)));
  return { ...event, before: strip(event.before), after: strip(event.after) };
}
