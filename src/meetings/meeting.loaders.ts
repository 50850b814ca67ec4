import { visibleMeeting, visibleSeries, visibleThroughUnit } from '../access/visibility';
import { byKey, groupByKey, isUuid, KeyedPage, pageOfRanked, pagesByKey } from '../common/batch';
import { byIdLoader, rowsByForeignKey } from '../database/loaders';
import { defineLoader, loader } from '../common/context';
import { Page } from '../common/pagination';
import { select, selectMany } from '../database/rows';
import { Person } from '../people/person.entity';
import { personColumns, PersonRead } from '../people/person.loaders';
import {
  AgendaItem,
  Meeting,
  MeetingSource,
  MeetingUnit,
  Outcome,
  Participation,
  PARTICIPANT_ROLES,
} from './meeting.entity';
import { MeetingSeries } from './meeting-series.entity';
import type { ParticipationJoins } from './meeting.model';
import { Joined } from '../common/related';

export const meetingById = byIdLoader('meetingById', Meeting, visibleMeeting);
export const seriesById = byIdLoader('seriesById', MeetingSeries, visibleSeries);
export const unitsByMeeting = rowsByForeignKey(
  'unitsByMeeting',
  MeetingUnit,
  'meeting_id',
  (r) => r.meetingId,
  'e.org_unit_id',
  (ctx, alias) => visibleThroughUnit(ctx, `${alias}.org_unit_id`),
);
/**
 * The participants of each meeting, each with its person in the same statement (none for a guest).
 * The person needs no visibility check of its own: whoever took part in a meeting the caller can
 * see is someone the caller can see (see `visiblePerson`). A page of fifty meetings with their
 * participants was a statement more, whose visibility test cost Postgres as much as the rest.
 *
 * Each person is looked up by key (the LATERAL subquery with OFFSET 0 is not merged into the join).
 * As a plain join, the planner's choice between that and hashing the whole person table turned on
 * how wide the selected columns were and how many participants it expected, and hashing is many
 * times slower than the lookups (bench/README.md).
 */
export const participantsByMeeting = defineLoader<
  string,
  (Participation & Joined<ParticipationJoins>)[],
  PersonRead
>('participantsByMeeting', (ctx, person) => async (meetingIds) => {
  const rows = await selectMany<Participation & Joined<ParticipationJoins>>(
    ctx.manager,
    [Participation, 'e'],
    // Listed as added; those added together (one recordMeeting) convener first, then by role.
    `LEFT JOIN LATERAL (SELECT * FROM person p WHERE p.id = e.person_id OFFSET 0) pe ON TRUE
      WHERE e.meeting_id = ANY(:meetingIds)
      ORDER BY e.created_at, array_position(CAST(:roles AS text[]), e.role), e.id`,
    { meetingIds: meetingIds.filter(isUuid), roles: PARTICIPANT_ROLES },
    { joined: { person: [Person, 'pe', personColumns(person)] } },
  );
  return groupByKey(meetingIds, rows, (row) => row.meetingId);
});
/**
 * One page of each person's participations in meetings the caller can see, newest meeting first,
 * with each person's total: a list of people with their participations asks the database once.
 */
export const participationPagesByPerson = defineLoader<string, KeyedPage<Participation>, Page>(
  'participationPagesByPerson',
  (ctx, page) => async (personIds) => {
    const [visible, params] = visibleMeeting(ctx, 'm');
    const [onPage, pageParams] = pageOfRanked(page);
    const { entities, raw } = await select<Participation, { key: string; rn: number; total: number }>(
      ctx.manager,
      [Participation, 'e'],
      `JOIN (
         SELECT p.id, p.person_id, count(*) OVER (PARTITION BY p.person_id)::int AS total,
                row_number() OVER (PARTITION BY p.person_id ORDER BY m.held_on DESC, p.id)::int AS rn
           FROM participation p JOIN meeting m ON m.id = p.meeting_id
          WHERE p.person_id = ANY(:personIds) AND ${visible}
       ) r ON r.id = e.id
       WHERE ${onPage} ORDER BY r.person_id, r.rn`,
      { ...params, ...pageParams, personIds: personIds.filter(isUuid) },
      { extra: { key: 'r.person_id', rn: 'r.rn', total: 'r.total' } },
    );
    return pagesByKey(personIds, entities, raw, page);
  },
);
export const agendaByMeeting = rowsByForeignKey(
  'agendaByMeeting',
  AgendaItem,
  'meeting_id',
  (r) => r.meetingId,
  'e.position',
);
export const outcomesByMeeting = rowsByForeignKey(
  'outcomesByMeeting',
  Outcome,
  'meeting_id',
  (r) => r.meetingId,
  'e.created_at',
);
export const sourcesByMeeting = rowsByForeignKey(
  'sourcesByMeeting',
  MeetingSource,
  'meeting_id',
  (r) => r.meetingId,
  'e.id',
);

