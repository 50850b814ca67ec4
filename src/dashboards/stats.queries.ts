import { Permission } from '../access/access';
import { scopeSql } from '../access/scope';
import { visibleConvenedMeeting, visibleSeries } from '../access/visibility';
import { RankedRow, rankedPage } from '../common/batch';
import { RequestContext } from '../common/context';
import { KeyType, ListOrder, Page } from '../common/pagination';
import { rowsOf, select } from '../database/rows';
import { MEETING_KINDS } from '../meetings/meeting.entity';
import { OrgUnit, OrgUnitLevel } from '../org-units/org-unit.entity';
import { existsOnSql } from '../org-units/org-unit.rules';
import type { SortDirection, StatsBucket, UnitStatsSortKey } from './stats.model';
import type { StatsWindow } from './stats.rules';

/**
 * The SQL of the roll-ups: every number is counted by PostgreSQL, for a batch of units at once
 * (`:unitIds`), so that a dashboard costs the same statements whatever its subtree's size and however
 * many units it asks about. Each statement starts from `groups (key, group_id, path)`: the subtrees to
 * roll up, `key` naming the asked unit the answer is for. Only units inside the caller's scope are
 * groups or members of one, and a meeting that belongs to a member only by being listed among its
 * units counts only when the caller may see it (its convener is in scope).
 */

/** The asked units themselves as groups (those in scope). */
function rootGroups(ctx: RequestContext): [string, Record<string, unknown>] {
  const [scope, params] = scopeSql(ctx, 'r.path', Permission.Read);
  return [
    `groups AS (SELECT r.id AS key, r.id AS group_id, r.path FROM org_unit r
                 WHERE r.id = ANY(CAST(:unitIds AS uuid[])) AND ${scope})`,
    params,
  ];
}

/** Every unit of `level` (or of every level) existing on `:asOf` in each asked unit's subtree, as groups. */
function levelGroups(
  ctx: RequestContext,
  level: OrgUnitLevel | undefined,
): [string, Record<string, unknown>] {
  const [scope, params] = scopeSql(ctx, 'u.path', Permission.Read);
  return [
    `groups AS (SELECT r.id AS key, u.id AS group_id, u.path FROM org_unit r JOIN org_unit u ON u.path <@ r.path
                 WHERE r.id = ANY(CAST(:unitIds AS uuid[])) AND ${scope} AND ${existsOnSql('u')}
                   ${level ? 'AND u.level = :level' : ''})`,
    params,
  ];
}

/** `members`: the units of each group's subtree the caller may see (dissolved ones too: their past counts). */
function members(ctx: RequestContext): [string, Record<string, unknown>] {
  const [scope, params] = scopeSql(ctx, 'u.path', Permission.Read);
  return [
    `members AS (SELECT g.key, g.group_id, u.id AS unit_id, u.founded_on, u.dissolved_on
                   FROM groups g JOIN org_unit u ON u.path <@ g.path WHERE ${scope})`,
    params,
  ];
}

/**
 * The CTE `name (key, group_id, id, kind, status, held_on)`: the meetings of each group matching
 * `condition` (on alias `m`), each once per group: convened by a member, or listing a member among
 * its units (then only if the caller may see it). Two arms, so each uses its index.
 */
function meetingsOfMembers(
  ctx: RequestContext,
  name: string,
  condition: string,
): [string, Record<string, unknown>] {
  const [visible, params] = visibleConvenedMeeting(ctx, 'm');
  return [
    `${name} AS (
       SELECT mb.key, mb.group_id, m.id, m.kind, m.status, m.held_on
         FROM members mb JOIN meeting m ON m.convening_unit_id = mb.unit_id WHERE ${condition}
       UNION
       SELECT mb.key, mb.group_id, m.id, m.kind, m.status, m.held_on
         FROM members mb JOIN meeting_unit mu ON mu.org_unit_id = mb.unit_id JOIN meeting m ON m.id = mu.meeting_id
        WHERE ${condition} AND ${visible})`,
    params,
  ];
}

