import { randomUUID } from 'node:crypto';
import { OFF_PATH_QUERIES, OFF_PATH_SQL } from './offpath';
import { Q7, Q7_BASELINE } from './q7';
import { DASHBOARD_FROM, DATA_END } from './shape';

/**
 * The benchmark's questions, each asked the way every implementation is asked it: Tanzim's GraphQL
 * API, PostGraphile's generated schema and one hand-written SQL statement for the baseline. Each
 * answer is mapped to one common shape, so that "the same data" is a deep equality. Lists whose order
 * the question does not fix (officials of a unit, participants of a meeting, a unit's meetings on the
 * dashboard) are put in id order; the order of units (by code) and of the latest meetings is compared
 * as answered.
 */
export type Implementation = 'baseline' | 'postgraphile' | 'tanzim';
export type QueryName = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'Q6' | 'Q7' | 'Q8' | 'Q9' | 'Q10' | 'Q11' | 'Q12';

/** What the questions are about, resolved once from the database before any request. */
export interface Targets {
  /** Q1's local unit. */
  unitCode: string;
  /** Q2 and Q3's region, the scope of the region's token, Q9's region and Q12's. */
  regionCode: string;
  regionId: string;
  regionPath: string;
  /** Q4's province, and the convener of Q5's meetings. */
  provinceCode: string;
  provinceId: string;
  /** The province's tree path, which the audit row of a recorded meeting is filed under. */
  provincePath: string;
  /** Q6's root. */
  nationalCode: string;
  /** The ten people of Q5's meetings. */
  participantIds: string[];
  /** Q11's national series. */
  seriesId: string;
  /** Q10's page: its deep page, or the last page of the province's subtree at a small scale. */
  deepPage: number;
}

/** One HTTP POST; `path` is relative to the implementation's base URL. */
export interface Call {
  path: string;
  body: string;
}

export interface ReadQuery {
  name: Exclude<QueryName, 'Q5'>;
  /** How the question reads in the report. */
  title: string;
  /**
   * The request for a page; `after` says where the previous page ended, in the implementation's own
   * terms (Tanzim's cursor, or an offset). Only Q4 has a second page.
   */
  call(implementation: Implementation, targets: Targets, after?: string, variant?: number): Call;
  /** The answer's data (GraphQL `data`, or the baseline's JSON) in the common shape. */
  normalize(implementation: Implementation, data: unknown): unknown;
  /** For a paged question: the `after` of the next page, from this implementation's answer. */
  nextCursor?(implementation: Implementation, data: unknown, pagesBefore?: number): string;
  /** Several request bodies, asked in turn (each is a call): how many. */
  variants?: number;
  /** The page asked (the cursor found by walking the pages before it), instead of pages 1 and 2. */
  startPage?(targets: Targets): number;
  /** Asked by a caller scoped to the region (`Targets.regionCode`): the baseline answers as that caller. */
  scoped?: boolean;
  /** Implementations that cannot answer the question, left out of its gate, counts and timings. */
  skips?: Implementation[];
  /**
   * Implementations that answer only some parts of the question: how the report labels them, and
   * those parts taken from an answer in the common shape (the gate compares them with the baseline's).
   */
  partial?: Partial<Record<Implementation, { label: string; parts(answer: unknown): unknown }>>;
}

/** The day "current" officials hold office and the dashboard's window (fixed: every run sees the same). */
export const AS_OF = DATA_END;
export const DASHBOARD_TO = DATA_END;
/** Q5's meetings are dated before the data's ten years, so no read question ever sees them. */
export const RECORDED_MEETING_DATE = '2015-06-01';
export const PAGE_SIZE = 50;

