import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Permission } from '../access/access';
import { scopeSql } from '../access/scope';
import {
  convenedInScope,
  visibleContextEvent,
  visibleMeeting,
  visibleParticipation,
} from '../access/visibility';
import { isUuid, RankedRow, rankedPage } from '../common/batch';
import { RequestContext } from '../common/context';
import { lockerFor } from '../common/locking';
import { ListOrder, Page, pageOf, SortKey } from '../common/pagination';
import { Joined } from '../common/related';
import { applyWordSearch, lookUpSearchWords, searchPage } from '../common/search';
import { unitsInSubtreeOf } from '../common/tree';
import { insertWithRows, propertiesJson, rowsOf, select, selectMany } from '../database/rows';
import { insertAndRead, insertRows, updateAndRead } from '../database/writes';
import { Person } from '../people/person.entity';
import { ContextEvent, MeetingContext } from './context-event.entity';
import {
  AgendaItem,
  Intervention,
  InterventionSpeaker,
  Meeting,
  MeetingSource,
  MeetingKind,
  MeetingStatus,
  MeetingUnit,
  Outcome,
  OutcomeOwner,
  OutcomeStatus,
  PARTICIPANT_ROLES,
  Participation,
} from './meeting.entity';
import type { ParticipationJoins } from './meeting.model';

/** What `listMeetings` filters on, every reference already resolved to an id the caller may see. */
export interface MeetingsQuery {
  unitId?: string;
  includeDescendants?: boolean;
  from?: string;
  to?: string;
  kind?: MeetingKind;
  status?: MeetingStatus;
  personId?: string;
  seriesId?: string;
  search?: string;
}

/** Meetings the caller sees, newest first. `unitId` matches the convener and every unit that took part. */
export async function listMeetings(
  ctx: RequestContext,
  query: MeetingsQuery,
  page: Page,
): Promise<[Meeting[], number | null]> {
  const qb = ctx.manager.createQueryBuilder(Meeting, 'm');
  if (query.from) qb.andWhere('m.held_on >= :from', { from: query.from });
  if (query.to) qb.andWhere('m.held_on <= :to', { to: query.to });
  if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
  if (query.status) qb.andWhere('m.status = :status', { status: query.status });
  if (query.personId) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM participation p WHERE p.meeting_id = m.id AND p.person_id = :personId)',
      { personId: query.personId },
    );
  }
  if (query.seriesId) qb.andWhere('m.series_id = :series', { series: query.seriesId });
  const filtersMeeting = qb.expressionMap.wheres.length > 0;
  // A unit filter implies the visibility test: the unit was resolved inside the caller's scope, so
  // its subtree lies inside it too, and a meeting it convened or took part in is one the caller sees.
  // Left out, the convener index drives the list (and alone answers its count) instead of the
  // visibility index, which would fetch every meeting of the scope to test the unit.
  let count: (() => Promise<number>) | undefined;
  if (query.unitId) {
    const units = query.includeDescendants ? unitsInSubtreeOf('unitId') : `SELECT CAST(:unitId AS uuid)`;
    const tookPart = `SELECT mu.meeting_id FROM meeting_unit mu WHERE mu.org_unit_id IN (${units})`;
    // The count is of the two sets of ids, each read from its own index (the convener's, which holds
    // the meeting's id, and the meeting units'), where testing every meeting against both sets reads
    // the whole convener index. Without a filter on the meetings, the meetings taken part in are
    // counted only when convened outside the units (the meeting unit row carries its convener), so
    // the two counts add up; with one, the two sets of ids, filtered, are united.
    const convened = qb.clone().select('m.id').andWhere(`m.convening_unit_id IN (${units})`);
    const counted = filtersMeeting
      ? `SELECT count(*) AS total FROM (${convened.getQuery()} UNION
           ${qb.clone().select('m.id').andWhere(`m.id IN (${tookPart})`).getQuery()}) ids`
      : `SELECT (SELECT count(*) FROM meeting m WHERE m.convening_unit_id IN (${units}))
              + (SELECT count(DISTINCT mu.meeting_id) FROM meeting_unit mu
                  WHERE mu.org_unit_id IN (${units}) AND mu.convening_unit_id NOT IN (${units})) AS total`;
    const params = { ...qb.getParameters(), unitId: query.unitId };
    count = async () => {
      const [{ total }] = await rowsOf<{ total: string }>(ctx.manager, counted, params);
      return Number(total);
    };
    // The page itself tests each meeting, newest first, against the two sets: the first rows of
    // the date index that pass make the page, where a UNION would first gather every id of the set.
    qb.andWhere(
      `(m.convening_unit_id IN (${units})
        OR EXISTS (SELECT 1 FROM meeting_unit mu WHERE mu.meeting_id = m.id AND mu.org_unit_id IN (${units})))`,
      { unitId: query.unitId },
    );
  } else {
    // A search's candidates are found from its words (or the newest first): visibility filters them.
    qb.andWhere(...visibleMeeting(ctx, 'm', Permission.Read, query.search != null));
  }
  if (query.search != null) {
    const words = await lookUpSearchWords(ctx, 'meeting_search_word', query.search);
    const found = applyWordSearch(qb, 'm', 'm.search_text', 'm.held_on', words);
    return searchPage(ctx, found.query, page, {
      list: 'meetings.search',
      keys: [...found.ranks, HELD_ON, MEETING_ID],
    });
  }
  return pageOf(qb, page, MEETINGS_ORDER, count);
}