const IN_WINDOW = 'm.held_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)';

/** Attendance of participants (alias `p`): counts, and the rate over those whose attendance is known. */
const ATTENDANCE_COUNTS = `
  count(p.id) FILTER (WHERE p.invited)::int AS invited,
  count(p.id) FILTER (WHERE p.attendance = 'ATTENDED')::int AS attended,
  count(p.id) FILTER (WHERE p.attendance = 'EXCUSED')::int AS excused,
  count(p.id) FILTER (WHERE p.attendance = 'ABSENT')::int AS absent,
  count(p.id) FILTER (WHERE p.id IS NOT NULL AND p.attendance IS NULL)::int AS unknown`;
const RATE = (attended: string, known: string) => `(CAST(${attended} AS float8) / NULLIF(${known}, 0))`;

/** Outcomes (alias `x`) by their state on `:asOf`: one closed after asOf was open that day. */
const CLOSED_BY_AS_OF = `(x.status <> 'OPEN' AND x.closed_on <= CAST(:asOf AS date))`;
const OUTCOME_COUNTS = `
  count(x.id) FILTER (WHERE NOT ${CLOSED_BY_AS_OF})::int AS open,
  count(x.id) FILTER (WHERE NOT ${CLOSED_BY_AS_OF} AND x.due_on < CAST(:asOf AS date))::int AS overdue,
  count(x.id) FILTER (WHERE x.status = 'DONE' AND x.closed_on <= CAST(:asOf AS date))::int AS done,
  count(x.id) FILTER (WHERE x.status = 'DROPPED' AND x.closed_on <= CAST(:asOf AS date))::int AS dropped`;

/**
 * The outcomes of each meeting (alias `w`) as `x`, looked up by meeting (LATERAL … OFFSET 0 is not
 * merged into the join): as a join, the planner scanned and hashed the whole outcome table for a
 * region's few thousand meetings.
 */
const OUTCOMES_OF_MEETING =
  'CROSS JOIN LATERAL (SELECT * FROM outcome x WHERE x.meeting_id = w.id OFFSET 0) x';

export interface SummaryRow {
  key: string;
  total: number;
  held: number;
  planned: number;
  cancelled: number;
  by_kind: { kind: (typeof MEETING_KINDS)[number]; count: number }[] | null;
  invited: number;
  attended: number;
  excused: number;
  absent: number;
  unknown: number;
  rate: number | null;
  open: number;
  overdue: number;
  done: number;
  dropped: number;
}

/** Meetings, attendance and outcomes of each asked unit's subtree over a window: one statement. */
export async function summaries(
  ctx: RequestContext,
  unitIds: readonly string[],
  window: StatsWindow,
): Promise<SummaryRow[]> {
  const [groups, groupParams] = rootGroups(ctx);
  const [memberUnits, memberParams] = members(ctx);
  const [meetings, meetingParams] = meetingsOfMembers(ctx, 'win', IN_WINDOW);
  return rowsOf<SummaryRow>(
    ctx.manager,
    `WITH ${groups}, ${memberUnits}, ${meetings},
       counts AS (
         SELECT key, count(*)::int AS total, count(*) FILTER (WHERE status = 'HELD')::int AS held,
                count(*) FILTER (WHERE status = 'PLANNED')::int AS planned,
                count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled
           FROM win GROUP BY key),
       kinds AS (
         SELECT key, json_agg(json_build_object('kind', kind, 'count', n)
                              ORDER BY array_position(CAST(:kinds AS text[]), kind)) AS by_kind
           FROM (SELECT key, kind, count(*)::int AS n FROM win GROUP BY key, kind) k GROUP BY key),
       attendance AS (
         SELECT w.key, ${ATTENDANCE_COUNTS}
           FROM win w JOIN participation p ON p.meeting_id = w.id WHERE w.status = 'HELD' GROUP BY w.key),
       outcomes AS (
         SELECT w.key, ${OUTCOME_COUNTS} FROM win w ${OUTCOMES_OF_MEETING} GROUP BY w.key)
     SELECT g.key, COALESCE(c.total, 0) AS total, COALESCE(c.held, 0) AS held,
            COALESCE(c.planned, 0) AS planned, COALESCE(c.cancelled, 0) AS cancelled, k.by_kind,
            COALESCE(a.invited, 0) AS invited, COALESCE(a.attended, 0) AS attended,
            COALESCE(a.excused, 0) AS excused, COALESCE(a.absent, 0) AS absent,
            COALESCE(a.unknown, 0) AS unknown, ${RATE('a.attended', 'a.attended + a.excused + a.absent')} AS rate,
            COALESCE(o.open, 0) AS open, COALESCE(o.overdue, 0) AS overdue,
            COALESCE(o.done, 0) AS done, COALESCE(o.dropped, 0) AS dropped
       FROM groups g LEFT JOIN counts c ON c.key = g.key LEFT JOIN kinds k ON k.key = g.key
       LEFT JOIN attendance a ON a.key = g.key LEFT JOIN outcomes o ON o.key = g.key`,
    {
      ...groupParams,
      ...memberParams,
      ...meetingParams,
      ...window,
      unitIds,
      kinds: [...MEETING_KINDS],
    },
  );
}