const graphql = (query: string, variables: Record<string, unknown>): Call => ({
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});
const baseline = (name: QueryName, params: Record<string, unknown>): Call => ({
  path: `/${name.toLowerCase()}`,
  body: JSON.stringify(params),
});
const byId = <T extends { id: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

// ── common shapes ──────────────────────────────────────────────────────────────────────────────────
interface UnitRef {
  id: string;
  code: string;
  level: string;
  nameAr: string;
  nameFr: string;
}
interface PersonRef {
  id: string;
  fullNameAr: string | null;
  fullNameLatin: string | null;
}
interface Official {
  id: string;
  person: PersonRef;
  position: { id: string; titleFr: string; role: string };
}
interface TreeUnit {
  id: string;
  code: string;
  nameFr: string;
  officials: Official[];
  children?: TreeUnit[];
}
interface DashboardMeeting {
  id: string;
  date: string;
  kind: string;
  participants: number;
  attended: number;
}
interface DashboardUnit {
  id: string;
  code: string;
  nameFr: string;
  meetings: DashboardMeeting[];
}
interface Participant {
  id: string;
  role: string;
  attendance: string | null;
  person: PersonRef | null;
}
interface MeetingPage {
  totalCount: number;
  hasNextPage: boolean;
  meetings: { id: string; date: string; kind: string; titleFr: string | null; participants: Participant[] }[];
}

const canonicalTree = (unit: TreeUnit): TreeUnit => ({
  ...unit,
  officials: byId(unit.officials),
  ...(unit.children ? { children: unit.children.map(canonicalTree) } : {}),
});

// ── PostGraphile pieces ────────────────────────────────────────────────────────────────────────────
interface Nodes<T> {
  nodes: T[];
}
interface PgPerson {
  rowId: string;
  fullNameAr: string | null;
  fullNameLatin: string | null;
}
const pgPerson = (p: PgPerson | null): PersonRef | null =>
  p && { id: p.rowId, fullNameAr: p.fullNameAr, fullNameLatin: p.fullNameLatin };

const PG_PERSON = 'rowId fullNameAr fullNameLatin';
/**
 * A unit with its officials, through the functions of `bench/postgraphile/setup.sql` (computed
 * columns): the mandates running on the day on its posts, and its sub-units existing on the day.
 */
const PG_UNIT = `rowId code nameFr
  officials(asOf: $asOf) { nodes { rowId personByPersonId { ${PG_PERSON} } positionByPositionId { rowId titleFr roleCode } } }`;
const pgChildren = (inner: string) => `childrenOn(asOf: $asOf) { nodes { ${inner} } }`;

interface PgTreeUnit {
  rowId: string;
  code: string;
  nameFr: string;
  officials: Nodes<{
    rowId: string;
    personByPersonId: PgPerson;
    positionByPositionId: { rowId: string; titleFr: string; roleCode: string };
  }>;
  childrenOn?: Nodes<PgTreeUnit>;
}
const fromPgTree = (unit: PgTreeUnit): TreeUnit => ({
  id: unit.rowId,
  code: unit.code,
  nameFr: unit.nameFr,
  officials: unit.officials.nodes.map((mandate) => ({
    id: mandate.rowId,
    person: pgPerson(mandate.personByPersonId)!,
    position: {
      id: mandate.positionByPositionId.rowId,
      titleFr: mandate.positionByPositionId.titleFr,
      role: mandate.positionByPositionId.roleCode,
    },
  })),
  ...(unit.childrenOn ? { children: unit.childrenOn.nodes.map(fromPgTree) } : {}),
});

// ── Tanzim pieces ──────────────────────────────────────────────────────────────────────────────────
const TZ_PERSON = 'id fullNameAr fullNameLatin';
const TZ_UNIT = `id code nameFr officials { id person { ${TZ_PERSON} } position { id titleFr role { code } } }`;
interface TzTreeUnit {
  id: string;
  code: string;
  nameFr: string;
  officials: {
    id: string;
    person: PersonRef;
    position: { id: string; titleFr: string; role: { code: string } };
  }[];
  children?: TzTreeUnit[];
}
const fromTzTree = (unit: TzTreeUnit): TreeUnit => ({
  id: unit.id,
  code: unit.code,
  nameFr: unit.nameFr,
  officials: unit.officials.map((o) => ({ ...o, position: { ...o.position, role: o.position.role.code } })),
  ...(unit.children ? { children: unit.children.map(fromTzTree) } : {}),
});

// ── baseline pieces ────────────────────────────────────────────────────────────────────────────────
/** A unit exists on the day $asOf from its founding until the day before its dissolution. */
const sqlExistsOn = (u: string) =>
  `(${u}.founded_on IS NULL OR ${u}.founded_on <= $2::date) AND (${u}.dissolved_on IS NULL OR ${u}.dissolved_on > $2::date)`;
const sqlPerson = (p: string) =>
  `json_build_object('id', ${p}.id, 'fullNameAr', ${p}.full_name_ar, 'fullNameLatin', ${p}.full_name_latin)`;
/** The mandates running on $2 on the unit's posts, in the catalogue's order of roles. */
const sqlOfficials = (u: string) => `COALESCE((
  SELECT json_agg(json_build_object('id', m.id, 'person', ${sqlPerson('pe')},
           'position', json_build_object('id', po.id, 'titleFr', po.title_fr, 'role', po.role_code))
         ORDER BY ro.sort_order, m.seat)
    FROM position po JOIN role ro ON ro.code = po.role_code
    JOIN mandate m ON m.position_id = po.id JOIN person pe ON pe.id = m.person_id
   WHERE po.org_unit_id = ${u}.id AND m.term @> $2::date), '[]')`;
/** A unit with its officials and, `depth` levels down, its sub-units existing on $2. */
const sqlTree = (u: string, depth: number): string => {
  const fields = `'id', ${u}.id, 'code', ${u}.code, 'nameFr', ${u}.name_fr, 'officials', ${sqlOfficials(u)}`;
  if (depth === 0) return `json_build_object(${fields})`;
  const c = `${u}c`;
  return `json_build_object(${fields}, 'children', COALESCE((
    SELECT json_agg(${sqlTree(c, depth - 1)} ORDER BY ${c}.code)
      FROM org_unit ${c} WHERE ${c}.parent_id = ${u}.id AND ${sqlExistsOn(c)}), '[]'))`;
};
/**
 * The meetings a unit convened or took part in (as Tanzim's `OrgUnit.meetings` reads them); a
 * `convened` condition on `mc` narrows the first branch through the convener's index (unit, day),
 * a `tookPart` condition on `mu` the second through the meeting units' (unit, day).
 */
const sqlMeetingsOf = (unitId: string, convened = 'TRUE', tookPart = 'TRUE') =>
  `SELECT mc.id FROM meeting mc WHERE mc.convening_unit_id = ${unitId} AND ${convened}
   UNION SELECT mu.meeting_id FROM meeting_unit mu WHERE mu.org_unit_id = ${unitId} AND ${tookPart}`;
export const sqlOrderMeetings = (m: string) => `${m}.held_on DESC, ${m}.starts_at DESC NULLS LAST, ${m}.id`;

/** The baseline's statements, by question (served on /q1 … /q6), with their parameters' names in order. */
export const BASELINE_SQL: Record<QueryName, { sql: string; params: string[] }> = {
  ...(OFF_PATH_SQL as Record<'Q8' | 'Q9' | 'Q10' | 'Q11' | 'Q12', { sql: string; params: string[] }>),
  Q1: {
    params: ['code'],
    sql: `SELECT json_build_object('id', u.id, 'code', u.code, 'level', u.level, 'nameAr', u.name_ar, 'nameFr', u.name_fr,
      'ancestors', COALESCE((
        SELECT json_agg(json_build_object('id', a.id, 'code', a.code, 'level', a.level, 'nameAr', a.name_ar, 'nameFr', a.name_fr)
               ORDER BY nlevel(a.path))
          FROM org_unit a WHERE a.path @> u.path AND a.id <> u.id), '[]'))::text AS json
      FROM org_unit u WHERE u.code = $1`,
  },
  Q2: {
    params: ['code', 'asOf'],
    sql: `SELECT ${sqlTree('u', 2)}::text AS json FROM org_unit u WHERE u.code = $1`,
  },
  Q3: {
    params: ['code', 'asOf', 'from', 'to'],
    sql: `SELECT json_build_object('units', COALESCE(json_agg(json_build_object('id', l.id, 'code', l.code, 'nameFr', l.name_fr,
        'meetings', COALESCE((
          SELECT json_agg(json_build_object('id', m.id, 'date', m.held_on, 'kind', m.kind,
                   'participants', c.participants, 'attended', c.attended) ORDER BY m.id)
            FROM meeting m
            CROSS JOIN LATERAL (
              SELECT count(*) AS participants, count(*) FILTER (WHERE pa.attendance = 'ATTENDED') AS attended
                FROM participation pa WHERE pa.meeting_id = m.id) c
           WHERE m.id IN (${sqlMeetingsOf('l.id', 'mc.held_on BETWEEN $3::date AND $4::date', 'mu.held_on BETWEEN $3::date AND $4::date')})
             AND m.held_on BETWEEN $3::date AND $4::date), '[]'))
        ORDER BY l.code), '[]'))::text AS json
      FROM org_unit r
      JOIN org_unit p ON p.parent_id = r.id AND ${sqlExistsOn('p')}
      JOIN org_unit l ON l.parent_id = p.id AND ${sqlExistsOn('l')}
     WHERE r.code = $1`,
  },
  Q4: {
    params: ['code', 'offset'],
    // Ranked by the day and start both indexes hold, so only the page's meetings are read.
    sql: `WITH u AS (SELECT id FROM org_unit WHERE code = $1),
      ids AS (SELECT mc.id, mc.held_on, mc.starts_at FROM meeting mc WHERE mc.convening_unit_id = (SELECT id FROM u)
              UNION SELECT mu.meeting_id, mu.held_on, mu.starts_at FROM meeting_unit mu WHERE mu.org_unit_id = (SELECT id FROM u)),
      page AS (SELECT m.* FROM (SELECT k.id FROM ids k ORDER BY ${sqlOrderMeetings('k')} LIMIT ${PAGE_SIZE} OFFSET $2::int) k
                 JOIN meeting m ON m.id = k.id)
      SELECT json_build_object(
        'totalCount', (SELECT count(*) FROM ids),
        'hasNextPage', (SELECT count(*) FROM ids) > $2::int + ${PAGE_SIZE},
        'endCursor', ($2::int + ${PAGE_SIZE})::text,
        'meetings', COALESCE((
          SELECT json_agg(json_build_object('id', m.id, 'date', m.held_on, 'kind', m.kind, 'titleFr', m.title_fr,
                   'participants', COALESCE((
                     SELECT json_agg(json_build_object('id', pa.id, 'role', pa.role, 'attendance', pa.attendance,
                              'person', CASE WHEN pe.id IS NULL THEN NULL ELSE ${sqlPerson('pe')} END)
                            ORDER BY pa.created_at, pa.id)
                       FROM participation pa LEFT JOIN person pe ON pe.id = pa.person_id
                      WHERE pa.meeting_id = m.id), '[]'))
                 ORDER BY ${sqlOrderMeetings('m')})
            FROM page m), '[]'))::text AS json`,
  },
  Q7: Q7_BASELINE,
  // The same writes as Tanzim's recordMeeting, in one statement: the meeting, its participants, the
  // idempotency key and the audit row.
  Q5: {
    params: ['requestId', 'convenerUnitId', 'date', 'titleFr', 'personIds'],
    sql: `WITH m AS (
        INSERT INTO meeting (kind, status, title_fr, held_on, convening_unit_id, search_text)
        VALUES ('BUREAU', 'HELD', $4, $3::date, $2::uuid, lower($4)) RETURNING *),
      p AS (
        INSERT INTO participation (meeting_id, person_id, role, attendance)
        SELECT m.id, person_id, 'ATTENDEE', 'ATTENDED' FROM m, unnest($5::uuid[]) AS person_id RETURNING id),
      k AS (
        INSERT INTO idempotency_key (actor, action, key, payload_hash, result_id)
        SELECT 'baseline', 'recordMeeting', $1, md5($4), m.id FROM m),
      a AS (
        INSERT INTO audit_event (request_id, action, entity_type, entity_id, unit_path, after)
        SELECT $1, 'recordMeeting', 'Meeting', m.id, (SELECT path FROM org_unit WHERE id = m.convening_unit_id),
               to_jsonb(m) - 'search_text'
          FROM m)
      SELECT json_build_object('id', m.id, 'participants', (SELECT count(*) FROM p))::text AS json FROM m`,
  },
  Q6: {
    params: ['code', 'asOf'],
    sql: `SELECT ${sqlTree('u', 3)}::text AS json FROM org_unit u WHERE u.code = $1`,
  },
};

// ── the questions ──────────────────────────────────────────────────────────────────────────────────
const Q1: ReadQuery = {
  name: 'Q1',
  title: 'a unit by code with its ancestors',
  call(implementation, targets) {
    const code = targets.unitCode;
    if (implementation === 'baseline') return baseline('Q1', { code });
    if (implementation === 'tanzim') {
      const unit = 'id code level nameAr nameFr';
      return graphql(`query Q1($code: String!) { orgUnit(code: $code) { ${unit} ancestors { ${unit} } } }`, {
        code,
      });
    }
    // The ancestors through a function (setup.sql: `org_unit_ancestors`), root first.
    const unit = 'rowId code level nameAr nameFr';
    return graphql(
      `query Q1($code: String!) { orgUnitByCode(code: $code) { ${unit} ancestors { nodes { ${unit} } } } }`,
      { code },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return data;
    if (implementation === 'tanzim') return (data as { orgUnit: unknown }).orgUnit;
    type PgUnit = Omit<UnitRef, 'id'> & { rowId: string };
    const ref = ({ rowId, code, level, nameAr, nameFr }: PgUnit): UnitRef => ({
      id: rowId,
      code,
      level,
      nameAr,
      nameFr,
    });
    const unit = (data as { orgUnitByCode: PgUnit & { ancestors: Nodes<PgUnit> } }).orgUnitByCode;
    return { ...ref(unit), ancestors: unit.ancestors.nodes.map(ref) };
  },
};

/** Q2 and Q6: a subtree `depth` levels deep with the officials of every unit on AS_OF. */
const subtree = (
  name: 'Q2' | 'Q6',
  title: string,
  depth: number,
  root: (t: Targets) => string,
): ReadQuery => ({
  name,
  title,
  call(implementation, targets) {
    const code = root(targets);
    if (implementation === 'baseline') return baseline(name, { code, asOf: AS_OF });
    if (implementation === 'tanzim') {
      let tree = TZ_UNIT;
      for (let i = 0; i < depth; i++) tree = `${TZ_UNIT} children { ${tree} }`;
      return graphql(
        `query ${name}($code: String!, $asOf: Date!) { orgUnit(code: $code, asOf: $asOf) { ${tree} } }`,
        { code, asOf: AS_OF },
      );
    }
    let tree = PG_UNIT;
    for (let i = 0; i < depth; i++) tree = `${PG_UNIT} ${pgChildren(tree)}`;
    return graphql(`query ${name}($code: String!, $asOf: Date!) { orgUnitByCode(code: $code) { ${tree} } }`, {
      code,
      asOf: AS_OF,
    });
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return canonicalTree(data as TreeUnit);
    if (implementation === 'tanzim') {
      return canonicalTree(fromTzTree((data as { orgUnit: TzTreeUnit }).orgUnit));
    }
    return canonicalTree(fromPgTree((data as { orgUnitByCode: PgTreeUnit }).orgUnitByCode));
  },
});

const Q3: ReadQuery = {
  name: 'Q3',
  title: `dashboard: every local unit of a region with its meetings from ${DASHBOARD_FROM} to ${DASHBOARD_TO} and their attendance`,
  call(implementation, targets) {
    const code = targets.regionCode;
    const window = { from: DASHBOARD_FROM, to: DASHBOARD_TO };
    if (implementation === 'baseline') return baseline('Q3', { code, asOf: AS_OF, ...window });
    if (implementation === 'tanzim') {
      return graphql(
        `
          query Q3($code: String!, $asOf: Date!, $from: Date!, $to: Date!) {
            orgUnit(code: $code, asOf: $asOf) {
              children {
                children {
                  id
                  code
                  nameFr
                  meetings(from: $from, to: $to, first: 100) {
                    totalCount
                    edges {
                      node {
                        id
                        date
                        kind
                        attendance {
                          participants
                          attended
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        `,
        { code, asOf: AS_OF, ...window },
      );
    }
    // A unit's meetings in the window and their counts through functions (setup.sql).
    return graphql(
      `query Q3($code: String!, $asOf: Date!, $from: Date!, $to: Date!) {
        orgUnitByCode(code: $code) { ${pgChildren(
          pgChildren(`rowId code nameFr
            meetingsBetween(fromDay: $from, toDay: $to) { nodes { rowId heldOn kind participantCount attendedCount } }`),
        )} } }`,
      { code, asOf: AS_OF, ...window },
    );
  },
  normalize(implementation, data) {
    let units: DashboardUnit[];
    if (implementation === 'baseline') {
      units = (data as { units: DashboardUnit[] }).units;
    } else if (implementation === 'tanzim') {
      type Local = Omit<DashboardUnit, 'meetings'> & {
        meetings: {
          totalCount: number;
          edges: {
            node: {
              id: string;
              date: string;
              kind: string;
              attendance: { participants: number; attended: number };
            };
          }[];
        };
      };
      const region = (data as { orgUnit: { children: { children: Local[] }[] } }).orgUnit;
      units = region.children.flatMap((province) =>
        province.children.map(({ meetings, ...local }) => {
          if (meetings.totalCount > meetings.edges.length) {
            throw new Error(`${local.code} has more meetings (${meetings.totalCount}) than one page.`);
          }
          return {
            ...local,
            meetings: meetings.edges.map(({ node: { attendance, ...meeting } }) => ({
              ...meeting,
              ...attendance,
            })),
          };
        }),
      );
    } else {
      interface PgMeeting {
        rowId: string;
        heldOn: string;
        kind: string;
        participantCount: number;
        attendedCount: number;
      }
      interface PgLocal {
        rowId: string;
        code: string;
        nameFr: string;
        meetingsBetween: Nodes<PgMeeting>;
      }
      const region = (data as { orgUnitByCode: { childrenOn: Nodes<{ childrenOn: Nodes<PgLocal> }> } })
        .orgUnitByCode;
      units = region.childrenOn.nodes.flatMap((province) =>
        province.childrenOn.nodes.map((local) => ({
          id: local.rowId,
          code: local.code,
          nameFr: local.nameFr,
          meetings: local.meetingsBetween.nodes.map((m) => ({
            id: m.rowId,
            date: m.heldOn,
            kind: m.kind,
            participants: m.participantCount,
            attended: m.attendedCount,
          })),
        })),
      );
    }
    return units.map((unit) => ({ ...unit, meetings: byId(unit.meetings) }));
  },
};

const Q4: ReadQuery = {
  name: 'Q4',
  title: `a province's ${PAGE_SIZE} latest meetings with participants and their people, then the next page`,
  call(implementation, targets, after) {
    if (implementation === 'baseline') {
      return baseline('Q4', { code: targets.provinceCode, offset: after === undefined ? 0 : Number(after) });
    }
    if (implementation === 'tanzim') {
      return graphql(
        `query Q4($code: String!, $after: String) { orgUnit(code: $code) {
          meetings(first: ${PAGE_SIZE}, after: $after) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { id date kind titleFr participants { id role attendance person { ${TZ_PERSON} } } } } } } }`,
        { code: targets.provinceCode, after: after ?? null },
      );
    }
    // A unit's meetings through a function (setup.sql: `org_unit_meetings`, in Tanzim's order); the
    // next page by offset, as PostGraphile pages a function's rows.
    return graphql(
      `query Q4($code: String!, $offset: Int) { orgUnitByCode(code: $code) {
        meetings(first: ${PAGE_SIZE}, offset: $offset) {
          totalCount pageInfo { hasNextPage }
          nodes { rowId heldOn kind titleFr
            participationsByMeetingId { nodes { rowId role attendance personByPersonId { ${PG_PERSON} } } } } } } }`,
      { code: targets.provinceCode, offset: after === undefined ? null : Number(after) },
    );
  },
  normalize(implementation, data) {
    let page: MeetingPage;
    if (implementation === 'baseline') {
      const { endCursor: _cursor, ...rest } = data as MeetingPage & { endCursor: string };
      page = rest;
    } else if (implementation === 'tanzim') {
      const { meetings } = (
        data as {
          orgUnit: {
            meetings: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean };
              edges: { node: MeetingPage['meetings'][number] }[];
            };
          };
        }
      ).orgUnit;
      page = {
        totalCount: meetings.totalCount,
        hasNextPage: meetings.pageInfo.hasNextPage,
        meetings: meetings.edges.map((edge) => edge.node),
      };
    } else {
      interface PgMeeting {
        rowId: string;
        heldOn: string;
        kind: string;
        titleFr: string | null;
        participationsByMeetingId: Nodes<{
          rowId: string;
          role: string;
          attendance: string | null;
          personByPersonId: PgPerson | null;
        }>;
      }
      const allMeetings = (
        data as {
          orgUnitByCode: {
            meetings: { totalCount: number; pageInfo: { hasNextPage: boolean } } & Nodes<PgMeeting>;
          };
        }
      ).orgUnitByCode.meetings;
      page = {
        totalCount: allMeetings.totalCount,
        hasNextPage: allMeetings.pageInfo.hasNextPage,
        meetings: allMeetings.nodes.map((m) => ({
          id: m.rowId,
          date: m.heldOn,
          kind: m.kind,
          titleFr: m.titleFr,
          participants: m.participationsByMeetingId.nodes.map((p) => ({
            id: p.rowId,
            role: p.role,
            attendance: p.attendance,
            person: pgPerson(p.personByPersonId),
          })),
        })),
      };
    }
    return {
      ...page,
      meetings: page.meetings.map((meeting) => ({ ...meeting, participants: byId(meeting.participants) })),
    };
  },
  nextCursor(implementation, data) {
    if (implementation === 'baseline') return (data as { endCursor: string }).endCursor;
    if (implementation === 'tanzim') {
      return (data as { orgUnit: { meetings: { pageInfo: { endCursor: string } } } }).orgUnit.meetings
        .pageInfo.endCursor;
    }
    return String(PAGE_SIZE);
  },
};