const HELD_ON: SortKey = { sql: 'm.held_on', type: 'date', desc: true };
const MEETING_ID: SortKey = { sql: 'm.id', type: 'uuid' };
/** Meetings newest first: by day, then by start (those with none last of their day). */
export const MEETINGS_ORDER: ListOrder = {
  list: 'meetings',
  keys: [HELD_ON, { sql: 'm.starts_at', type: 'timestamptz', desc: true, nullable: true }, MEETING_ID],
};

/** What `listOutcomes` filters on, the unit already resolved to one the caller may see. */
export interface OutcomesQuery {
  underUnitId?: string;
  status?: OutcomeStatus;
  overdue?: boolean;
  owner?: string;
}

/** Outcomes of meetings the caller sees, soonest due first. */
export function listOutcomes(
  ctx: RequestContext,
  query: OutcomesQuery,
  page: Page,
): Promise<[Outcome[], number | null]> {
  const qb = ctx.manager
    .createQueryBuilder(Outcome, 'o')
    .innerJoin(Meeting, 'm', 'm.id = o.meeting_id')
    .where(...visibleMeeting(ctx, 'm'));
  if (query.underUnitId) {
    const subtree = unitsInSubtreeOf('under');
    qb.andWhere(
      `(m.convening_unit_id IN (${subtree})
        OR EXISTS (SELECT 1 FROM outcome_owner w WHERE w.outcome_id = o.id AND w.org_unit_id IN (${subtree})))`,
      {
        under: query.underUnitId,
      },
    );
  }
  if (query.status) qb.andWhere('o.status = :status', { status: query.status });
  if (query.overdue === true) qb.andWhere(`o.status = 'OPEN' AND o.due_on < :today`, { today: ctx.today });
  if (query.overdue === false) {
    qb.andWhere(`NOT (o.status = 'OPEN' AND o.due_on IS NOT NULL AND o.due_on < :today)`, {
      today: ctx.today,
    });
  }
  if (query.owner) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM outcome_owner w WHERE w.outcome_id = o.id AND (w.person_id = :owner OR w.org_unit_id = :owner))',
      {
        owner: isUuid(query.owner) ? query.owner : null,
      },
    );
  }
  return pageOf(qb, page, {
    list: 'outcomes',
    keys: [
      { sql: 'o.due_on', type: 'date', nullable: true },
      { sql: 'm.held_on', type: 'date', desc: true },
      { sql: 'o.id', type: 'uuid' },
    ],
  });
}

