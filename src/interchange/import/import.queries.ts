import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { createRequestContext, RequestContext } from '../../common/context';
import { moroccoInstant, moroccoTimeOfDay } from '../../common/morocco-time';

/**
 * The import's SQL: the lookups that plan each chunk of a file (by the codes and keys the chunk
 * names, a few statements per chunk whatever its size) and the batched writes that apply it (one
 * statement per kind of row, with arrays unnested, never one per row).
 */

/** Rows per write statement. */
const CHUNK = 5000;

const run = <T>(ctx: RequestContext, sql: string, params: unknown[]): Promise<T[]> =>
  ctx.manager.query(sql, params) as Promise<T[]>;

async function inChunks<T>(
  rows: readonly T[],
  write: (chunk: readonly T[]) => Promise<unknown>,
): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) await write(rows.slice(at, at + CHUNK));
}

const column = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((row) => row[key]);

/** How rows of one kind are written: each column's name, its SQL type, and the row's field (or value) that fills it. */
type ColumnsOf<T> = readonly (readonly [
  name: string,
  type: string,
  value: keyof T | ((row: T) => unknown),
])[];

/** A chunk of rows as one array per column, unnested into the relation `v` named after the columns (`names`). */
function unnested<T>(
  columns: ColumnsOf<T>,
  chunk: readonly T[],
): { from: string; names: string; params: unknown[] } {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = columns.map(([name]) => name).join(', ');
  return {
    from: `unnest(${arrays}) AS v (${names})`,
    names,
    params: columns.map(([, , value]) =>
      typeof value === 'function' ? chunk.map(value) : column(chunk, value),
    ),
  };
}

/** Inserts rows, every column as given; `onConflict`: what a row already there does. */
const insertRows = <T>(
  ctx: RequestContext,
  table: string,
  columns: ColumnsOf<T>,
  rows: readonly T[],
  onConflict = '',
) =>
  inChunks(rows, (chunk) => {
    const { from, names, params } = unnested(columns, chunk);
    return run(ctx, `INSERT INTO ${table} (${names}) SELECT * FROM ${from} ${onConflict}`, params);
  });

/** Updates the rows of `table` (as `alias`) with these ids: `set` assigns from `v`, the new values. */
const updateRows = <T>(
  ctx: RequestContext,
  [table, alias]: [string, string],
  columns: ColumnsOf<T>,
  rows: readonly T[],
  set: string,
) =>
  inChunks(rows, (chunk) => {
    const { from, params } = unnested(columns, chunk);
    return run(ctx, `UPDATE ${table} ${alias} SET ${set} FROM ${from} WHERE ${alias}.id = v.id`, params);
  });

// ── lookups ──────────────────────────────────────────────────────────────────────────────────────

export interface UnitRow {
  id: string;
  code: string;
  level: string;
  parentId: string | null;
  parentCode: string | null;
  path: string;
  nameAr: string;
  nameFr: string;
  territoryId: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
}

export const unitsByCode = (ctx: RequestContext, codes: string[]): Promise<UnitRow[]> =>
  run(
    ctx,
    `SELECT u.id, u.code, u.level, u.parent_id AS "parentId", p.code AS "parentCode", u.path::text AS path,
            u.name_ar AS "nameAr", u.name_fr AS "nameFr", u.territory_id AS "territoryId",
            u.founded_on::text AS "foundedOn", u.dissolved_on::text AS "dissolvedOn"
       FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id
      WHERE u.code = ANY($1::text[])`,
    [codes],
  );

/** Territories by their code, ISO code or HCP code. */
export const territoriesByCode = (ctx: RequestContext, codes: string[]) =>
  run<{ id: string; code: string; isoCode: string | null; hcpCode: string | null }>(
    ctx,
    `SELECT id, code, iso_code AS "isoCode", hcp_code AS "hcpCode" FROM territory
      WHERE code = ANY($1::text[]) OR iso_code = ANY($1::text[]) OR hcp_code = ANY($1::text[])`,
    [codes],
  );

