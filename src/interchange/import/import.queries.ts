import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { createRequestContext, RequestContext } from '../../common/context';

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

export const meetingsByReference = (ctx: RequestContext, refs: string[]): Promise<MeetingRow[]> =>
  run(
    ctx,
    `SELECT m.id, k.key, u.path::text AS "convenerPath", u.code AS "convenerCode", m.kind, m.status,
            m.held_on::text AS "heldOn",
            to_char(m.starts_at AT TIME ZONE 'Africa/Casablanca', 'HH24:MI') AS time,
            m.title_ar AS "titleAr", m.title_fr AS "titleFr", m.place, m.series_id AS "seriesId",
            m.summary_ar AS "summaryAr", m.summary_fr AS "summaryFr"
       FROM import_key k JOIN meeting m ON m.id = k.entity_id JOIN org_unit u ON u.id = m.convening_unit_id
      WHERE k.kind = 'MEETING' AND k.key = ANY($1::text[])`,
    [refs],
  );

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

/** New units of one depth (their parents exist already: the path trigger reads them). */
export const insertUnits = (ctx: RequestContext, rows: UnitWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO org_unit (id, code, level, parent_id, name_ar, name_fr, territory_id, founded_on, search_text,
                             search_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::uuid[],
                            $8::date[], $9::text[], $10::text[])`,
      [
        column(chunk, 'id'),
        column(chunk, 'code'),
        column(chunk, 'level'),
        column(chunk, 'parentId'),
        column(chunk, 'nameAr'),
        column(chunk, 'nameFr'),
        column(chunk, 'territoryId'),
        column(chunk, 'foundedOn'),
        column(chunk, 'searchText'),
        column(chunk, 'searchKey'),
      ],
    ),
  );

/** Names, territory and founding date of existing units (a move is `moveUnit`). */
export const updateUnits = (ctx: RequestContext, rows: UnitWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE org_unit u SET name_ar = v.name_ar, name_fr = v.name_fr, territory_id = v.territory_id,
              founded_on = v.founded_on, search_text = v.search_text, search_key = v.search_key,
              version = u.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::date[], $6::text[], $7::text[])
              AS v (id, name_ar, name_fr, territory_id, founded_on, search_text, search_key)
        WHERE u.id = v.id`,
      [
        column(chunk, 'id'),
        column(chunk, 'nameAr'),
        column(chunk, 'nameFr'),
        column(chunk, 'territoryId'),
        column(chunk, 'foundedOn'),
        column(chunk, 'searchText'),
        column(chunk, 'searchKey'),
      ],
    ),
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

const personParams = (chunk: readonly PersonWrite[]) => [
  column(chunk, 'id'),
  column(chunk, 'fullNameAr'),
  column(chunk, 'fullNameLatin'),
  column(chunk, 'gender'),
  column(chunk, 'birthYear'),
  column(chunk, 'membershipNumber'),
  column(chunk, 'homeUnitId'),
  column(chunk, 'phone'),
  column(chunk, 'email'),
  column(chunk, 'address'),
  column(chunk, 'searchText'),
  column(chunk, 'searchKey'),
];

export const insertPeople = (ctx: RequestContext, rows: PersonWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO person (id, full_name_ar, full_name_latin, gender, birth_year, membership_number, home_unit_id,
                           phone, email, address, search_text, search_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::uuid[],
                            $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
      personParams(chunk),
    ),
  );