/**
 * A meeting with every row written with it, as the audit trail keeps it (see `audited`): the SQL of
 * its JSON for the meeting `$1`, each row under its entity's property names. One expression, so that
 * a write's audit event costs no read per kind of child row, and the statement that files the event
 * can build it.
 */
export function meetingSnapshotSql(manager: EntityManager): string {
  const json = (entity: EntityTarget<ObjectLiteral>) => propertiesJson(manager, entity, 'x');
  const children = (entity: EntityTarget<ObjectLiteral>, table: string, order: string) =>
    `(SELECT coalesce(json_agg(${json(entity)} ORDER BY x.${order}), '[]') FROM ${table} x WHERE x.meeting_id = m.id)`;
  return `(SELECT ${propertiesJson(manager, Meeting, 'm', {
    units: children(MeetingUnit, 'meeting_unit', 'org_unit_id'),
    participants: children(Participation, 'participation', 'id'),
    agenda: children(AgendaItem, 'agenda_item', 'position'),
    outcomes: children(Outcome, 'outcome', 'id'),
    sources: children(MeetingSource, 'meeting_source', 'id'),
    interventions: children(Intervention, 'intervention', 'position'),
    speakers: `(SELECT coalesce(json_agg(${json(InterventionSpeaker)} ORDER BY x.intervention_id, x.participation_id), '[]')
                  FROM intervention_speaker x JOIN intervention xi ON xi.id = x.intervention_id
                 WHERE xi.meeting_id = m.id)`,
    context: children(MeetingContext, 'meeting_context', 'event_id'),
    outcomeOwners: `(SELECT coalesce(json_agg(${json(OutcomeOwner)} ORDER BY x.outcome_id, x.position), '[]')
                       FROM outcome_owner x JOIN outcome xo ON xo.id = x.outcome_id WHERE xo.meeting_id = m.id)`,
  })} FROM meeting m WHERE m.id = $1)`;
}

/** A meeting locked until commit (see `lockForUpdate`). */
export const lockMeeting = lockerFor(Meeting, 'Meeting');

/** An outcome locked until commit (see `lockForUpdate`). */
export const lockOutcome = lockerFor(Outcome, 'Outcome');

export const findMeeting = (ctx: RequestContext, id: string): Promise<Meeting> =>
  ctx.manager.findOneByOrFail(Meeting, { id });

/** A participation by id; none for an id that is not a UUID. */
export async function findParticipation(ctx: RequestContext, id: string): Promise<Participation | null> {
  return isUuid(id) ? ctx.manager.findOneBy(Participation, { id }) : null;
}

export const participationsOf = (ctx: RequestContext, meetingId: string): Promise<Participation[]> =>
  ctx.manager.findBy(Participation, { meetingId });

export const agendaOf = (ctx: RequestContext, meetingId: string): Promise<AgendaItem[]> =>
  ctx.manager.findBy(AgendaItem, { meetingId });

export const countOutcomes = (ctx: RequestContext, meetingId: string): Promise<number> =>
  ctx.manager.countBy(Outcome, { meetingId });

/** The rows recorded with a new meeting that refer to it and to nothing else written with it. */
export interface MeetingRows {
  units: Partial<MeetingUnit>[];
  participants: Partial<Participation>[];
  agenda: Partial<AgendaItem>[];
  sources: Partial<MeetingSource>[];
}

/** Inserts a meeting (its id chosen by the caller) with its units, participants, agenda and sources, in one statement. */
export const insertMeeting = (
  ctx: RequestContext,
  fields: Partial<Meeting> & { id: string },
  rows: MeetingRows,
) =>
  insertWithRows(ctx.manager, Meeting, fields, [
    [MeetingUnit, rows.units],
    [Participation, rows.participants],
    [AgendaItem, rows.agenda],
    [MeetingSource, rows.sources],
  ]);
export const updateMeeting = (ctx: RequestContext, id: string, fields: Partial<Meeting>) =>
  updateAndRead(ctx, Meeting, id, fields);
export const insertParticipations = (ctx: RequestContext, rows: Partial<Participation>[]) =>
  insertRows(ctx, Participation, rows);