export const roleCatalogue = (ctx: RequestContext) =>
  run<{ code: string; titleAr: string; titleFr: string }>(
    ctx,
    `SELECT code, title_ar AS "titleAr", title_fr AS "titleFr" FROM role ORDER BY sort_order`,
    [],
  );

export interface PersonRow {
  id: string;
  fullNameAr: string | null;
  fullNameLatin: string | null;
  gender: string | null;
  birthYear: number | null;
  membershipNumber: string | null;
  homeUnitId: string | null;
  homePath: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  /** The key the lookup matched (a membership number or an external id). */
  key: string;
}

const PERSON_COLUMNS = `p.id, p.full_name_ar AS "fullNameAr", p.full_name_latin AS "fullNameLatin", p.gender,
  p.birth_year AS "birthYear", p.membership_number AS "membershipNumber", p.home_unit_id AS "homeUnitId",
  u.path::text AS "homePath", p.phone, p.email, p.address`;

export const peopleByMembershipNumber = (ctx: RequestContext, numbers: string[]): Promise<PersonRow[]> =>
  run(
    ctx,
    `SELECT ${PERSON_COLUMNS}, p.membership_number AS key
       FROM person p LEFT JOIN org_unit u ON u.id = p.home_unit_id
      WHERE p.membership_number = ANY($1::text[])`,
    [numbers],
  );

export const peopleByExternalId = (ctx: RequestContext, keys: string[]): Promise<PersonRow[]> =>
  run(
    ctx,
    `SELECT ${PERSON_COLUMNS}, k.key
       FROM import_key k JOIN person p ON p.id = k.entity_id LEFT JOIN org_unit u ON u.id = p.home_unit_id
      WHERE k.kind = 'PERSON' AND k.key = ANY($1::text[])`,
    [keys],
  );

/**
 * People of the registry with one of these folded names (either script, as their stored search text
 * holds them) and birth years, for duplicate checks; people this import created are left out (a row
 * of the file repeats them, which the import tells apart).
 */
export const peopleWithNamesBornIn = (
  ctx: RequestContext,
  importId: string,
  wanted: { year: number; name: string }[],
) =>
  run<{ year: number; name: string; id: string; homePath: string | null }>(
    ctx,
    `WITH wanted AS (SELECT DISTINCT * FROM unnest($1::int[], $2::text[]) AS w (year, name))
     SELECT w.year, w.name, p.id, u.path::text AS "homePath"
       FROM person p
            CROSS JOIN LATERAL unnest(string_to_array(p.search_text, ' | ')) AS n (name)
            JOIN wanted w ON w.year = p.birth_year AND w.name = n.name
            LEFT JOIN org_unit u ON u.id = p.home_unit_id
      WHERE p.birth_year = ANY($1::int[])
        AND NOT EXISTS (SELECT 1 FROM import_row r
                         WHERE r.entity_id = p.id AND r.import_id = $3 AND r.action = 'CREATED')`,
    [column(wanted, 'year'), column(wanted, 'name'), importId],
  );

export const positionsOfUnits = (ctx: RequestContext, unitIds: string[]) =>
  run<{ id: string; unitId: string; roleCode: string; seats: number }>(
    ctx,
    `SELECT id, org_unit_id AS "unitId", role_code AS "roleCode", seats FROM position
      WHERE org_unit_id = ANY($1::uuid[])`,
    [unitIds],
  );

export interface MandateRow {
  id: string;
  positionId: string;
  personId: string;
  seat: number;
  startsOn: string | null;
  attestedOn: string | null;
  endsOn: string | null;
  status: string;
  endReason: string | null;
  source: string | null;
}

export const mandatesOfPositions = (ctx: RequestContext, positionIds: string[]): Promise<MandateRow[]> =>
  run(
    ctx,
    `SELECT id, position_id AS "positionId", person_id AS "personId", seat, starts_on::text AS "startsOn",
            attested_on::text AS "attestedOn", ends_on::text AS "endsOn", status, end_reason AS "endReason", source
       FROM mandate WHERE position_id = ANY($1::uuid[])`,
    [positionIds],
  );