/** Participants of each meeting counted by attendance, in one GROUP BY per batch. */
export const attendanceByMeeting = defineLoader<string, AttendanceCounts>(
  'attendanceByMeeting',
  (ctx) => async (meetingIds) => {
    const rows: (AttendanceCounts & { meeting_id: string })[] = await ctx.manager.query(
      `SELECT meeting_id, count(*)::int AS participants,
                count(*) FILTER (WHERE attendance = 'ATTENDED')::int AS attended,
                count(*) FILTER (WHERE attendance = 'EXCUSED')::int AS excused,
                count(*) FILTER (WHERE attendance = 'ABSENT')::int AS absent,
                count(*) FILTER (WHERE attendance IS NULL)::int AS unknown
           FROM participation WHERE meeting_id = ANY($1) GROUP BY meeting_id`,
      [meetingIds],
    );
    const none: AttendanceCounts = { participants: 0, attended: 0, excused: 0, absent: 0, unknown: 0 };
    return byKey(meetingIds, rows, (row) => row.meeting_id).map((row) => row ?? none);
  },
);

export interface AttendanceCounts {
  participants: number;
  attended: number;
  excused: number;
  absent: number;
  unknown: number;
}

/** What a unit's `meetings` field filters on; the same for every unit of one batch. */
export interface UnitMeetingsQuery {
  includeDescendants?: boolean;
  from?: string;
  to?: string;
  kind?: string;
  status?: string;
  page: Page;
}

/**
 * One page of meetings per unit (convened, or taken part in), newest first, with each unit's total:
 * a dashboard listing the meetings of a hundred units asks the database once, not a hundred times.
 * The page's meetings come in the same statement, and are handed to `meetingById`: every match has
 * passed the visibility test already, and a page of fifty was otherwise a statement more that tested
 * them again. Units asked with the same arguments share a batch.
 */
export const meetingPagesByUnit = defineLoader<string, { ids: string[]; total: number }, UnitMeetingsQuery>(
  'meetingPagesByUnit',
  (ctx, query) => async (unitIds) => {
    const [visible, visibleParams] = visibleMeeting(ctx, 'm');
    const conditions = [visible];
    if (query.from) conditions.push('m.held_on >= :from');
    if (query.to) conditions.push('m.held_on <= :to');
    if (query.kind) conditions.push('m.kind = :kind');
    if (query.status) conditions.push('m.status = :status');
    const where = conditions.join(' AND ');
    // The units each asked-for unit answers for: itself (no join: half the planning time of a page
    // of one unit's meetings), or its whole subtree.
    const [covered, unit] = query.includeDescendants
      ? ['JOIN org_unit root ON root.id = t.unit_id JOIN org_unit cu ON cu.path <@ root.path', 'cu.id']
      : ['', 't.unit_id'];
    // Two arms instead of one OR, so each arm uses its index (convener and date; taking part).
    // rn = 1 is always returned: it carries the total even when the page itself is empty, and then
    // comes without its meeting.
    const { entities, raw } = await select<Meeting, { unit_id: string; rn: number; total: number }>(
      ctx.manager,
      [Meeting, 'e'],
      `RIGHT JOIN (
         WITH t AS (SELECT unnest(CAST(:unitIds AS uuid[])) AS unit_id),
           matches AS (
             SELECT t.unit_id, m.id, m.held_on, m.starts_at
               FROM t ${covered} JOIN meeting m ON m.convening_unit_id = ${unit} WHERE ${where}
             UNION
             SELECT t.unit_id, m.id, m.held_on, m.starts_at
               FROM t ${covered} JOIN meeting_unit mu ON mu.org_unit_id = ${unit}
               JOIN meeting m ON m.id = mu.meeting_id WHERE ${where}),
           ranked AS (
             SELECT unit_id, id, count(*) OVER (PARTITION BY unit_id)::int AS total,
                    row_number() OVER (PARTITION BY unit_id ORDER BY held_on DESC, starts_at DESC NULLS LAST, id) AS rn
               FROM matches)
         SELECT unit_id, id, rn::int AS rn, total FROM ranked WHERE rn = 1 OR (rn > :offset AND rn <= :end)
       ) r ON e.id = r.id AND r.rn > :offset
       ORDER BY r.unit_id, r.rn`,
      {
        ...visibleParams,
        ...query,
        unitIds: [...unitIds],
        offset: query.page.offset,
        end: query.page.offset + query.page.limit,
      },
      { extra: { unit_id: 'r.unit_id', rn: 'r.rn', total: 'r.total' } },
    );
    const byId = loader(ctx, meetingById);
    const pages = new Map<string, { ids: string[]; total: number }>();
    raw.forEach((row, i) => {
      const page = pages.get(row.unit_id) ?? { ids: [], total: row.total };
      const meeting = entities[i] as Meeting | undefined;
      if (meeting) {
        page.ids.push(meeting.id);
        byId.prime(meeting.id, meeting);
      }
      pages.set(row.unit_id, page);
    });
    return unitIds.map((id) => pages.get(id) ?? { ids: [], total: 0 });
  },
);