export const insertOutcome = (ctx: RequestContext, fields: Partial<Outcome>) =>
  insertAndRead(ctx, Outcome, fields);
export const insertOutcomeOwners = (ctx: RequestContext, rows: Partial<OutcomeOwner>[]) =>
  insertRows(ctx, OutcomeOwner, rows);
export const insertMeetingContext = (ctx: RequestContext, rows: Partial<MeetingContext>[]) =>
  insertRows(ctx, MeetingContext, rows);
export const insertContextEvent = (ctx: RequestContext, fields: Partial<ContextEvent>) =>
  insertAndRead(ctx, ContextEvent, fields);
export const insertIntervention = (ctx: RequestContext, fields: Partial<Intervention>) =>
  insertAndRead(ctx, Intervention, fields);
export const insertInterventionSpeakers = (ctx: RequestContext, rows: Partial<InterventionSpeaker>[]) =>
  insertRows(ctx, InterventionSpeaker, rows);

/** The next free place among a meeting's interventions (the meeting is locked by the caller). */
export async function nextInterventionPosition(ctx: RequestContext, meetingId: string): Promise<number> {
  const [{ next }] = (await ctx.manager.query(
    `SELECT coalesce(max(position), 0) + 1 AS next FROM intervention WHERE meeting_id = $1`,
    [meetingId],
  )) as { next: number }[];
  return Number(next);
}

export const countInterventions = (ctx: RequestContext, meetingId: string): Promise<number> =>
  ctx.manager.countBy(Intervention, { meetingId });

export const countContext = (ctx: RequestContext, meetingId: string): Promise<number> =>
  ctx.manager.countBy(MeetingContext, { meetingId });

/** Whether the meeting already cites the event. */
export async function citesEvent(ctx: RequestContext, meetingId: string, eventId: string): Promise<boolean> {
  return (await ctx.manager.countBy(MeetingContext, { meetingId, eventId })) > 0;
}

/** A context event the caller may see, by id; none for an id that is not a UUID. */
export async function findVisibleContextEvent(ctx: RequestContext, id: string): Promise<ContextEvent | null> {
  if (!isUuid(id)) return null;
  return ctx.manager
    .createQueryBuilder(ContextEvent, 'e')
    .where('e.id = :id', { id })
    .andWhere(...visibleContextEvent(ctx, 'e'))
    .getOne();
}

export const updateOutcome = (ctx: RequestContext, id: string, fields: Partial<Outcome>) =>
  updateAndRead(ctx, Outcome, id, fields);

/** Sets a person's attendance at a meeting; false when they are not among its participants. */
export async function setPersonAttendance(
  ctx: RequestContext,
  meetingId: string,
  personId: string,
  attendance: Participation['attendance'],
): Promise<boolean> {
  if (!isUuid(personId)) return false;
  const result = await ctx.manager.update(Participation, { meetingId, personId }, { attendance });
  return !!result.affected;
}

export async function deleteParticipation(ctx: RequestContext, id: string): Promise<void> {
  await ctx.manager.delete(Participation, { id });
}

/** Whether attendance was recorded for anyone at the meeting. */
export async function hasAttendance(ctx: RequestContext, meetingId: string): Promise<boolean> {
  const marked = await ctx.manager
    .createQueryBuilder(Participation, 'p')
    .where('p.meeting_id = :meetingId AND p.attendance IS NOT NULL', { meetingId })
    .getCount();
  return marked > 0;
}

/** How many represented mandates would not run on `day`, plus outcomes that would be due before it. */
export async function countStaleOn(ctx: RequestContext, meetingId: string, day: string): Promise<number> {
  const [{ stale }] = (await ctx.manager.query(
    `SELECT (SELECT count(*) FROM participation p JOIN mandate md ON md.id = p.mandate_id
              WHERE p.meeting_id = $1 AND NOT md.term @> CAST($2 AS date))
          + (SELECT count(*) FROM outcome o WHERE o.meeting_id = $1 AND o.due_on < $2) AS stale`,
    [meetingId, day],
  )) as { stale: string }[];
  return Number(stale);
}