const BUCKETS: Record<StatsBucket, { field: string; step: string }> = {
  WEEK: { field: 'week', step: '1 week' },
  MONTH: { field: 'month', step: '1 month' },
  QUARTER: { field: 'quarter', step: '3 months' },
};

export interface BucketRow {
  key: string;
  start: string;
  meetingsHeld: number;
  participants: number;
  attendanceRate: number | null;
}

/** Each asked unit's subtree's held meetings per bucket of the window, empty buckets included, in order. */
export async function activity(
  ctx: RequestContext,
  unitIds: readonly string[],
  window: StatsWindow,
  bucket: StatsBucket,
): Promise<BucketRow[]> {
  const [groups, groupParams] = rootGroups(ctx);
  const [memberUnits, memberParams] = members(ctx);
  const [meetings, meetingParams] = meetingsOfMembers(ctx, 'held', `${IN_WINDOW} AND m.status = 'HELD'`);
  const { field, step } = BUCKETS[bucket];
  return rowsOf<BucketRow>(
    ctx.manager,
    `WITH ${groups}, ${memberUnits}, ${meetings},
       per_meeting AS (
         SELECT h.key, h.id, date_trunc('${field}', CAST(h.held_on AS timestamp)) AS start,
                count(p.id)::int AS participants,
                count(p.id) FILTER (WHERE p.attendance = 'ATTENDED')::int AS attended,
                count(p.attendance)::int AS known
           FROM held h LEFT JOIN participation p ON p.meeting_id = h.id GROUP BY h.key, h.id, h.held_on),
       buckets AS (
         SELECT g.key, b AS start FROM groups g
          CROSS JOIN generate_series(date_trunc('${field}', CAST(:from AS timestamp)), CAST(:to AS timestamp),
                                     CAST('${step}' AS interval)) b)
     SELECT b.key, to_char(b.start, 'YYYY-MM-DD') AS start, count(pm.id)::int AS "meetingsHeld",
            COALESCE(sum(pm.participants), 0)::int AS participants,
            ${RATE('sum(pm.attended)', 'sum(pm.known)')} AS "attendanceRate"
       FROM buckets b LEFT JOIN per_meeting pm ON pm.key = b.key AND pm.start = b.start
      GROUP BY b.key, b.start ORDER BY b.key, b.start`,
    { ...groupParams, ...memberParams, ...meetingParams, ...window, unitIds },
  );
}

/** What a page of byUnit rows is read with; the same for every asked unit of one batch. */
export interface RowsQuery extends StatsWindow {
  level: OrgUnitLevel;
  by: UnitStatsSortKey;
  direction: SortDirection;
  page: Page;
}