export interface MeetingRow {
  id: string;
  key: string;
  convenerPath: string;
  convenerCode: string;
  kind: string;
  status: string;
  heldOn: string;
  time: string | null;
  titleAr: string | null;
  titleFr: string | null;
  place: string | null;
  seriesId: string | null;
  summaryAr: string | null;
  summaryFr: string | null;
}

export const meetingsByReference = async (ctx: RequestContext, refs: string[]): Promise<MeetingRow[]> =>
  (
    await run<Omit<MeetingRow, 'time'> & { startsAt: Date | null }>(
      ctx,
      `SELECT m.id, k.key, u.path::text AS "convenerPath", u.code AS "convenerCode", m.kind, m.status,
            m.held_on::text AS "heldOn",
            m.starts_at AS "startsAt", m.title_ar AS "titleAr", m.title_fr AS "titleFr", m.place,
            m.series_id AS "seriesId", m.summary_ar AS "summaryAr", m.summary_fr AS "summaryFr"
       FROM import_key k JOIN meeting m ON m.id = k.entity_id JOIN org_unit u ON u.id = m.convening_unit_id
      WHERE k.kind = 'MEETING' AND k.key = ANY($1::text[])`,
      [refs],
    )
  ).map(({ startsAt, ...row }) => ({ ...row, time: startsAt && moroccoTimeOfDay(startsAt) }));

export const participationsOf = (ctx: RequestContext, meetingIds: string[]) =>
  run<{ id: string; meetingId: string; personId: string; role: string; attendance: string | null }>(
    ctx,
    `SELECT id, meeting_id AS "meetingId", person_id AS "personId", role, attendance
       FROM participation WHERE meeting_id = ANY($1::uuid[]) AND person_id IS NOT NULL`,
    [meetingIds],
  );

export const agendaOfMeetings = (ctx: RequestContext, meetingIds: string[]) =>
  run<{
    meetingId: string;
    position: number;
    titleAr: string | null;
    titleFr: string | null;
    notes: string | null;
  }>(
    ctx,
    `SELECT meeting_id AS "meetingId", position, title_ar AS "titleAr", title_fr AS "titleFr", notes
       FROM agenda_item WHERE meeting_id = ANY($1::uuid[]) ORDER BY meeting_id, position`,
    [meetingIds],
  );

/** Outcomes of meetings, each with its owners in order (`person:<id>` or `unit:<id>`). */
export const outcomesOfMeetings = (ctx: RequestContext, meetingIds: string[]) =>
  run<{
    id: string;
    meetingId: string;
    kind: string;
    textAr: string | null;
    textFr: string | null;
    dueOn: string | null;
    owners: string[];
  }>(
    ctx,
    `SELECT o.id, o.meeting_id AS "meetingId", o.kind, o.text_ar AS "textAr", o.text_fr AS "textFr",
            o.due_on::text AS "dueOn",
            ARRAY(SELECT CASE WHEN w.person_id IS NOT NULL THEN 'person:' || w.person_id ELSE 'unit:' || w.org_unit_id END
                    FROM outcome_owner w WHERE w.outcome_id = o.id ORDER BY w.position) AS owners
       FROM outcome o WHERE o.meeting_id = ANY($1::uuid[])`,
    [meetingIds],
  );

/** Meeting series by id or by their exact Arabic or French title, with their organizing unit's path. */
export const seriesByIdOrTitle = (ctx: RequestContext, ids: string[], titles: string[]) =>
  run<{ id: string; titleAr: string | null; titleFr: string | null; path: string }>(
    ctx,
    `SELECT s.id, s.title_ar AS "titleAr", s.title_fr AS "titleFr", u.path::text AS path
       FROM meeting_series s JOIN org_unit u ON u.id = s.organizing_unit_id
      WHERE s.id = ANY($1::uuid[]) OR s.title_ar = ANY($2::text[]) OR s.title_fr = ANY($2::text[])`,
    [ids, titles],
  );