/** A change to a meeting's rows counts as a change of the meeting (its version, for clients that compare). */
export async function bumpMeetingVersion(ctx: RequestContext, meetingId: string): Promise<void> {
  await ctx.manager.query(`UPDATE meeting SET version = version + 1, updated_at = now() WHERE id = $1`, [
    meetingId,
  ]);
}

// Loader batches: read with the row reader (src/database/rows.ts), the loaders keep keys and grouping.

/**
 * The participants of these meetings with their people: `columns`, the participation's properties
 * read besides its id and meeting's (undefined: all), and `personColumns`, the person's.
 *
 * Each person is looked up by key (the LATERAL subquery with OFFSET 0 is not merged into the join).
 * As a plain join, the planner's choice between that and hashing the whole person table turned on
 * how wide the selected columns were and how many participants it expected, and hashing is many
 * times slower than the lookups (bench/README.md).
 */
export function participantsOfMeetings(
  ctx: RequestContext,
  meetingIds: readonly string[],
  columns: readonly string[] | undefined,
  personColumns: readonly string[] | undefined,
): Promise<(Participation & Joined<ParticipationJoins>)[]> {
  // A scoped caller's test reads each meeting's convener once, not once per participant (see
  // visibleParticipation): the batch's meetings convened in scope are worked out first, as one array
  // the participants' rows are tested against. Prepared: the plan is the same for any batch, and
  // planning it for each page of fifty meetings cost a fifth of running it.
  const [convened, convenedParams] = convenedInScope(ctx, 'cm.convening_unit_id');
  const [visible, params] = visibleParticipation(ctx, 'e', {
    inScope: `e.meeting_id = ANY(ARRAY(SELECT cm.id FROM meeting cm WHERE cm.id = ANY(:meetingIds) AND ${convened}))`,
  });
  return selectMany<Participation & Joined<ParticipationJoins>>(
    ctx.manager,
    [Participation, 'e'],
    // Listed as added; those added together (one recordMeeting) convener first, then by role.
    `LEFT JOIN LATERAL (SELECT * FROM person p WHERE p.id = e.person_id OFFSET 0) pe ON TRUE
      WHERE e.meeting_id = ANY(:meetingIds) AND ${visible}
      ORDER BY e.created_at, array_position(CAST(:roles AS text[]), e.role), e.id`,
    { ...params, ...convenedParams, meetingIds: meetingIds.filter(isUuid), roles: PARTICIPANT_ROLES },
    {
      joined: { person: [Person, 'pe', personColumns] },
      only: columns && ['meetingId', ...columns],
      prepared: true,
    },
  );
}

/** A person's participations, newest meeting first. */
export const PARTICIPATIONS_ORDER: ListOrder = {
  list: 'participations',
  keys: [
    { sql: 'm.held_on', type: 'date', desc: true },
    { sql: 'p.id', type: 'uuid' },
  ],
};

/** One page of each person's participations in meetings the caller can see, newest meeting first. */
export function participationPagesOfPeople(ctx: RequestContext, personIds: readonly string[], page: Page) {
  const [visibleM, meetingParams] = visibleMeeting(ctx, 'm');
  const [visibleP, participationParams] = visibleParticipation(ctx, 'p');
  const visible = `${visibleM} AND ${visibleP}`;
  const params = { ...meetingParams, ...participationParams };
  const ranked = rankedPage(page, PARTICIPATIONS_ORDER, 'p.person_id');
  return select<Participation, RankedRow>(
    ctx.manager,
    [Participation, 'e'],
    `JOIN (
       SELECT p.id, p.person_id, count(*) OVER (PARTITION BY p.person_id)::int AS total, ${ranked.columns}
         FROM participation p JOIN meeting m ON m.id = p.meeting_id
        WHERE p.person_id = ANY(:personIds) AND ${visible}
     ) r ON r.id = e.id
     WHERE ${ranked.onPage} ORDER BY r.person_id, r.rn`,
    { ...params, ...ranked.params, personIds: personIds.filter(isUuid) },
    { extra: { key: 'r.person_id', total: 'r.total', ...ranked.extra } },
  );
}