export interface RowMetrics extends RankedRow {
  meetingsHeld: number;
  lastHeldOn: string | null;
  daysSilent: number | null;
  attendanceRate: number | null;
  vacantSeats: number;
  officials: number;
  womenOfficials: number;
  openOutcomes: number;
  overdueOutcomes: number;
  seriesCoverage: number | null;
}

const SORT_COLUMNS: Record<UnitStatsSortKey, [string, KeyType]> = {
  TREE: ['g.path', 'ltree'],
  NAME: ['g.name_fr', 'text'],
  MEETINGS_HELD: ['meetings_held', 'int'],
  LAST_HELD_ON: ['last_held_on', 'date'],
  DAYS_SILENT: ['days_silent', 'int'],
  ATTENDANCE_RATE: ['attendance_rate', 'float8'],
  VACANT_SEATS: ['vacant_seats', 'int'],
  OFFICIALS: ['officials', 'int'],
  WOMEN_OFFICIALS: ['women_officials', 'int'],
  OPEN_OUTCOMES: ['open_outcomes', 'int'],
  OVERDUE_OUTCOMES: ['overdue_outcomes', 'int'],
  SERIES_COVERAGE: ['series_coverage', 'float8'],
};

/** The rows of byUnit sorted by a metric (rows without one last), then in tree order. */
export function unitRowsOrder(by: UnitStatsSortKey, direction: SortDirection): ListOrder {
  const [sql, type] = SORT_COLUMNS[by];
  return {
    list: `unitStats.${by}.${direction}`,
    keys: [
      { sql, type, desc: direction !== 'ASC', nullable: true },
      { sql: 'g.path', type: 'ltree' },
    ],
  };
}

/** Units in tree order. */
export const SILENT_ORDER: ListOrder = { list: 'silentUnits', keys: [{ sql: 'g.path', type: 'ltree' }] };

/** Holders of each post (alias `p`) on `:asOf`, looked up by post. */
const HOLDERS_ON_AS_OF = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS n FROM mandate hm WHERE hm.position_id = p.id AND hm.term @> CAST(:asOf AS date)) h ON TRUE`;

/** Seats of each post that a recorded vacancy covers on asOf (they are never held then). */
const KNOWN_VACANT_ON_AS_OF = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS n FROM seat_vacancy sv WHERE sv.position_id = p.id AND sv.during @> CAST(:asOf AS date)) kv ON TRUE`;

/**
 * One page of rows per asked unit: each unit of a level in its subtree with the roll-ups of that
 * unit's own subtree, sorted, with the number of rows: one statement, whatever the size of the tree.
 */