export const READ_QUERIES: ReadQuery[] = [
  Q1,
  subtree(
    'Q2',
    "a region's subtree (provinces → locals) with every unit's current officials",
    2,
    (t) => t.regionCode,
  ),
  Q3,
  Q4,
  subtree(
    'Q6',
    'the whole national tree with every current official (large response)',
    3,
    (t) => t.nationalCode,
  ),
  Q7,
  ...OFF_PATH_QUERIES,
];

/** Read questions a region's secretary asks as well: timed also with a token scoped to the region. */
/** The questions off the benched paths: timed with Tanzim on Node 24 only. */
export const OFF_PATH: QueryName[] = ['Q8', 'Q9', 'Q10', 'Q11', 'Q12'];
export const REGIONAL_QUERIES: QueryName[] = ['Q1', 'Q2', 'Q3', 'Q4', 'Q7', 'Q8', 'Q9', 'Q10', 'Q12'];

/** The implementations that answer a question. */
export const answering = <S extends { implementation: Implementation }>(query: ReadQuery, subjects: S[]) =>
  subjects.filter((subject) => !query.skips?.includes(subject.implementation));

/**
 * Q5, recording a meeting with 10 participants: a new body for every request (a fresh idempotency
 * key, and for PostGraphile a meeting id chosen by the client so its participants can refer to it).
 */