export interface AttendanceCounts {
  participants: number;
  attended: number;
  excused: number;
  absent: number;
  unknown: number;
}

/**
 * A statement of one row of `AttendanceCounts` columns: the participants of the meeting whose id is
 * `meetingId` that the caller may see (see visibleParticipation), counted by attendance. The test
 * reads `convenerColumn`, the meeting's convening unit, only when the caller's scope is `scoped`.
 */
function attendanceCountsSql(ctx: RequestContext, meetingId: string, convenerColumn: string) {
  const [visible, params] = visibleParticipation(ctx, 'ap', { column: convenerColumn });
  const sql = `SELECT count(*)::int AS participants,
                      count(*) FILTER (WHERE ap.attendance = 'ATTENDED')::int AS attended,
                      count(*) FILTER (WHERE ap.attendance = 'EXCUSED')::int AS excused,
                      count(*) FILTER (WHERE ap.attendance = 'ABSENT')::int AS absent,
                      count(*) FILTER (WHERE ap.attendance IS NULL)::int AS unknown
                 FROM participation ap WHERE ap.meeting_id = ${meetingId} AND ${visible}`;
  return { sql, params, scoped: visible !== 'TRUE' && visible !== 'FALSE' };
}

/**
 * Participants of each of these meetings counted by attendance: the meetings are taken one by one
 * (each read once for its convener when the caller's scope needs it), and each one's participants
 * counted through the meeting's index. A GROUP BY over `meeting_id = ANY(…)` let Postgres test the
 * convener of each participant's meeting by hashing the whole meeting table, which cost a dashboard
 * of a region's meetings many times the rest of its work.
 */
export function attendanceOfMeetings(
  ctx: RequestContext,
  meetingIds: readonly string[],
): Promise<(AttendanceCounts & { meeting_id: string })[]> {
  const counts = attendanceCountsSql(ctx, 't.id', 'vm.convening_unit_id');
  const [sql, values] = ctx.manager.connection.driver.escapeQueryWithParameters(
    `SELECT t.id AS meeting_id, c.* FROM unnest(CAST(:meetingIds AS uuid[])) AS t(id)
       ${counts.scoped ? 'JOIN meeting vm ON vm.id = t.id' : ''}
       CROSS JOIN LATERAL (${counts.sql}) c`,
    { ...counts.params, meetingIds: meetingIds.filter(isUuid) },
  );
  return ctx.manager.query(sql, values);
}

/** The interventions of these meetings in order, each with the participations that spoke it. */
export function interventionsOfMeetings(ctx: RequestContext, meetingIds: readonly string[]) {
  return select<Intervention, { speaker_ids: string[] }>(
    ctx.manager,
    [Intervention, 'e'],
    `WHERE e.meeting_id = ANY(:meetingIds) ORDER BY e.meeting_id, e.position`,
    { meetingIds: meetingIds.filter(isUuid) },
    {
      extra: {
        speaker_ids: `ARRAY(SELECT s.participation_id FROM intervention_speaker s
                             JOIN participation sp ON sp.id = s.participation_id
                            WHERE s.intervention_id = e.id ORDER BY sp.created_at, sp.id)`,
      },
    },
  );
}

/** The events these meetings cite (those the caller may see), with each relation. */
export function contextOfMeetings(ctx: RequestContext, meetingIds: readonly string[]) {
  const [visible, params] = visibleContextEvent(ctx, 'ev');
  return selectMany<MeetingContext & Joined<{ event: ContextEvent }>>(
    ctx.manager,
    [MeetingContext, 'e'],
    `JOIN context_event ev ON ev.id = e.event_id
      WHERE e.meeting_id = ANY(:meetingIds) AND ${visible} ORDER BY e.meeting_id, ev.starts_on, ev.id`,
    { ...params, meetingIds: meetingIds.filter(isUuid) },
    { joined: { event: [ContextEvent, 'ev'] } },
  );
}