export async function unitRows(
  ctx: RequestContext,
  unitIds: readonly string[],
  query: RowsQuery,
): Promise<{ entities: OrgUnit[]; raw: RowMetrics[] }> {
  const [groups, groupParams] = levelGroups(ctx, query.level);
  const [memberUnits, memberParams] = members(ctx);
  const [windowMeetings, windowParams] = meetingsOfMembers(ctx, 'win', IN_WINDOW);
  const [visible, visibleParams] = visibleConvenedMeeting(ctx, 'm');
  const [seriesVisible, seriesParams] = visibleSeries(ctx, 's');
  const ranked = rankedPage(query.page, unitRowsOrder(query.by, query.direction), 'g.key');
  const { entities, raw } = await select<OrgUnit, RowMetrics>(
    ctx.manager,
    [OrgUnit, 'e'],
    `JOIN (
       WITH ${groups}, ${memberUnits}, ${windowMeetings},
         held AS (
           SELECT w.key, w.group_id, count(DISTINCT w.id)::int AS meetings_held,
                  count(p.id) FILTER (WHERE p.attendance = 'ATTENDED')::int AS attended,
                  count(p.attendance)::int AS known
             FROM win w LEFT JOIN participation p ON p.meeting_id = w.id
            WHERE w.status = 'HELD' GROUP BY w.key, w.group_id),
         -- Each member's latest held meeting, read backwards on its own index (convened) or among
         -- the meetings it is listed in: as one join over all meetings ever, the planner hashed the
         -- whole meeting table.
         last AS (
           SELECT mb.key, mb.group_id, max(GREATEST(c.held_on, l.held_on)) AS last_held_on
             FROM members mb
             LEFT JOIN LATERAL (
               SELECT max(m.held_on) AS held_on FROM meeting m
                WHERE m.convening_unit_id = mb.unit_id AND m.status = 'HELD' AND m.held_on <= CAST(:asOf AS date)) c ON TRUE
             LEFT JOIN LATERAL (
               SELECT max(m.held_on) AS held_on FROM meeting_unit mu JOIN meeting m ON m.id = mu.meeting_id
                WHERE mu.org_unit_id = mb.unit_id AND m.status = 'HELD' AND m.held_on <= CAST(:asOf AS date)
                  AND ${visible}) l ON TRUE
            GROUP BY mb.key, mb.group_id),
         outcomes AS (
           SELECT w.key, w.group_id, ${OUTCOME_COUNTS} FROM win w ${OUTCOMES_OF_MEETING} GROUP BY w.key, w.group_id),
         posts AS (
           SELECT mb.key, mb.group_id, sum(GREATEST(p.seats - h.n, 0))::int AS vacant_seats
             FROM members mb JOIN position p ON p.org_unit_id = mb.unit_id ${HOLDERS_ON_AS_OF}
            WHERE ${existsOnSql('mb')} GROUP BY mb.key, mb.group_id),
         holders AS (
           SELECT mb.key, mb.group_id, count(DISTINCT hm.person_id)::int AS officials,
                  count(DISTINCT hm.person_id) FILTER (WHERE pe.gender = 'FEMALE')::int AS women_officials
             FROM members mb JOIN position p ON p.org_unit_id = mb.unit_id
             JOIN mandate hm ON hm.position_id = p.id AND hm.term @> CAST(:asOf AS date)
             JOIN person pe ON pe.id = hm.person_id
            WHERE ${existsOnSql('mb')} GROUP BY mb.key, mb.group_id),
         series AS (
           SELECT s.id, s.starts_on, s.ends_on, s.target_level, s.target_root_id FROM meeting_series s
            WHERE ${seriesVisible} AND (s.starts_on IS NULL OR s.starts_on <= CAST(:to AS date))
              AND (s.ends_on IS NULL OR s.ends_on >= CAST(:from AS date))),
         targets AS (
           SELECT t.series_id, t.org_unit_id AS id FROM meeting_series_target t JOIN series s ON s.id = t.series_id
           UNION
           SELECT s.id, u.id FROM series s JOIN org_unit tr ON tr.id = s.target_root_id
             JOIN org_unit u ON u.path <@ tr.path AND u.level = s.target_level
            WHERE (u.dissolved_on IS NULL OR s.starts_on IS NULL OR u.dissolved_on > s.starts_on)
              AND (u.founded_on IS NULL OR s.ends_on IS NULL OR u.founded_on <= s.ends_on)),
         -- Whether a series reached a target: read from the rows the database keeps per meeting
         -- (meeting_series_reach, as MeetingSeries.coverage reads them), tested on their key for each
         -- target. Worked out here from every held meeting of the window's series, their units and
         -- their participations, it was the largest part of a region's rows.
         coverage AS (
           SELECT mb.key, mb.group_id, count(*) AS targets,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM meeting_series_reach x
                                                  WHERE x.series_id = t.series_id AND x.org_unit_id = t.id)) AS reached
             FROM members mb JOIN targets t ON t.id = mb.unit_id GROUP BY mb.key, mb.group_id),
         metrics AS (
           SELECT g.key, g.group_id, g.path, u.name_fr,
                  COALESCE(hd.meetings_held, 0) AS meetings_held, l.last_held_on,
                  CAST(:asOf AS date) - l.last_held_on AS days_silent,
                  ${RATE('hd.attended', 'hd.known')} AS attendance_rate,
                  COALESCE(ps.vacant_seats, 0) AS vacant_seats, COALESCE(ho.officials, 0) AS officials,
                  COALESCE(ho.women_officials, 0) AS women_officials,
                  COALESCE(o.open, 0) AS open_outcomes, COALESCE(o.overdue, 0) AS overdue_outcomes,
                  ${RATE('c.reached', 'c.targets')} AS series_coverage
             FROM groups g JOIN org_unit u ON u.id = g.group_id
             LEFT JOIN held hd ON hd.key = g.key AND hd.group_id = g.group_id
             LEFT JOIN last l ON l.key = g.key AND l.group_id = g.group_id
             LEFT JOIN outcomes o ON o.key = g.key AND o.group_id = g.group_id
             LEFT JOIN posts ps ON ps.key = g.key AND ps.group_id = g.group_id
             LEFT JOIN holders ho ON ho.key = g.key AND ho.group_id = g.group_id
             LEFT JOIN coverage c ON c.key = g.key AND c.group_id = g.group_id)
       SELECT g.*, count(*) OVER (PARTITION BY g.key)::int AS total, ${ranked.columns}
         FROM metrics g
     ) r ON r.group_id = e.id
     WHERE ${ranked.onPage} ORDER BY r.key, r.rn`,
    {
      ...groupParams,
      ...memberParams,
      ...windowParams,
      ...visibleParams,
      ...seriesParams,
      ...ranked.params,
      from: query.from,
      to: query.to,
      asOf: query.asOf,
      level: query.level,
      unitIds,
    },
    {
      extra: {
        key: 'r.key',
        total: 'r.total',
        ...ranked.extra,
        meetingsHeld: 'r.meetings_held',
        lastHeldOn: `to_char(r.last_held_on, 'YYYY-MM-DD')`,
        daysSilent: 'r.days_silent',
        attendanceRate: 'r.attendance_rate',
        vacantSeats: 'r.vacant_seats',
        officials: 'r.officials',
        womenOfficials: 'r.women_officials',
        openOutcomes: 'r.open_outcomes',
        overdueOutcomes: 'r.overdue_outcomes',
        seriesCoverage: 'r.series_coverage',
      },
    },
  );
  return { entities, raw };
}

