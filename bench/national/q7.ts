import type { RowMetrics } from '../../src/dashboards/stats.queries';
import type { Call, Implementation, ReadQuery, Targets } from './queries';
import { DATA_END } from './shape';

/**
 * Q7, a region's dashboard: `OrgUnit.stats` over the year ending on the data's last day, with its
 * monthly activity, one row per province and per local unit (the first 100, tree order), the units
 * silent for 90 days, vacancies and outcomes; and the baseline's one statement answering the same.
 * PostGraphile answers the parts its grouped aggregates (`@graphile/pg-aggregates`) and connection
 * filters express (`Q7_PARTS`); the gate compares those parts only.
 */
export const Q7_WINDOW = { from: '2025-11-01', to: DATA_END, asOf: DATA_END };
export const Q7_SILENT_DAYS = 90;

/** The parts of the common shape, each with why PostGraphile cannot answer it (null: it answers it). */
export const Q7_PARTS: { part: string; postgraphileCannot: string | null }[] = [
  { part: 'activity.meetingsHeld', postgraphileCannot: null },
  { part: 'activity.participants', postgraphileCannot: null },
  { part: 'activity.attendanceRate', postgraphileCannot: null },
  { part: 'provinces.totalCount', postgraphileCannot: null },
  {
    part: 'provinces.rows',
    postgraphileCannot:
      "a row per unit rolled up over that unit's subtree (its meetings, the latest one, seats minus holders, people counted once across posts, series coverage)",
  },
  { part: 'locals.totalCount', postgraphileCannot: null },
  { part: 'locals.rows', postgraphileCannot: 'the same rows as the provinces’' },
  {
    part: 'silent.totalCount',
    postgraphileCannot:
      'the units with no meeting in their subtree in the last 90 days (an anti-join over each subtree)',
  },
  { part: 'silent.codes', postgraphileCannot: 'the same units, listed' },
  { part: 'vacancies.posts', postgraphileCannot: null },
  { part: 'vacancies.seats', postgraphileCannot: null },
  {
    part: 'vacancies.vacantSeats',
    postgraphileCannot:
      "seats minus the mandates running on the day, post by post (an aggregate of each post's own count)",
  },
  {
    part: 'vacancies.byLevel',
    postgraphileCannot: "the same by level (a grouping on the post's unit's column, not the post's own)",
  },
  { part: 'outcomes.open', postgraphileCannot: null },
  { part: 'outcomes.overdue', postgraphileCannot: null },
  { part: 'outcomes.done', postgraphileCannot: null },
  { part: 'outcomes.dropped', postgraphileCannot: null },
];
const PG_ANSWERS = Q7_PARTS.filter((p) => p.postgraphileCannot === null).map((p) => p.part);
export const Q7_POSTGRAPHILE_PARTIAL = `partial: answers ${PG_ANSWERS.length} of ${Q7_PARTS.length} parts`;
export const Q7_POSTGRAPHILE = `PostGraphile (with \`@graphile/pg-aggregates\` and the connection filter) answers ${PG_ANSWERS.length} of the ${Q7_PARTS.length} parts of Q7: ${PG_ANSWERS.map((p) => `\`${p}\``).join(', ')}. The gate compares these with the baseline's; its timings are those of this partial answer, so c ÷ b is not given. Its region is the region, its children and its grandchildren (a chain of parent relations, one per level of the national tree: there is no ltree \`<@\`), and a meeting is the region's when a unit of it convened it or is listed in it (\`meetingUnitsByMeetingId: { some }\`). The months are summed by the client from meetings grouped by day (no grouping by month of a date) and from one aliased participation connection per month grouped by attendance (a participation cannot be grouped by its meeting's column). It cannot express: ${Q7_PARTS.filter(
  (p) => p.postgraphileCannot !== null,
)
  .map((p) => `\`${p.part}\`: ${p.postgraphileCannot}`)
  .join('; ')}.`;

const ROW_FIELDS = `unit { code } meetingsHeld lastHeldOn daysSilent attendanceRate vacantSeats officials
  womenOfficials openOutcomes overdueOutcomes seriesCoverage`;

const TANZIM_DOCUMENT = `
  query Q7($code: String!, $from: Date!, $to: Date!, $asOf: Date!, $days: Int!) {
    orgUnit(code: $code) {
      stats(from: $from, to: $to, asOf: $asOf) {
        activity(bucket: MONTH) { start meetingsHeld participants attendanceRate }
        provinces: byUnit(level: PROVINCIAL) { totalCount edges { node { ${ROW_FIELDS} } } }
        locals: byUnit(level: LOCAL, first: 100) { totalCount edges { node { ${ROW_FIELDS} } } }
        silentUnits(days: $days) { totalCount edges { node { code } } }
        vacancies { posts seats vacantSeats byLevel { level vacantSeats } }
        outcomes { open overdue done dropped }
      }
    }
  }`;

// ── PostGraphile's part ────────────────────────────────────────────────────────────────────────────
/** The first day of each month of the window, and of the month after it. */
const Q7_MONTHS = (() => {
  const starts: string[] = [];
  const day = new Date(`${Q7_WINDOW.from.slice(0, 8)}01T00:00:00Z`);
  while (day.toISOString().slice(0, 10) <= Q7_WINDOW.to) {
    starts.push(day.toISOString().slice(0, 10));
    day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return starts.map((start, i) => ({ start, next: starts[i + 1] ?? day.toISOString().slice(0, 10) }));
})();
/** A connection's rows counted by one column (each group's distinct ids: a group has no totalCount). */
const pgGroups = (column: string) =>
  `groupedAggregates(groupBy: [${column}]) { keys distinctCount { rowId } }`;
const PG_DOCUMENT = `
  query Q7($units: OrgUnitFilter!, $held: MeetingFilter!, $posts: PositionFilter!,
           $open: OutcomeFilter!, $overdue: OutcomeFilter!, $closed: OutcomeFilter!) {
    units: allOrgUnits(filter: $units) { ${pgGroups('LEVEL')} }
    heldByDay: allMeetings(filter: $held) { ${pgGroups('HELD_ON')} }
    ${Q7_MONTHS.map(
      (
        { start, next },
        i,
      ) => `participants${i}: allParticipations(filter: { meetingByMeetingId: { and: [$held,
        { heldOn: { greaterThanOrEqualTo: "${start}", lessThan: "${next}" } }] } }) { ${pgGroups('ATTENDANCE')} }`,
    ).join('\n    ')}
    posts: allPositions(filter: $posts) { totalCount aggregates { sum { seats } } }
    open: allOutcomes(filter: $open) { totalCount }
    overdue: allOutcomes(filter: $overdue) { totalCount }
    closed: allOutcomes(filter: $closed) { ${pgGroups('STATUS')} }
  }`;
/** The filters of PostGraphile's request: the region is its unit, children and grandchildren. */
function pgVariables(code: string) {
  const { from, to, asOf } = Q7_WINDOW;
  const inRegion = {
    or: [
      { code: { equalTo: code } },
      { orgUnitByParentId: { code: { equalTo: code } } },
      { orgUnitByParentId: { orgUnitByParentId: { code: { equalTo: code } } } },
    ],
  };
  const existing = {
    and: [
      { or: [{ foundedOn: { isNull: true } }, { foundedOn: { lessThanOrEqualTo: asOf } }] },
      { or: [{ dissolvedOn: { isNull: true } }, { dissolvedOn: { greaterThan: asOf } }] },
    ],
  };
  const meetings = {
    and: [
      { heldOn: { greaterThanOrEqualTo: from, lessThanOrEqualTo: to } },
      {
        or: [
          { orgUnitByConveningUnitId: inRegion },
          { meetingUnitsByMeetingId: { some: { orgUnitByOrgUnitId: inRegion } } },
        ],
      },
    ],
  };
  const open = {
    and: [
      { meetingByMeetingId: meetings },
      { or: [{ status: { equalTo: 'OPEN' } }, { closedOn: { greaterThan: asOf } }] },
    ],
  };
  return {
    units: { and: [inRegion, existing, { level: { in: ['PROVINCIAL', 'LOCAL'] } }] },
    held: { and: [meetings, { status: { equalTo: 'HELD' } }] },
    posts: { orgUnitByOrgUnitId: { and: [inRegion, existing] } },
    open,
    overdue: { and: [open, { dueOn: { lessThan: asOf } }] },
    closed: { and: [{ meetingByMeetingId: meetings }, { closedOn: { lessThanOrEqualTo: asOf } }] },
  };
}
type PgGroups = { groupedAggregates: { keys: (string | null)[]; distinctCount: { rowId: string } }[] };
/** Each group's count by its key (a null key as "null"). */
const pgCounts = ({ groupedAggregates }: PgGroups) =>
  new Map(groupedAggregates.map((g) => [String(g.keys[0]), Number(g.distinctCount.rowId)]));
type PgAnswer = Record<string, PgGroups> & {
  units: PgGroups;
  heldByDay: PgGroups;
  posts: { totalCount: number; aggregates: { sum: { seats: string | null } } };
  open: { totalCount: number };
  overdue: { totalCount: number };
  closed: PgGroups;
};
/** PostGraphile's answer in the common shape, with only the parts it answers. */
function fromPostGraphile(data: PgAnswer): unknown {
  const heldByDay = pgCounts(data.heldByDay);
  const units = pgCounts(data.units);
  const closed = pgCounts(data.closed);
  return {
    activity: Q7_MONTHS.map(({ start, next }, i) => {
      const attendance = pgCounts(data[`participants${i}`]);
      const known = [...attendance].filter(([key]) => key !== 'null').reduce((n, [, c]) => n + c, 0);
      return {
        start,
        meetingsHeld: [...heldByDay]
          .filter(([day]) => day >= start && day < next)
          .reduce((n, [, c]) => n + c, 0),
        participants: [...attendance.values()].reduce((n, c) => n + c, 0),
        attendanceRate: ratio(known ? (attendance.get('ATTENDED') ?? 0) / known : null),
      };
    }),
    provinces: { totalCount: units.get('PROVINCIAL') ?? 0 },
    locals: { totalCount: units.get('LOCAL') ?? 0 },
    vacancies: { posts: data.posts.totalCount, seats: Number(data.posts.aggregates.sum.seats ?? 0) },
    outcomes: {
      open: data.open.totalCount,
      overdue: data.overdue.totalCount,
      done: closed.get('DONE') ?? 0,
      dropped: closed.get('DROPPED') ?? 0,
    },
  };
}
/** The parts PostGraphile answers, taken from an answer in the common shape. */
function postGraphileParts(answer: unknown): unknown {
  const { activity, provinces, locals, vacancies, outcomes } = answer as Answer;
  return {
    activity,
    provinces: { totalCount: provinces.totalCount },
    locals: { totalCount: locals.totalCount },
    vacancies: { posts: vacancies.posts, seats: vacancies.seats },
    outcomes,
  };
}

/** A unit's subtree existing on $4, with each unit's meetings (convened, or listed among its units). */
const SUBTREE = `
  root AS (SELECT id, path FROM org_unit WHERE code = $1),
  units AS (
    SELECT u.id, u.code, u.level, u.path,
           (u.founded_on IS NULL OR u.founded_on <= $4::date) AND (u.dissolved_on IS NULL OR u.dissolved_on > $4::date) AS present
      FROM org_unit u JOIN root ON u.path <@ root.path),
  took_part AS (
    SELECT m.convening_unit_id AS unit_id, m.id AS meeting_id FROM meeting m WHERE m.convening_unit_id IN (SELECT id FROM units)
    UNION
    SELECT mu.org_unit_id, mu.meeting_id FROM meeting_unit mu WHERE mu.org_unit_id IN (SELECT id FROM units))`;

/** The baseline's statement: $1 region code, $2 from, $3 to, $4 asOf, $5 days of silence. */
export const Q7_BASELINE = {
  params: ['code', 'from', 'to', 'asOf', 'days'],
  sql: `WITH ${SUBTREE},
    win AS (SELECT m.id, m.status, m.held_on FROM meeting m
             WHERE m.id IN (SELECT meeting_id FROM took_part) AND m.held_on BETWEEN $2::date AND $3::date),
    months AS (SELECT generate_series(date_trunc('month', $2::timestamp), $3::timestamp, interval '1 month') AS month),
    per_month AS (
      SELECT date_trunc('month', w.held_on::timestamp) AS month, count(DISTINCT w.id) AS held, count(p.id) AS participants,
             count(*) FILTER (WHERE p.attendance = 'ATTENDED') AS attended, count(p.attendance) AS known
        FROM win w LEFT JOIN participation p ON p.meeting_id = w.id WHERE w.status = 'HELD' GROUP BY 1),
    post_state AS (
      SELECT p.org_unit_id, p.seats,
             (SELECT count(*) FROM mandate x WHERE x.position_id = p.id AND x.term @> $4::date) AS held
        FROM position p JOIN units u ON u.id = p.org_unit_id AND u.present),
    holder AS (
      SELECT p.org_unit_id, x.person_id, pe.gender
        FROM mandate x JOIN position p ON p.id = x.position_id JOIN units u ON u.id = p.org_unit_id AND u.present
        JOIN person pe ON pe.id = x.person_id WHERE x.term @> $4::date),
    ser AS (SELECT s.* FROM meeting_series s
             WHERE (s.starts_on IS NULL OR s.starts_on <= $3::date) AND (s.ends_on IS NULL OR s.ends_on >= $2::date)),
    tgt AS (
      SELECT t.series_id, t.org_unit_id AS unit_id FROM meeting_series_target t WHERE t.series_id IN (SELECT id FROM ser)
      UNION
      SELECT s.id, u.id FROM ser s JOIN org_unit r ON r.id = s.target_root_id
        JOIN org_unit u ON u.path <@ r.path AND u.level = s.target_level
       WHERE (u.dissolved_on IS NULL OR s.starts_on IS NULL OR u.dissolved_on > s.starts_on)
         AND (u.founded_on IS NULL OR s.ends_on IS NULL OR u.founded_on <= s.ends_on)),
    -- The units each series reached, as the database keeps them per meeting (meeting_series_reach,
    -- Tanzim's rule kept by its triggers), like Tanzim's rows read them.
    reach AS (
      SELECT DISTINCT r.series_id, r.org_unit_id AS unit_id FROM meeting_series_reach r
       WHERE r.series_id IN (SELECT id FROM ser)),
    grp AS (SELECT id, code, level, path FROM units WHERE present AND level IN ('PROVINCIAL', 'LOCAL')),
    grp_meeting AS (
      SELECT DISTINCT g.id AS group_id, tp.meeting_id
        FROM grp g JOIN units u ON u.path <@ g.path JOIN took_part tp ON tp.unit_id = u.id),
    grp_held AS (
      SELECT gm.group_id,
             count(*) FILTER (WHERE m.status = 'HELD' AND m.held_on BETWEEN $2::date AND $3::date) AS held,
             max(m.held_on) FILTER (WHERE m.status = 'HELD' AND m.held_on <= $4::date) AS last_held
        FROM grp_meeting gm JOIN meeting m ON m.id = gm.meeting_id GROUP BY gm.group_id),
    grp_attendance AS (
      SELECT gm.group_id, count(*) FILTER (WHERE p.attendance = 'ATTENDED') AS attended, count(p.attendance) AS known
        FROM grp_meeting gm JOIN meeting m ON m.id = gm.meeting_id JOIN participation p ON p.meeting_id = m.id
       WHERE m.status = 'HELD' AND m.held_on BETWEEN $2::date AND $3::date GROUP BY gm.group_id),
    grp_outcome AS (
      SELECT gm.group_id,
             count(*) FILTER (WHERE o.status = 'OPEN' OR o.closed_on > $4::date) AS open,
             count(*) FILTER (WHERE (o.status = 'OPEN' OR o.closed_on > $4::date) AND o.due_on < $4::date) AS overdue
        FROM grp_meeting gm JOIN meeting m ON m.id = gm.meeting_id JOIN outcome o ON o.meeting_id = m.id
       WHERE m.held_on BETWEEN $2::date AND $3::date GROUP BY gm.group_id),
    grp_post AS (
      SELECT g.id AS group_id, sum(GREATEST(ps.seats - ps.held, 0)) AS vacant
        FROM grp g JOIN units u ON u.path <@ g.path JOIN post_state ps ON ps.org_unit_id = u.id GROUP BY g.id),
    grp_holder AS (
      SELECT g.id AS group_id, count(DISTINCT h.person_id) AS officials,
             count(DISTINCT h.person_id) FILTER (WHERE h.gender = 'FEMALE') AS women
        FROM grp g JOIN units u ON u.path <@ g.path JOIN holder h ON h.org_unit_id = u.id GROUP BY g.id),
    grp_coverage AS (
      SELECT g.id AS group_id, count(*) AS targets, count(r.unit_id) AS reached
        FROM grp g JOIN units u ON u.path <@ g.path JOIN tgt t ON t.unit_id = u.id
        LEFT JOIN reach r ON r.series_id = t.series_id AND r.unit_id = t.unit_id GROUP BY g.id),
    grp_row AS (
      SELECT g.level, g.path, json_build_object(
               'code', g.code, 'meetingsHeld', COALESCE(h.held, 0), 'lastHeldOn', h.last_held,
               'daysSilent', $4::date - h.last_held, 'attendanceRate', a.attended::float8 / NULLIF(a.known, 0),
               'vacantSeats', COALESCE(ps.vacant, 0), 'officials', COALESCE(ho.officials, 0),
               'womenOfficials', COALESCE(ho.women, 0), 'openOutcomes', COALESCE(o.open, 0),
               'overdueOutcomes', COALESCE(o.overdue, 0),
               'seriesCoverage', c.reached::float8 / NULLIF(c.targets, 0)) AS row
        FROM grp g LEFT JOIN grp_held h ON h.group_id = g.id LEFT JOIN grp_attendance a ON a.group_id = g.id
        LEFT JOIN grp_outcome o ON o.group_id = g.id LEFT JOIN grp_post ps ON ps.group_id = g.id
        LEFT JOIN grp_holder ho ON ho.group_id = g.id LEFT JOIN grp_coverage c ON c.group_id = g.id),
    recent AS (
      SELECT DISTINCT tp.unit_id FROM took_part tp JOIN meeting m ON m.id = tp.meeting_id
       WHERE m.status = 'HELD' AND m.held_on > $4::date - $5::int AND m.held_on <= $4::date),
    silent AS (
      SELECT g.code, g.path FROM units g
       WHERE g.present AND NOT EXISTS (SELECT 1 FROM recent r JOIN units u ON u.id = r.unit_id WHERE u.path <@ g.path))
    SELECT json_build_object(
      'activity', (SELECT json_agg(json_build_object('start', to_char(mo.month, 'YYYY-MM-DD'),
                     'meetingsHeld', COALESCE(pm.held, 0), 'participants', COALESCE(pm.participants, 0),
                     'attendanceRate', pm.attended::float8 / NULLIF(pm.known, 0)) ORDER BY mo.month)
                     FROM months mo LEFT JOIN per_month pm ON pm.month = mo.month),
      'provinces', json_build_object(
        'totalCount', (SELECT count(*) FROM grp_row WHERE level = 'PROVINCIAL'),
        'rows', COALESCE((SELECT json_agg(row ORDER BY path) FROM (
                  SELECT row, path FROM grp_row WHERE level = 'PROVINCIAL' ORDER BY path LIMIT 20) x), '[]')),
      'locals', json_build_object(
        'totalCount', (SELECT count(*) FROM grp_row WHERE level = 'LOCAL'),
        'rows', COALESCE((SELECT json_agg(row ORDER BY path) FROM (
                  SELECT row, path FROM grp_row WHERE level = 'LOCAL' ORDER BY path LIMIT 100) x), '[]')),
      'silent', json_build_object(
        'totalCount', (SELECT count(*) FROM silent),
        'codes', COALESCE((SELECT json_agg(code ORDER BY path) FROM (
                   SELECT code, path FROM silent ORDER BY path LIMIT 20) x), '[]')),
      'vacancies', (SELECT json_build_object(
                      'posts', count(*), 'seats', COALESCE(sum(ps.seats), 0),
                      'vacantSeats', COALESCE(sum(GREATEST(ps.seats - ps.held, 0)), 0),
                      'byLevel', COALESCE((
                        SELECT json_agg(json_build_object('level', level, 'vacantSeats', vacant) ORDER BY depth)
                          FROM (SELECT u.level, nlevel(u.path) AS depth, sum(GREATEST(p2.seats - p2.held, 0)) AS vacant
                                  FROM post_state p2 JOIN units u ON u.id = p2.org_unit_id
                                 GROUP BY u.level, nlevel(u.path)) l), '[]'))
                      FROM post_state ps),
      'outcomes', (SELECT json_build_object(
                     'open', count(*) FILTER (WHERE o.status = 'OPEN' OR o.closed_on > $4::date),
                     'overdue', count(*) FILTER (WHERE (o.status = 'OPEN' OR o.closed_on > $4::date) AND o.due_on < $4::date),
                     'done', count(*) FILTER (WHERE o.status = 'DONE' AND o.closed_on <= $4::date),
                     'dropped', count(*) FILTER (WHERE o.status = 'DROPPED' AND o.closed_on <= $4::date))
                     FROM win w JOIN outcome o ON o.meeting_id = w.id)
    )::text AS json`,
};

// ── the common shape ───────────────────────────────────────────────────────────────────────────────
/** A row of byUnit as the rows' query reads it, named by its unit's code. */
type Row = Omit<RowMetrics, 'key' | 'rn' | 'total'> & { code: string };
interface Answer {
  activity: { start: string; meetingsHeld: number; participants: number; attendanceRate: number | null }[];
  provinces: { totalCount: number; rows: Row[] };
  locals: { totalCount: number; rows: Row[] };
  silent: { totalCount: number; codes: string[] };
  vacancies: {
    posts: number;
    seats: number;
    vacantSeats: number;
    byLevel: { level: string; vacantSeats: number }[];
  };
  outcomes: { open: number; overdue: number; done: number; dropped: number };
}
/** Ratios printed by PostgreSQL and by Node may differ in the last digit. */
const ratio = (value: number | null) => (value === null ? null : Number(value.toPrecision(12)));
const rowShape = (row: Row): Row => ({
  ...row,
  attendanceRate: ratio(row.attendanceRate),
  seriesCoverage: ratio(row.seriesCoverage),
});
const shape = (answer: Answer): Answer => ({
  ...answer,
  activity: answer.activity.map((bucket) => ({ ...bucket, attendanceRate: ratio(bucket.attendanceRate) })),
  provinces: { ...answer.provinces, rows: answer.provinces.rows.map(rowShape) },
  locals: { ...answer.locals, rows: answer.locals.rows.map(rowShape) },
});

interface TanzimRows {
  totalCount: number;
  edges: { node: Omit<Row, 'code'> & { unit: { code: string } } }[];
}
const tanzimRows = ({ totalCount, edges }: TanzimRows) => ({
  totalCount,
  rows: edges.map(({ node: { unit, ...metrics } }) => ({ code: unit.code, ...metrics })),
});

export const Q7: ReadQuery = {
  name: 'Q7',
  title: `a region's dashboard: stats from ${Q7_WINDOW.from} to ${Q7_WINDOW.to} (monthly activity, a row per province and per local unit (first 100), units silent for ${Q7_SILENT_DAYS} days, vacancies, outcomes)`,
  partial: {
    postgraphile: { label: Q7_POSTGRAPHILE_PARTIAL, parts: postGraphileParts },
  },
  call(implementation: Implementation, targets: Targets): Call {
    const params = { code: targets.regionCode, ...Q7_WINDOW, days: Q7_SILENT_DAYS };
    if (implementation === 'baseline') return { path: '/q7', body: JSON.stringify(params) };
    if (implementation === 'postgraphile') {
      return {
        path: '/graphql',
        body: JSON.stringify({ query: PG_DOCUMENT, variables: pgVariables(targets.regionCode) }),
      };
    }
    return { path: '/graphql', body: JSON.stringify({ query: TANZIM_DOCUMENT, variables: params }) };
  },
  normalize(implementation: Implementation, data: unknown): unknown {
    if (implementation === 'baseline') return shape(data as Answer);
    if (implementation === 'postgraphile') return fromPostGraphile(data as PgAnswer);
    const stats = (
      data as {
        orgUnit: {
          stats: Omit<Answer, 'provinces' | 'locals' | 'silent'> & {
            provinces: TanzimRows;
            locals: TanzimRows;
            silentUnits: { totalCount: number; edges: { node: { code: string } }[] };
          };
        };
      }
    ).orgUnit.stats;
    return shape({
      activity: stats.activity,
      provinces: tanzimRows(stats.provinces),
      locals: tanzimRows(stats.locals),
      silent: {
        totalCount: stats.silentUnits.totalCount,
        codes: stats.silentUnits.edges.map((edge) => edge.node.code),
      },
      vacancies: stats.vacancies,
      outcomes: stats.outcomes,
    });
  },
};