// ── writes ───────────────────────────────────────────────────────────────────────────────────────

export interface UnitWrite {
  id: string;
  code: string;
  level: string;
  parentId: string | null;
  nameAr: string;
  nameFr: string;
  territoryId: string | null;
  foundedOn: string | null;
  searchText: string;
  searchKey: string;
}

const UNIT_WRITE_COLUMNS: ColumnsOf<UnitWrite> = [
  ['id', 'uuid', 'id'],
  ['code', 'text', 'code'],
  ['level', 'text', 'level'],
  ['parent_id', 'uuid', 'parentId'],
  ['name_ar', 'text', 'nameAr'],
  ['name_fr', 'text', 'nameFr'],
  ['territory_id', 'uuid', 'territoryId'],
  ['founded_on', 'date', 'foundedOn'],
  ['search_text', 'text', 'searchText'],
  ['search_key', 'text', 'searchKey'],
];

/** New units of one depth (their parents exist already: the path trigger reads them). */
export const insertUnits = (ctx: RequestContext, rows: UnitWrite[]) =>
  insertRows(ctx, 'org_unit', UNIT_WRITE_COLUMNS, rows);

/** Names, territory and founding date of existing units (a move is `moveUnit`). */
export const updateUnits = (ctx: RequestContext, rows: UnitWrite[]) =>
  updateRows(
    ctx,
    ['org_unit', 'u'],
    UNIT_WRITE_COLUMNS,
    rows,
    `name_ar = v.name_ar, name_fr = v.name_fr, territory_id = v.territory_id, founded_on = v.founded_on,
     search_text = v.search_text, search_key = v.search_key, version = u.version + 1, updated_at = now()`,
  );