/** What a page of silent units is read with; the same for every asked unit of one batch. */
export interface SilentQuery {
  asOf: string;
  days: number;
  level?: OrgUnitLevel;
  page: Page;
}

/**
 * One page per asked unit of the units of its subtree (existing on asOf, of a level or all) whose
 * subtree held no meeting in the `days` days up to asOf, in tree order, with how many there are.
 */
export async function silentUnits(
  ctx: RequestContext,
  unitIds: readonly string[],
  query: SilentQuery,
): Promise<{ entities: OrgUnit[]; raw: RankedRow[] }> {
  const [groups, groupParams] = levelGroups(ctx, query.level);
  const [memberUnits, memberParams] = members(ctx);
  const [recent, recentParams] = meetingsOfMembers(
    ctx,
    'recent',
    `m.status = 'HELD' AND m.held_on <= CAST(:asOf AS date) AND m.held_on > CAST(:asOf AS date) - CAST(:days AS int)`,
  );
  const ranked = rankedPage(query.page, SILENT_ORDER, 'g.key');
  return select<OrgUnit, RankedRow>(
    ctx.manager,
    [OrgUnit, 'e'],
    `JOIN (
       WITH ${groups}, ${memberUnits}, ${recent}
       SELECT g.key, g.group_id, count(*) OVER (PARTITION BY g.key)::int AS total, ${ranked.columns}
         FROM groups g WHERE NOT EXISTS (SELECT 1 FROM recent x WHERE x.key = g.key AND x.group_id = g.group_id)
     ) r ON r.group_id = e.id
     WHERE ${ranked.onPage} ORDER BY r.key, r.rn`,
    {
      ...groupParams,
      ...memberParams,
      ...recentParams,
      ...ranked.params,
      asOf: query.asOf,
      days: query.days,
      level: query.level,
      unitIds,
    },
    { extra: { key: 'r.key', total: 'r.total', ...ranked.extra } },
  );
}

