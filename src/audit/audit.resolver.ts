import { Args, ArgsType, Context, Field, ID, InputType, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Permission } from '../auth/access';
import { Allow } from '../auth/allow.decorator';
import { requireUnitAccess, scopeSql } from '../auth/scope';
import { visibleContacts } from '../auth/visibility';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { CalendarDate, DateTimeScalar, JSONScalar } from '../common/scalars';
import { AuditEvent } from './audit-event.entity';

@ObjectType('AuditEvent', { description: 'One successful mutation.' })
export class AuditEventModel {
  @Field(() => ID, { description: 'Stable id of the event.' }) id: string;
  @Field(() => DateTimeScalar, { description: 'When the mutation committed.' }) at: Date;
  @Field({ description: 'The request it came from (several events can share one).' }) requestId: string;
  @Field({ description: 'The mutation, e.g. appoint or updateMeeting.' }) action: string;
  @Field({ description: 'The type of the entity changed, e.g. Mandate.' }) entityType: string;
  @Field(() => ID, { nullable: true, description: 'The id of the entity changed; null when there is none.' })
  entityId: string | null;
  @Field(() => ID, { nullable: true, description: 'The account that acted.' }) actorAccountId: string | null;
  @Field(() => ID, { nullable: true, description: 'The API token that acted.' }) actorTokenId: string | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The entity before the change; null when the mutation created it.',
  })
  before: unknown;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The entity as the mutation left it.',
  })
  after: unknown;
}

@InputType({ description: 'Narrows the audit trail; all conditions must hold.' })
export class AuditFilterInput {
  @Field({ nullable: true, description: 'An entity type (OrgUnit, Mandate, Meeting, …) or an entity id.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entity?: string;
  @Field(() => ID, { nullable: true, description: 'An account or API token id.' })
  @IsOptional()
  @IsString()
  actor?: string;
  @Field(() => ID, { nullable: true, description: 'Events about this unit’s subtree.' })
  @IsOptional()
  @IsString()
  under?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'From this day, inclusive.' }) from?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'To this day, inclusive.' }) to?: string;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditFilterInput, {
    nullable: true,
    description: 'Which events; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilterInput)
  filter?: AuditFilterInput;
}

const AuditEventConnection = ConnectionType(AuditEventModel, 'AuditEvent');

@Resolver()
export class AuditResolver {
  @Allow(Permission.Administer)
  @Query(() => AuditEventConnection, { description: 'The audit trail of your scope, newest first.' })
  async auditEvents(@Context() ctx: RequestContext, @Args() args: AuditEventsArgs) {
    const page = toPage(args);
    const filter = args.filter ?? {};
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
      qb.andWhere('e.unit_path <@ (SELECT path FROM org_unit WHERE id = :under)', { under: filter.under });
    }
    if (filter.from) qb.andWhere(`e.at >= CAST(:from AS date) - interval '1 hour'`, { from: filter.from });
    if (filter.to) qb.andWhere(`e.at < CAST(:to AS date) + interval '1 day'`, { to: filter.to });
    const [rows, total] = await qb
      .orderBy('e.id', 'DESC')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    const contactsShown = await contactsReadable(ctx, rows);
    return toConnection(
      rows.map((row) => Object.assign(new AuditEventModel(), withoutHiddenContacts(row, contactsShown))),
      total,
      page,
    );
  }
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