/** What a unit's `meetings` field filters on; the same for every unit of one batch. */
export interface UnitMeetingsQuery {
  includeDescendants?: boolean;
  from?: string;
  to?: string;
  kind?: string;
  status?: string;
  page: Page;
  /** The only Meeting properties to read (see `SelectOptions.only`); all when undefined. */
  columns?: readonly string[];
  /** Count each meeting's participants by attendance in the same statement (`ATTENDANCE_EXTRA`). */
  attendance?: boolean;
}

/** The raw columns of a page's attendance counts, when its query asks for them. */
const ATTENDANCE_EXTRA = {
  participants: 'att.participants',
  attended: 'att.attended',
  excused: 'att.excused',
  absent: 'att.absent',
  unknown: 'att.unknown',
} as const;

/** `MEETINGS_ORDER` on the matches of `meetingPagesOfUnits` (their day and start under names of their own). */
export const UNIT_MEETINGS_ORDER: ListOrder = {
  list: 'meetings',
  keys: [
    { sql: 'sort_day', type: 'date', desc: true },
    { sql: 'sort_start', type: 'timestamptz', desc: true, nullable: true },
    { sql: 'id', type: 'uuid' },
  ],
};

/**
 * One page of meetings per unit (convened, or taken part in), newest first, with each unit's total.
 * A row per unit with rn = 1 carries the total even when the page is past it (`pagesByKey` drops it).
 */
export function meetingPagesOfUnits(
  ctx: RequestContext,
  unitIds: readonly string[],
  query: UnitMeetingsQuery,
) {
  // The convener and meeting unit indexes find each unit's meetings, with the day and start that rank
  // them: a page is ranked from the indexes alone, and only its meetings are read. A meeting's row is
  // looked up before that only for what the indexes do not hold: the visibility test, needed only for
  // a unit outside the caller's scope (one above it: a unit inside it shows every meeting it convened
  // or took part in, as each such meeting is seen from its units, visibleMeeting), and kind or status.
  const [visible, visibleParams] = visibleMeeting(ctx, 'm', Permission.Read, true);
  const [inScope, scopeParams] = scopeSql(ctx, 'tu.path');
  // The window, on a meeting's day or a meeting unit's (the same day, indexed after the unit).
  const inWindow = (day: string) =>
    [query.from && `${day} >= :from`, query.to && `${day} <= :to`].filter((condition) => !!condition);
  const ofMeeting = (id: string, condition: string) =>
    `EXISTS (SELECT 1 FROM meeting m WHERE m.id = ${id} AND ${condition})`;
  const filters = [query.kind && 'm.kind = :kind', query.status && 'm.status = :status'].filter(
    (condition) => !!condition,
  );
  // With a filter, the meeting is looked up for every match, and tested for visibility in the same
  // lookup; without one, only for a unit outside the scope.
  const where = (id: string, day: string) =>
    [
      filters.length
        ? ofMeeting(id, [`(t.in_scope OR ${visible})`, ...filters].join(' AND '))
        : `(t.in_scope OR ${ofMeeting(id, visible)})`,
      ...inWindow(day),
    ].join(' AND ');
  // The units each asked-for unit answers for: itself (no join: half the planning time of a page
  // of one unit's meetings), or its whole subtree.
  const [covered, unit] = query.includeDescendants
    ? ['JOIN org_unit cu ON cu.path <@ t.path', 'cu.id']
    : ['', 't.unit_id'];
  const ranked = rankedPage(query.page, UNIT_MEETINGS_ORDER, 'unit_id');
  // A dashboard's meetings with their attendance: counted here, a statement fewer per request.
  const counts = query.attendance ? attendanceCountsSql(ctx, 'm.id', 'm.convening_unit_id') : undefined;
  // Two arms instead of one OR, so each arm uses its index (convener and date; taking part).
  const matches = `
    WITH t AS (SELECT tu.id AS unit_id, tu.path, ${inScope} AS in_scope
                 FROM org_unit tu WHERE tu.id = ANY(CAST(:unitIds AS uuid[]))),
      matches AS (
        SELECT t.unit_id, k.id, k.held_on AS sort_day, k.starts_at AS sort_start
          FROM t ${covered} JOIN meeting k ON k.convening_unit_id = ${unit} WHERE ${where('k.id', 'k.held_on')}
        UNION
        SELECT t.unit_id, mu.meeting_id, mu.held_on, mu.starts_at
          FROM t ${covered} JOIN meeting_unit mu ON mu.org_unit_id = ${unit}
         WHERE ${where('mu.meeting_id', 'mu.held_on')}),
      ranked AS (
        SELECT matches.*, count(*) OVER (PARTITION BY unit_id)::int AS total, ${ranked.columns} FROM matches)
    SELECT * FROM ranked r WHERE ${ranked.onPage}`;
  return select<Meeting, RankedRow & Partial<AttendanceCounts>>(
    ctx.manager,
    [Meeting, 'm'],
    `${counts ? `LEFT JOIN LATERAL (${counts.sql}) att ON TRUE` : ''} ORDER BY r.unit_id, r.rn`,
    {
      ...visibleParams,
      ...scopeParams,
      ...counts?.params,
      ...query,
      ...ranked.params,
      unitIds: [...unitIds],
    },
    {
      from: `(${matches}) r JOIN meeting m ON m.id = r.id`,
      extra: { key: 'r.unit_id', total: 'r.total', ...ranked.extra, ...(counts && ATTENDANCE_EXTRA) },
      only: query.columns,
      // Its plan (each unit's index ranges, then the page's meetings by id) suits one unit as well as
      // a thousand: kept per connection, it spares planning a statement this size on every request
      // (bench/README.md).
      prepared: true,
    },
  );
}