/** Writes people's whole records as the import merged them (cells left empty kept what was there). */
export const updatePeople = (ctx: RequestContext, rows: PersonWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE person p SET full_name_ar = v.full_name_ar, full_name_latin = v.full_name_latin, gender = v.gender,
              birth_year = v.birth_year, membership_number = v.membership_number, home_unit_id = v.home_unit_id,
              phone = v.phone, email = v.email, address = v.address, search_text = v.search_text,
              search_key = v.search_key, version = p.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::uuid[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
              AS v (id, full_name_ar, full_name_latin, gender, birth_year, membership_number, home_unit_id,
                    phone, email, address, search_text, search_key)
        WHERE p.id = v.id`,
      personParams(chunk),
    ),
  );

/** Remembers the identifiers a party's files use for people or meetings; a known key is left as it is. */
export const insertImportKeys = (
  ctx: RequestContext,
  kind: 'PERSON' | 'MEETING',
  rows: { key: string; entityId: string }[],
) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO import_key (kind, key, entity_id)
       SELECT $1, * FROM unnest($2::text[], $3::uuid[]) ON CONFLICT (kind, key) DO NOTHING`,
      [kind, column(chunk, 'key'), column(chunk, 'entityId')],
    ),
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
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO position (id, org_unit_id, role_code, seats, title_ar, title_fr)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[])`,
      [
        column(chunk, 'id'),
        column(chunk, 'unitId'),
        column(chunk, 'roleCode'),
        column(chunk, 'seats'),
        column(chunk, 'titleAr'),
        column(chunk, 'titleFr'),
      ],
    ),
  );

export type MandateWrite = Omit<MandateRow, never>;

const mandateParams = (chunk: readonly MandateWrite[]) => [
  column(chunk, 'id'),
  column(chunk, 'positionId'),
  column(chunk, 'personId'),
  column(chunk, 'seat'),
  column(chunk, 'startsOn'),
  column(chunk, 'attestedOn'),
  column(chunk, 'endsOn'),
  column(chunk, 'status'),
  column(chunk, 'endReason'),
  column(chunk, 'source'),
];

export const insertMandates = (ctx: RequestContext, rows: MandateWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO mandate (id, position_id, person_id, seat, starts_on, attested_on, ends_on, status, end_reason, source)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::date[], $6::date[], $7::date[],
                            $8::text[], $9::text[], $10::text[])`,
      mandateParams(chunk),
    ),
  );

export const updateMandates = (ctx: RequestContext, rows: MandateWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE mandate m SET ends_on = v.ends_on, status = v.status, end_reason = v.end_reason, source = v.source,
              version = m.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::date[], $6::date[], $7::date[],
                     $8::text[], $9::text[], $10::text[])
              AS v (id, position_id, person_id, seat, starts_on, attested_on, ends_on, status, end_reason, source)
        WHERE m.id = v.id`,
      mandateParams(chunk),
    ),
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

const meetingParams = (chunk: readonly MeetingWrite[]) => [
  column(chunk, 'id'),
  column(chunk, 'kind'),
  column(chunk, 'status'),
  column(chunk, 'heldOn'),
  column(chunk, 'time'),
  column(chunk, 'titleAr'),
  column(chunk, 'titleFr'),
  column(chunk, 'place'),
  column(chunk, 'unitId'),
  column(chunk, 'searchText'),
  column(chunk, 'seriesId'),
];

/** A time of day is on the meeting's day in Morocco (whatever the offset of that day). */
export const insertMeetings = (ctx: RequestContext, rows: MeetingWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO meeting (id, kind, status, held_on, starts_at, title_ar, title_fr, place, convening_unit_id, search_text,
                            series_id)
       SELECT v.id, v.kind, v.status, v.held_on,
              CASE WHEN v.time IS NULL THEN NULL ELSE (v.held_on + v.time) AT TIME ZONE 'Africa/Casablanca' END,
              v.title_ar, v.title_fr, v.place, v.unit_id, v.search_text, v.series_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::time[], $6::text[], $7::text[], $8::text[],
                     $9::uuid[], $10::text[], $11::uuid[])
              AS v (id, kind, status, held_on, time, title_ar, title_fr, place, unit_id, search_text, series_id)`,
      meetingParams(chunk),
    ),
  );

export const updateMeetings = (ctx: RequestContext, rows: MeetingWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE meeting m SET kind = v.kind, status = v.status, held_on = v.held_on,
              starts_at = CASE WHEN v.time IS NULL THEN NULL ELSE (v.held_on + v.time) AT TIME ZONE 'Africa/Casablanca' END,
              title_ar = v.title_ar, title_fr = v.title_fr, place = v.place, search_text = v.search_text,
              series_id = v.series_id, version = m.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::time[], $6::text[], $7::text[], $8::text[],
                     $9::uuid[], $10::text[], $11::uuid[])
              AS v (id, kind, status, held_on, time, title_ar, title_fr, place, unit_id, search_text, series_id)
        WHERE m.id = v.id`,
      meetingParams(chunk),
    ),
  );

/** A meeting's search text, when only its agenda changed (it holds the agenda's titles). */
export const setMeetingSearchTexts = (ctx: RequestContext, rows: { id: string; searchText: string }[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE meeting m SET search_text = v.search_text FROM unnest($1::uuid[], $2::text[]) AS v (id, search_text)
        WHERE m.id = v.id`,
      [column(chunk, 'id'), column(chunk, 'searchText')],
    ),
  );