export function recordMeetingCall(
  implementation: Implementation,
  targets: Targets,
): Call & { titleFr: string } {
  const key = randomUUID();
  const titleFr = `Réunion de bureau ${key}`;
  return { ...recordMeetingBody(implementation, targets, key, titleFr), titleFr };
}

function recordMeetingBody(
  implementation: Implementation,
  targets: Targets,
  key: string,
  titleFr: string,
): Call {
  const { provinceId: convenerUnitId, participantIds } = targets;
  if (implementation === 'baseline') {
    return baseline('Q5', {
      requestId: key,
      convenerUnitId,
      date: RECORDED_MEETING_DATE,
      titleFr,
      personIds: participantIds,
    });
  }
  if (implementation === 'tanzim') {
    return graphql(
      `
        mutation Q5($input: RecordMeetingInput!) {
          recordMeeting(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          kind: 'BUREAU',
          status: 'HELD',
          titleFr,
          date: RECORDED_MEETING_DATE,
          convenerUnitId,
          participants: participantIds.map((personId) => ({
            personId,
            role: 'ATTENDEE',
            attendance: 'ATTENDED',
          })),
          idempotencyKey: key,
        },
      },
    );
  }
  // PostGraphile's generated create mutations, one per row, in one document (each its own statement,
  // not one transaction): the meeting, its participants, the idempotency key, the audit row.
  const meetingId = randomUUID();
  const fields = [
    `m: createMeeting(input: { meeting: $meeting }) { meeting { rowId } }`,
    ...participantIds.map(
      (_, i) => `p${i}: createParticipation(input: { participation: $p${i} }) { participation { rowId } }`,
    ),
    `k: createIdempotencyKey(input: { idempotencyKey: $key }) { clientMutationId }`,
    `a: createAuditEvent(input: { auditEvent: $audit }) { clientMutationId }`,
  ];
  const variables: Record<string, unknown> = {
    meeting: {
      rowId: meetingId,
      kind: 'BUREAU',
      status: 'HELD',
      titleFr,
      heldOn: RECORDED_MEETING_DATE,
      conveningUnitId: convenerUnitId,
      searchText: titleFr.toLowerCase(),
    },
    key: { actor: 'postgraphile', action: 'recordMeeting', key, payloadHash: key, resultId: meetingId },
    audit: {
      requestId: key,
      action: 'recordMeeting',
      entityType: 'Meeting',
      entityId: meetingId,
      unitPath: targets.provincePath,
      after: { id: meetingId, titleFr },
    },
  };
  participantIds.forEach((personId, i) => {
    variables[`p${i}`] = { meetingId, personId, role: 'ATTENDEE', attendance: 'ATTENDED' };
  });
  const declarations = [
    '$meeting: MeetingInput!',
    ...participantIds.map((_, i) => `$p${i}: ParticipationInput!`),
    '$key: IdempotencyKeyInput!',
    '$audit: AuditEventInput!',
  ];
  return graphql(`mutation Q5(${declarations.join(', ')}) { ${fields.join('\n')} }`, variables);
}