/**
 * Keeps the confirmations a meeting gives: a participant who attended a held meeting in a post (the
 * participation names the mandate) confirms that mandate on the meeting's day. Confirmations the
 * meeting no longer gives (attendance changed, the meeting cancelled or moved to another day) go;
 * those it gives and lacks are added, recorded by the caller, except the caller's own (nobody
 * confirms their own mandate, as with confirmMandate). The database moves each mandate's
 * `lastConfirmedOn` to the latest of its confirmations.
 */
export async function syncMeetingConfirmations(ctx: RequestContext, meetingId: string): Promise<void> {
  await ctx.manager.query(
    `DELETE FROM mandate_confirmation c USING participation p, meeting m
      WHERE c.participation_id = p.id AND p.meeting_id = $1 AND m.id = p.meeting_id
        AND NOT (m.status = 'HELD' AND p.attendance = 'ATTENDED' AND c.mandate_id = p.mandate_id
                 AND c.confirmed_on = m.held_on)`,
    [meetingId],
  );
  await addMeetingConfirmations(ctx, meetingId);
}

/**
 * Adds the confirmations a meeting gives and lacks (see `syncMeetingConfirmations`); enough alone for
 * a meeting just recorded, which has none to take back.
 */
export async function addMeetingConfirmations(ctx: RequestContext, meetingId: string): Promise<void> {
  await ctx.manager.query(
    `INSERT INTO mandate_confirmation (mandate_id, confirmed_on, source, account_id, participation_id)
     SELECT p.mandate_id, m.held_on, concat('Meeting of ', to_char(m.held_on, 'YYYY-MM-DD'), ': ',
            COALESCE(m.title_fr, m.title_ar)), $2, p.id
       FROM participation p JOIN meeting m ON m.id = p.meeting_id
      WHERE p.meeting_id = $1 AND m.status = 'HELD' AND p.attendance = 'ATTENDED' AND p.mandate_id IS NOT NULL
        AND p.person_id IS DISTINCT FROM $3
        AND NOT EXISTS (SELECT 1 FROM mandate_confirmation c WHERE c.participation_id = p.id)`,
    [meetingId, ctx.actor?.accountId ?? null, ctx.actor?.personId ?? null],
  );
}