/** Moves a unit under another parent; the triggers re-path its subtree and refuse a cycle. */
export const moveUnit = (ctx: RequestContext, id: string, parentId: string) =>
  run(ctx, `UPDATE org_unit SET parent_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
    id,
    parentId,
  ]);

export interface PersonWrite {
  id: string;
  fullNameAr: string | null;
  fullNameLatin: string | null;
  gender: string | null;
  birthYear: number | null;
  membershipNumber: string | null;
  homeUnitId: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  searchText: string;
  searchKey: string;
}

const PERSON_WRITE_COLUMNS: ColumnsOf<PersonWrite> = [
  ['id', 'uuid', 'id'],
  ['full_name_ar', 'text', 'fullNameAr'],
  ['full_name_latin', 'text', 'fullNameLatin'],
  ['gender', 'text', 'gender'],
  ['birth_year', 'smallint', 'birthYear'],
  ['membership_number', 'text', 'membershipNumber'],
  ['home_unit_id', 'uuid', 'homeUnitId'],
  ['phone', 'text', 'phone'],
  ['email', 'text', 'email'],
  ['address', 'text', 'address'],
  ['search_text', 'text', 'searchText'],
  ['search_key', 'text', 'searchKey'],
];

export const insertPeople = (ctx: RequestContext, rows: PersonWrite[]) =>
  insertRows(ctx, 'person', PERSON_WRITE_COLUMNS, rows);

/** Writes people's whole records as the import merged them (cells left empty kept what was there). */
export const updatePeople = (ctx: RequestContext, rows: PersonWrite[]) =>
  updateRows(
    ctx,
    ['person', 'p'],
    PERSON_WRITE_COLUMNS,
    rows,
    `full_name_ar = v.full_name_ar, full_name_latin = v.full_name_latin, gender = v.gender,
     birth_year = v.birth_year, membership_number = v.membership_number, home_unit_id = v.home_unit_id,
     phone = v.phone, email = v.email, address = v.address, search_text = v.search_text,
     search_key = v.search_key, version = p.version + 1, updated_at = now()`,
  );

/** Remembers the identifiers a party's files use for people or meetings; a known key is left as it is. */
export const insertImportKeys = (
  ctx: RequestContext,
  kind: 'PERSON' | 'MEETING',
  rows: { key: string; entityId: string }[],
) =>
  insertRows(
    ctx,
    'import_key',
    [
      ['kind', 'text', () => kind],
      ['key', 'text', 'key'],
      ['entity_id', 'uuid', 'entityId'],
    ],
    rows,
    'ON CONFLICT (kind, key) DO NOTHING',
  );

export interface PositionWrite {
  id: string;
  unitId: string;
  roleCode: string;
  seats: number;
  titleAr: string;
  titleFr: string;
}

export const insertPositions = (ctx: RequestContext, rows: PositionWrite[]) =>
  insertRows(
    ctx,
    'position',
    [
      ['id', 'uuid', 'id'],
      ['org_unit_id', 'uuid', 'unitId'],
      ['role_code', 'text', 'roleCode'],
      ['seats', 'int', 'seats'],
      ['title_ar', 'text', 'titleAr'],
      ['title_fr', 'text', 'titleFr'],
    ],
    rows,
  );

export type MandateWrite = Omit<MandateRow, never>;

const MANDATE_WRITE_COLUMNS: ColumnsOf<MandateWrite> = [
  ['id', 'uuid', 'id'],
  ['position_id', 'uuid', 'positionId'],
  ['person_id', 'uuid', 'personId'],
  ['seat', 'int', 'seat'],
  ['starts_on', 'date', 'startsOn'],
  ['attested_on', 'date', 'attestedOn'],
  ['ends_on', 'date', 'endsOn'],
  ['status', 'text', 'status'],
  ['end_reason', 'text', 'endReason'],
  ['source', 'text', 'source'],
];

export const insertMandates = (ctx: RequestContext, rows: MandateWrite[]) =>
  insertRows(ctx, 'mandate', MANDATE_WRITE_COLUMNS, rows);

export const updateMandates = (ctx: RequestContext, rows: MandateWrite[]) =>
  updateRows(
    ctx,
    ['mandate', 'm'],
    MANDATE_WRITE_COLUMNS,
    rows,
    `ends_on = v.ends_on, status = v.status, end_reason = v.end_reason, source = v.source,
     version = m.version + 1, updated_at = now()`,
  );

export interface MeetingWrite {
  id: string;
  kind: string;
  status: string;
  heldOn: string;
  time: string | null;
  titleAr: string | null;
  titleFr: string | null;
  place: string | null;
  unitId: string;
  seriesId: string | null;
  searchText: string;
}

const MEETING_WRITE_COLUMNS: ColumnsOf<MeetingWrite> = [
  ['id', 'uuid', 'id'],
  ['kind', 'text', 'kind'],
  ['status', 'text', 'status'],
  ['held_on', 'date', 'heldOn'],
  // A time of day is on the meeting's day in Morocco, at that day's offset.
  ['starts_at', 'timestamptz', (row) => row.time && moroccoInstant(row.heldOn, row.time)],
  ['title_ar', 'text', 'titleAr'],
  ['title_fr', 'text', 'titleFr'],
  ['place', 'text', 'place'],
  ['unit_id', 'uuid', 'unitId'],
  ['search_text', 'text', 'searchText'],
  ['series_id', 'uuid', 'seriesId'],
];

export const insertMeetings = (ctx: RequestContext, rows: MeetingWrite[]) =>
  inChunks(rows, (chunk) => {
    const { from, params } = unnested(MEETING_WRITE_COLUMNS, chunk);
    return run(
      ctx,
      `INSERT INTO meeting (id, kind, status, held_on, starts_at, title_ar, title_fr, place, convening_unit_id, search_text,
                            series_id)
       SELECT v.id, v.kind, v.status, v.held_on, v.starts_at, v.title_ar, v.title_fr, v.place, v.unit_id,
              v.search_text, v.series_id
         FROM ${from}`,
      params,
    );
  });

export const updateMeetings = (ctx: RequestContext, rows: MeetingWrite[]) =>
  updateRows(
    ctx,
    ['meeting', 'm'],
    MEETING_WRITE_COLUMNS,
    rows,
    `kind = v.kind, status = v.status, held_on = v.held_on, starts_at = v.starts_at, title_ar = v.title_ar,
     title_fr = v.title_fr, place = v.place, search_text = v.search_text, series_id = v.series_id,
     version = m.version + 1, updated_at = now()`,
  );

/** A meeting's search text, when only its agenda changed (it holds the agenda's titles). */
export const setMeetingSearchTexts = (ctx: RequestContext, rows: { id: string; searchText: string }[]) =>
  updateRows(
    ctx,
    ['meeting', 'm'],
    [
      ['id', 'uuid', 'id'],
      ['search_text', 'text', 'searchText'],
    ],
    rows,
    'search_text = v.search_text',
  );

export interface AgendaItemWrite {
  id: string;
  meetingId: string;
  position: number;
  titleAr: string | null;
  titleFr: string | null;
}

export const insertAgendaItems = (ctx: RequestContext, rows: AgendaItemWrite[]) =>
  insertRows(
    ctx,
    'agenda_item',
    [
      ['id', 'uuid', 'id'],
      ['meeting_id', 'uuid', 'meetingId'],
      ['position', 'int', 'position'],
      ['title_ar', 'text', 'titleAr'],
      ['title_fr', 'text', 'titleFr'],
    ],
    rows,
  );

export interface OutcomeWrite {
  id: string;
  meetingId: string;
  kind: string;
  textAr: string | null;
  textFr: string | null;
  dueOn: string | null;
  /** In order: `person:<id>` or `unit:<id>`. */
  owners: string[];
}

const OUTCOME_WRITE_COLUMNS: ColumnsOf<OutcomeWrite> = [
  ['id', 'uuid', 'id'],
  ['meeting_id', 'uuid', 'meetingId'],
  ['kind', 'text', 'kind'],
  ['text_ar', 'text', 'textAr'],
  ['text_fr', 'text', 'textFr'],
  ['due_on', 'date', 'dueOn'],
];

export const insertOutcomes = (ctx: RequestContext, rows: OutcomeWrite[]) =>
  insertRows(ctx, 'outcome', OUTCOME_WRITE_COLUMNS, rows);

export const updateOutcomes = (ctx: RequestContext, rows: OutcomeWrite[]) =>
  updateRows(
    ctx,
    ['outcome', 'o'],
    OUTCOME_WRITE_COLUMNS,
    rows,
    'kind = v.kind, due_on = v.due_on, version = o.version + 1, updated_at = now()',
  );

/** The owners of these outcomes become the ones listed (in order). */
export const replaceOutcomeOwners = async (ctx: RequestContext, rows: OutcomeWrite[]) => {
  const owners = rows.flatMap((o) =>
    o.owners.map((owner, at) => ({
      outcomeId: o.id,
      position: at + 1,
      personId: owner.startsWith('person:') ? owner.slice('person:'.length) : null,
      unitId: owner.startsWith('unit:') ? owner.slice('unit:'.length) : null,
    })),
  );
  await inChunks(rows, (chunk) =>
    run(ctx, `DELETE FROM outcome_owner WHERE outcome_id = ANY($1::uuid[])`, [column(chunk, 'id')]),
  );
  await insertRows(
    ctx,
    'outcome_owner',
    [
      ['outcome_id', 'uuid', 'outcomeId'],
      ['position', 'int', 'position'],
      ['person_id', 'uuid', 'personId'],
      ['org_unit_id', 'uuid', 'unitId'],
    ],
    owners,
  );
};

export interface ParticipationWrite {
  id: string;
  meetingId: string;
  personId: string;
  role: string;
  attendance: string | null;
}

const PARTICIPATION_WRITE_COLUMNS: ColumnsOf<ParticipationWrite> = [
  ['id', 'uuid', 'id'],
  ['meeting_id', 'uuid', 'meetingId'],
  ['person_id', 'uuid', 'personId'],
  ['role', 'text', 'role'],
  ['attendance', 'text', 'attendance'],
];

export const insertParticipations = (ctx: RequestContext, rows: ParticipationWrite[]) =>
  insertRows(ctx, 'participation', PARTICIPATION_WRITE_COLUMNS, rows);

export const updateParticipations = (ctx: RequestContext, rows: ParticipationWrite[]) =>
  updateRows(
    ctx,
    ['participation', 'p'],
    PARTICIPATION_WRITE_COLUMNS,
    rows,
    'role = v.role, attendance = v.attendance',
  );

// ── the import's own record ──────────────────────────────────────────────────────────────────────

export const insertImportBatch = (
  ctx: RequestContext,
  batch: {
    id: string;
    kind: string;
    fileName: string | null;
    fileSha256: string;
    actorAccountId: string | null;
  },
) =>
  run(
    ctx,
    `INSERT INTO import_batch (id, kind, file_name, file_sha256, actor_account_id, counts)
     VALUES ($1, $2, $3, $4, $5, '{}')`,
    [batch.id, batch.kind, batch.fileName, batch.fileSha256, batch.actorAccountId],
  );

/** Once every chunk is written: the import's counts and the unit it is filed under. */
export const finishImportBatch = (ctx: RequestContext, id: string, unitId: string | null, counts: unknown) =>
  run(ctx, `UPDATE import_batch SET unit_id = $2, counts = $3 WHERE id = $1`, [
    id,
    unitId,
    JSON.stringify(counts),
  ]);

/**
 * What the rows of earlier chunks of the file held that later rows are checked against (a key seen
 * already, the first row of a meeting): kept in the database for the length of the import's
 * transaction, so that the import's memory does not grow with the file.
 */
export const createImportSeen = (ctx: RequestContext) =>
  run(
    ctx,
    `CREATE TEMPORARY TABLE import_seen (key text PRIMARY KEY, row integer NOT NULL, data jsonb) ON COMMIT DROP`,
    [],
  );

export const importSeen = (ctx: RequestContext, keys: string[]) =>
  keys.length
    ? run<{ key: string; row: number; data: unknown }>(
        ctx,
        `SELECT key, row, data FROM import_seen WHERE key = ANY($1::text[])`,
        [keys],
      )
    : Promise.resolve([]);

export const rememberImportSeen = (
  ctx: RequestContext,
  rows: { key: string; row: number; data?: unknown }[],
) =>
  insertRows(
    ctx,
    'import_seen',
    [
      ['key', 'text', 'key'],
      ['row', 'int', 'row'],
      ['data', 'jsonb', (r) => (r.data === undefined ? null : JSON.stringify(r.data))],
    ],
    rows,
    'ON CONFLICT (key) DO NOTHING',
  );

/** Seats of posts this import created, grown as later chunks of the file fill them. */
export const growPositionSeats = (ctx: RequestContext, rows: { id: string; seats: number }[]) =>
  inChunks(rows, (chunk) => {
    const { from, params } = unnested(
      [
        ['id', 'uuid', 'id'],
        ['seats', 'int', 'seats'],
      ],
      chunk,
    );
    return run(
      ctx,
      `UPDATE position p SET seats = v.seats FROM ${from} WHERE p.id = v.id AND p.seats < v.seats`,
      params,
    );
  });

export interface ImportRowWrite {
  row: number;
  entityType: string;
  entityId: string;
  action: 'CREATED' | 'UPDATED';
}

export const insertImportRows = (ctx: RequestContext, importId: string, rows: ImportRowWrite[]) =>
  insertRows(
    ctx,
    'import_row',
    [
      ['import_id', 'uuid', () => importId],
      ['row_number', 'int', 'row'],
      ['entity_type', 'text', 'entityType'],
      ['entity_id', 'uuid', 'entityId'],
      ['action', 'text', 'action'],
    ],
    rows,
    'ON CONFLICT DO NOTHING',
  );

/** The context of an import request made outside GraphQL (the upload door, the command line). */
export const importContext = (
  dataSource: DataSource,
  requestId: string,
  actor: Actor,
  clientAddress: string,
) => createRequestContext(dataSource.manager, requestId, actor, false, clientAddress);