export interface VacancyRow {
  key: string;
  level: OrgUnitLevel | null;
  posts: number;
  seats: number;
  vacant_seats: number;
  known_vacant_seats: number;
}

/** Posts, seats and vacant seats of each asked unit's subtree on asOf, in all and per level. */
export async function vacancies(
  ctx: RequestContext,
  unitIds: readonly string[],
  asOf: string,
): Promise<VacancyRow[]> {
  const [groups, groupParams] = rootGroups(ctx);
  const [memberUnits, memberParams] = members(ctx);
  return rowsOf<VacancyRow>(
    ctx.manager,
    `WITH ${groups}, ${memberUnits},
       per_level AS (
         SELECT mb.key, u.level, nlevel(u.path) AS depth, count(*)::int AS posts, sum(p.seats)::int AS seats,
                sum(GREATEST(p.seats - h.n, 0))::int AS vacant_seats,
                sum(LEAST(GREATEST(p.seats - h.n, 0), kv.n))::int AS known_vacant_seats
           FROM members mb JOIN org_unit u ON u.id = mb.unit_id JOIN position p ON p.org_unit_id = mb.unit_id
           ${HOLDERS_ON_AS_OF} ${KNOWN_VACANT_ON_AS_OF}
          WHERE ${existsOnSql('mb')} GROUP BY mb.key, u.level, nlevel(u.path))
     SELECT g.key, NULL AS level, COALESCE(sum(pl.posts), 0)::int AS posts, COALESCE(sum(pl.seats), 0)::int AS seats,
            COALESCE(sum(pl.vacant_seats), 0)::int AS vacant_seats,
            COALESCE(sum(pl.known_vacant_seats), 0)::int AS known_vacant_seats, 0 AS depth
       FROM groups g LEFT JOIN per_level pl ON pl.key = g.key GROUP BY g.key
     UNION ALL
     SELECT key, level, posts, seats, vacant_seats, known_vacant_seats, depth FROM per_level
     ORDER BY key, depth`,
    { ...groupParams, ...memberParams, asOf, unitIds },
  );
}

export interface OfficialsRow {
  key: string;
  dimension: 'TOTAL' | 'ROLE' | 'GENDER';
  value: string | null;
  count: number;
}

/** Officials of each asked unit's subtree on asOf: people in all, mandates per role, people per gender. */
export async function officials(
  ctx: RequestContext,
  unitIds: readonly string[],
  asOf: string,
): Promise<OfficialsRow[]> {
  const [groups, groupParams] = rootGroups(ctx);
  const [memberUnits, memberParams] = members(ctx);
  return rowsOf<OfficialsRow>(
    ctx.manager,
    `WITH ${groups}, ${memberUnits},
       holding AS (
         SELECT mb.key, hm.person_id, p.role_code, rl.sort_order, pe.gender
           FROM members mb JOIN position p ON p.org_unit_id = mb.unit_id JOIN role rl ON rl.code = p.role_code
           JOIN mandate hm ON hm.position_id = p.id AND hm.term @> CAST(:asOf AS date)
           JOIN person pe ON pe.id = hm.person_id
          WHERE ${existsOnSql('mb')})
     SELECT g.key, 'TOTAL' AS dimension, NULL AS value, count(DISTINCT h.person_id)::int AS count, 0 AS rank
       FROM groups g LEFT JOIN holding h ON h.key = g.key GROUP BY g.key
     UNION ALL
     SELECT key, 'ROLE', role_code, count(*)::int, min(sort_order) FROM holding GROUP BY key, role_code
     UNION ALL
     SELECT key, 'GENDER', gender, count(DISTINCT person_id)::int,
            CASE gender WHEN 'FEMALE' THEN 1 WHEN 'MALE' THEN 2 ELSE 3 END
       FROM holding GROUP BY key, gender
     ORDER BY key, dimension DESC, rank`,
    { ...groupParams, ...memberParams, asOf, unitIds },
  );
}