export interface AgendaItemWrite {
  id: string;
  meetingId: string;
  position: number;
  titleAr: string | null;
  titleFr: string | null;
}

export const insertAgendaItems = (ctx: RequestContext, rows: AgendaItemWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO agenda_item (id, meeting_id, position, title_ar, title_fr)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[])`,
      [
        column(chunk, 'id'),
        column(chunk, 'meetingId'),
        column(chunk, 'position'),
        column(chunk, 'titleAr'),
        column(chunk, 'titleFr'),
      ],
    ),
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

const outcomeParams = (chunk: readonly OutcomeWrite[]) => [
  column(chunk, 'id'),
  column(chunk, 'meetingId'),
  column(chunk, 'kind'),
  column(chunk, 'textAr'),
  column(chunk, 'textFr'),
  column(chunk, 'dueOn'),
];

export const insertOutcomes = (ctx: RequestContext, rows: OutcomeWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO outcome (id, meeting_id, kind, text_ar, text_fr, due_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[])`,
      outcomeParams(chunk),
    ),
  );

export const updateOutcomes = (ctx: RequestContext, rows: OutcomeWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE outcome o SET kind = v.kind, due_on = v.due_on, version = o.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[])
              AS v (id, meeting_id, kind, text_ar, text_fr, due_on)
        WHERE o.id = v.id`,
      outcomeParams(chunk),
    ),
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
  await inChunks(owners, (chunk) =>
    run(
      ctx,
      `INSERT INTO outcome_owner (outcome_id, position, person_id, org_unit_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[])`,
      [
        column(chunk, 'outcomeId'),
        column(chunk, 'position'),
        column(chunk, 'personId'),
        column(chunk, 'unitId'),
      ],
    ),
  );
};

export interface ParticipationWrite {
  id: string;
  meetingId: string;
  personId: string;
  role: string;
  attendance: string | null;
}

const participationParams = (chunk: readonly ParticipationWrite[]) => [
  column(chunk, 'id'),
  column(chunk, 'meetingId'),
  column(chunk, 'personId'),
  column(chunk, 'role'),
  column(chunk, 'attendance'),
];

export const insertParticipations = (ctx: RequestContext, rows: ParticipationWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO participation (id, meeting_id, person_id, role, attendance)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])`,
      participationParams(chunk),
    ),
  );

export const updateParticipations = (ctx: RequestContext, rows: ParticipationWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE participation p SET role = v.role, attendance = v.attendance
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
              AS v (id, meeting_id, person_id, role, attendance)
        WHERE p.id = v.id`,
      participationParams(chunk),
    ),
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
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO import_seen (key, row, data)
       SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[]) ON CONFLICT (key) DO NOTHING`,
      [
        column(chunk, 'key'),
        column(chunk, 'row'),
        chunk.map((r) => (r.data === undefined ? null : JSON.stringify(r.data))),
      ],
    ),
  );

/** Seats of posts this import created, grown as later chunks of the file fill them. */
export const growPositionSeats = (ctx: RequestContext, rows: { id: string; seats: number }[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `UPDATE position p SET seats = v.seats FROM unnest($1::uuid[], $2::int[]) AS v (id, seats)
        WHERE p.id = v.id AND p.seats < v.seats`,
      [column(chunk, 'id'), column(chunk, 'seats')],
    ),
  );

export interface ImportRowWrite {
  row: number;
  entityType: string;
  entityId: string;
  action: 'CREATED' | 'UPDATED';
}

export const insertImportRows = (ctx: RequestContext, importId: string, rows: ImportRowWrite[]) =>
  inChunks(rows, (chunk) =>
    run(
      ctx,
      `INSERT INTO import_row (import_id, row_number, entity_type, entity_id, action)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::text[]) ON CONFLICT DO NOTHING`,
      [
        importId,
        column(chunk, 'row'),
        column(chunk, 'entityType'),
        column(chunk, 'entityId'),
        column(chunk, 'action'),
      ],
    ),
  );

/** The context of an import request made outside GraphQL (the upload door, the command line). */
export const importContext = (
  dataSource: DataSource,
  requestId: string,
  actor: Actor,
  clientAddress: string,
) => createRequestContext(dataSource.manager, requestId, actor, false, clientAddress);
