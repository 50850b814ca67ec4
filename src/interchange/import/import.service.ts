import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { inScope, Permission, scopeOf } from '../../access/access';
import { audited } from '../../audit/audited';
import { afterCommit } from '../../common/after-commit';
import { inTransaction, RequestContext } from '../../common/context';
import { DomainError } from '../../common/errors';
import { isUuid } from '../../common/batch';
import { searchColumns, searchText } from '../../common/text';
import { forgetCheckedCredentials } from '../../accounts/auth.service';
import { MAX_ITEMS, MAX_OUTCOMES, MAX_OWNERS } from '../../meetings/dto/meeting.inputs';
import { meetingSearchText } from '../../meetings/meetings.service';
import { ORG_UNIT_LEVELS, OrgUnitLevel } from '../../org-units/org-unit.entity';
import { existsOn } from '../../org-units/org-unit.rules';
import { forgetRememberedUnits } from '../../org-units/unit-memory';
import { personSearchColumns } from '../../people/people.service';
import { defaultPositionTitles } from '../../positions/position.rules';
import { HeaderMap, ImportKind, ImportRecord, mapHeader, readRecord } from './import-columns';
import { ImportBatch } from './import-batch.entity';
import { readFile, ReadOptions } from './import-file';
import { FileProblem, ImportProblem, problem } from './import-problems';
import {
  createImportSeen,
  finishImportBatch,
  growPositionSeats,
  importSeen,
  insertImportBatch,
  agendaOfMeetings,
  AgendaItemWrite,
  insertAgendaItems,
  insertOutcomes,
  outcomesOfMeetings,
  OutcomeWrite,
  replaceOutcomeOwners,
  seriesByIdOrTitle,
  setMeetingSearchTexts,
  updateOutcomes,
  insertImportKeys,
  insertImportRows,
  insertMandates,
  insertMeetings,
  insertParticipations,
  insertPeople,
  insertPositions,
  insertUnits,
  ImportRowWrite,
  mandatesOfPositions,
  MandateWrite,
  meetingsByReference,
  MeetingWrite,
  moveUnit,
  participationsOf,
  ParticipationWrite,
  peopleWithNamesBornIn,
  peopleByExternalId,
  peopleByMembershipNumber,
  PersonRow,
  PersonWrite,
  positionsOfUnits,
  rememberImportSeen,
  PositionWrite,
  roleCatalogue,
  territoriesByCode,
  unitsByCode,
  UnitRow,
  UnitWrite,
  updateMandates,
  updateMeetings,
  updateParticipations,
  updatePeople,
  updateUnits,
} from './import.queries';
import {
  EXPECTED,
  orderByParent,
  parseAttendance,
  parseBirthYear,
  parseDate,
  parseEndReason,
  parseGender,
  parseLevel,
  parseMandateStatus,
  parseMeetingKind,
  parseMeetingStatus,
  parseOutcomeKind,
  byScript,
  parseParticipantRole,
  parseTime,
} from './import.rules';

/** Largest file an import reads (a larger body is refused before it is read). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Most data rows of one file. */
export const IMPORT_MAX_ROWS = 250_000;
/**
 * Rows read, planned and written together: an import holds one chunk of the file at a time (its
 * cells, its plan, the registry rows it names), whatever the file's size.
 */
export const IMPORT_CHUNK_ROWS = 2000;
/** Problems a report lists; any more are counted (`problemsLeftOut`), not listed. */
export const IMPORT_REPORT_PROBLEMS = 1000;

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportRequest extends ReadOptions {
  kind: ImportKind;
  bytes: Buffer;
  fileName?: string | null;
  dryRun: boolean;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** Whether the registry was changed: false for a dry run, a refused file, or a file that changes nothing. */
  committed: boolean;
  /** The committed import (its audit event and traced rows point at it). */
  importId: string | null;
  file: { sha256: string; format: string | null; encoding?: string; delimiter?: string; rows: number };
  counts: Record<string, Counts>;
  errors: number;
  warnings: number;
  /** The first `IMPORT_REPORT_PROBLEMS` problems found, chunk after chunk of the file. */
  problems: ImportProblem[];
  /** Problems found beyond those listed (counted in `errors` and `warnings`). */
  problemsLeftOut: number;
}

/** Who may import what: the structure needs the right to change it, people and meetings the right to edit. */
const PERMISSION: Record<ImportKind, Permission> = {
  units: Permission.ManageStructure,
  people: Permission.Edit,
  mandates: Permission.ManageStructure,
  meetings: Permission.Edit,
};

const ACTION: Record<ImportKind, string> = {
  units: 'importUnits',
  people: 'importPeople',
  mandates: 'importMandates',
  meetings: 'importMeetings',
};

/** What one chunk of an import would do: its counts and problems, and how to write it. */
interface Plan {
  counts: Record<string, Counts>;
  /** The unit paths of every row it touches, to file its audit event under their common unit. */
  touched: string[];
  apply(tx: RequestContext): Promise<ImportRowWrite[]>;
}

/** A chunk of the file's rows (the whole file for units), with the problems found in it. */
interface Sheet {
  kind: ImportKind;
  header: HeaderMap;
  records: ImportRecord[];
  problems: ImportProblem[];
  /** The column's header as the file writes it. */
  col(field: string): string;
}

/**
 * What an import carries from one chunk to the next. Everything that grows with the file (keys
 * already seen, the first row of each meeting) is in the transaction's `import_seen` table instead;
 * what is here grows with the registry's structure at most.
 */
interface ImportState {
  importId: string;
  roles?: { code: string; titleAr: string; titleFr: string }[];
  /** Posts this import created, by id: they take as many seats as their holders need. */
  createdPositions: Map<string, PositionWrite>;
}

/** Refuses the commit: the transaction rolls back and the report says why. */
class Refused extends Error {}

const counts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
const label = (id: string) => id.replace(/-/g, '');
const uuidOfLabel = (l: string) =>
  `${l.slice(0, 8)}-${l.slice(8, 12)}-${l.slice(12, 16)}-${l.slice(16, 20)}-${l.slice(20)}`;
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The deepest unit holding all these paths (their longest common prefix), or null. */
export function commonUnitOf(paths: readonly string[]): string | null {
  if (!paths.length) return null;
  let prefix = paths[0].split('.');
  for (const path of paths.slice(1)) {
    const labels = path.split('.');
    let n = 0;
    while (n < prefix.length && n < labels.length && prefix[n] === labels[n]) n++;
    prefix = prefix.slice(0, n);
    if (!n) return null;
  }
  return uuidOfLabel(prefix[prefix.length - 1]);
}

// An import changes units, posts and mandates: what was remembered about them is stale.
afterCommit.on(ImportBatch.name, forgetRememberedUnits);
afterCommit.on(ImportBatch.name, forgetCheckedCredentials);

@Injectable()
export class ImportService {
  /**
   * Reads a file chunk by chunk, planning and writing each chunk in one transaction: a commit keeps
   * it, with one audit event, unless any row has an error (or nothing would change); a dry run does
   * the same work and always rolls it back, so that it reports exactly what the commit would do.
   */
  async run(ctx: RequestContext, request: ImportRequest): Promise<ImportReport> {
    const permission = PERMISSION[request.kind];
    if (!ctx.actor) throw new DomainError('UNAUTHENTICATED', 'Sign in to import a file.');
    const scope = scopeOf(ctx.actor, permission);
    if (!scope.all && scope.paths.length === 0) {
      throw new DomainError('FORBIDDEN', 'Your access does not allow importing this kind of list.');
    }
    const sha256 = createHash('sha256').update(request.bytes).digest('hex');
    const report: ImportReport = {
      kind: request.kind,
      dryRun: request.dryRun,
      committed: false,
      importId: null,
      file: { sha256, format: null, rows: 0 },
      counts: {},
      errors: 0,
      warnings: 0,
      problems: [],
      problemsLeftOut: 0,
    };
    const importId = randomUUID();
    const stream = async (tx: RequestContext): Promise<Set<string>> => {
      await createImportSeen(tx);
      await insertImportBatch(tx, {
        id: importId,
        kind: request.kind,
        fileName: request.fileName ?? null,
        fileSha256: sha256,
        actorAccountId: ctx.actor?.accountId ?? null,
      });
      const state: ImportState = { importId, createdPositions: new Map() };
      const touched = new Set<string>();
      const write = async (sheet: Sheet) => {
        const plan = await this.plan(tx, sheet, state);
        collect(report, sheet.problems);
        for (const [what, c] of Object.entries(plan.counts)) {
          const total = (report.counts[what] ??= counts());
          total.created += c.created;
          total.updated += c.updated;
          total.unchanged += c.unchanged;
        }
        for (const path of plan.touched) touched.add(path);
        await insertImportRows(tx, importId, await plan.apply(tx));
      };
      // Units are planned whole (a parent may come later in the file, rows may form a cycle): a
      // party has a few thousand of them at most.
      let units: Sheet | undefined;
      for await (const sheet of this.chunks(request, report)) {
        if (sheet.kind !== 'units') await write(sheet);
        else if (!units) units = sheet;
        else {
          units.records.push(...sheet.records);
          units.problems.push(...sheet.problems);
        }
      }
      if (units) await write(units);
      return touched;
    };
    try {
      if (request.dryRun) {
        await inTransaction(ctx, async (tx) => {
          await stream(tx);
          throw new Refused();
        });
      } else {
        const batch = await audited(
          ctx,
          ACTION[request.kind],
          ImportBatch,
          undefined,
          async (tx) => {
            const touched = await stream(tx);
            if (report.errors > 0) throw new Refused();
            const changes = Object.values(report.counts).reduce((n, c) => n + c.created + c.updated, 0);
            if (changes === 0) throw new Refused();
            await finishImportBatch(tx, importId, commonUnitOf([...touched]), report.counts);
            return { id: importId, touched: [...touched] };
          },
          // The audit event is the import row; live updates reach every subtree the import touched.
          { subject: (written) => written.id, unitPaths: (written) => written.touched },
        );
        report.committed = true;
        report.importId = batch.id;
      }
    } catch (error) {
      if (error instanceof FileProblem) {
        // Nothing of a file that cannot be read further is kept, not even its earlier chunks.
        report.counts = {};
        report.problems = [];
        report.problemsLeftOut = report.errors = report.warnings = 0;
        collect(report, [error.toProblem()]);
      } else if (!(error instanceof Refused)) throw error;
    }
    return report;
  }

  /**
   * Reads the header, then the data rows in chunks of `IMPORT_CHUNK_ROWS` (cell problems are
   * collected, the rows kept). A file that cannot be read further throws its `FileProblem`.
   */
  private async *chunks(request: ImportRequest, report: ImportReport): AsyncGenerator<Sheet> {
    const file = readFile(request.bytes, request);
    report.file = { ...report.file, format: file.format, encoding: file.encoding, delimiter: file.delimiter };
    let header: HeaderMap | undefined;
    let records: ImportRecord[] = [];
    let problems: ImportProblem[] = [];
    const sheet = (map: HeaderMap): Sheet => ({
      kind: request.kind,
      header: map,
      records,
      problems,
      col: (field) => map.headerOf.get(field) ?? field,
    });
    for await (const raw of file.rows) {
      if (!header) {
        header = mapHeader(request.kind, raw);
        continue;
      }
      if (report.file.rows >= IMPORT_MAX_ROWS) {
        throw new FileProblem('TOO_MANY_ROWS', { limit: IMPORT_MAX_ROWS });
      }
      const found = problems.length;
      const record = readRecord(request.kind, header, raw, problems);
      // A row of empty cells is no row; one whose cells were refused is kept, to be reported.
      if (Object.keys(record.values).length || problems.length > found) {
        records.push(record);
        report.file.rows++;
      }
      if (records.length >= IMPORT_CHUNK_ROWS) {
        yield sheet(header);
        records = [];
        problems = [];
      }
    }
    if (!header || report.file.rows === 0) throw new FileProblem('EMPTY_FILE');
    if (records.length || problems.length) yield sheet(header);
  }

  private plan(ctx: RequestContext, sheet: Sheet, state: ImportState): Promise<Plan> {
    switch (sheet.kind) {
      case 'units':
        return planUnits(ctx, sheet);
      case 'people':
        return planPeople(ctx, sheet, state);
      case 'mandates':
        return planMandates(ctx, sheet, state);
      case 'meetings':
        return planMeetings(ctx, sheet);
    }
  }
}

/** Adds problems to the report: all counted, the first `IMPORT_REPORT_PROBLEMS` listed. */
function collect(report: ImportReport, problems: readonly ImportProblem[]): void {
  for (const found of problems) {
    if (found.severity === 'ERROR') report.errors++;
    else report.warnings++;
    if (report.problems.length < IMPORT_REPORT_PROBLEMS) report.problems.push(found);
    else report.problemsLeftOut++;
  }
}

// ── shared checks ────────────────────────────────────────────────────────────────────────────────

/** A row that names a field with an error already is left out of the plan. */
const failedRows = (sheet: Sheet) =>
  new Set(sheet.problems.filter((p) => p.severity === 'ERROR' && p.row !== null).map((p) => p.row!));

/**
 * Whether the caller may write in the unit at `path`: outside what they can read, the unit is not
 * found (as if absent); readable but not theirs to change, it is forbidden.
 */
function unitAccess(
  ctx: RequestContext,
  sheet: Sheet,
  permission: Permission,
  unit: { path: string } | undefined,
  code: string,
  row: number,
  field: string,
): boolean {
  if (!unit || !inScope(scopeOf(ctx.actor, Permission.Read), unit.path)) {
    sheet.problems.push(problem('UNIT_NOT_FOUND', row, sheet.col(field), { code }));
    return false;
  }
  if (!inScope(scopeOf(ctx.actor, permission), unit.path)) {
    sheet.problems.push(problem('FORBIDDEN', row, sheet.col(field), { code }));
    return false;
  }
  return true;
}

function parsed<T>(
  sheet: Sheet,
  record: ImportRecord,
  field: string,
  parse: (value: string) => T | undefined,
  expected: string,
): T | undefined | null {
  const value = record.values[field];
  if (value === undefined) return undefined;
  const result = parse(value);
  if (result === undefined) {
    sheet.problems.push(problem('INVALID_VALUE', record.row, sheet.col(field), { value, expected }));
    return null;
  }
  return result;
}

function required(sheet: Sheet, record: ImportRecord, ...fields: string[]): boolean {
  let ok = true;
  for (const field of fields) {
    if (record.values[field] === undefined) {
      sheet.problems.push(problem('REQUIRED', record.row, sheet.col(field)));
      ok = false;
    }
  }
  return ok;
}

/** Flags a row repeating the key of an earlier one; answers whether it is the first. */
function firstOf(sheet: Sheet, seen: Map<string, number>, key: string, record: ImportRecord, field: string) {
  const first = seen.get(key);
  if (first !== undefined) {
    sheet.problems.push(problem('DUPLICATE_ROW', record.row, sheet.col(field), { firstRow: first }));
    return false;
  }
  seen.set(key, record.row);
  return true;
}

/**
 * The keys first met in this chunk that a row of an earlier chunk held already: each such row is a
 * repeated row (an error naming that first row). The others are remembered for the chunks after.
 */
async function repeatedEarlier(
  ctx: RequestContext,
  sheet: Sheet,
  keys: { key: string; row: number; field: string }[],
): Promise<Set<number>> {
  const earlier = new Map(
    (
      await importSeen(
        ctx,
        keys.map((k) => k.key),
      )
    ).map((s) => [s.key, s.row]),
  );
  const repeated = new Set<number>();
  for (const { key, row, field } of keys) {
    const firstRow = earlier.get(key);
    if (firstRow === undefined) continue;
    sheet.problems.push(problem('DUPLICATE_ROW', row, sheet.col(field), { firstRow }));
    repeated.add(row);
  }
  await rememberImportSeen(
    ctx,
    keys.filter((k) => !earlier.has(k.key)),
  );
  return repeated;
}

async function unitsNamed(ctx: RequestContext, codes: Iterable<string>): Promise<Map<string, UnitRow>> {
  const list = [...new Set(codes)];
  return new Map((list.length ? await unitsByCode(ctx, list) : []).map((unit) => [unit.code, unit]));
}

// ── units ────────────────────────────────────────────────────────────────────────────────────────

interface UnitLine {
  row: number;
  code: string;
  parentCode?: string;
  level: OrgUnitLevel;
  nameAr: string;
  nameFr: string;
  territory?: string;
  foundedOn?: string;
}

async function planUnits(ctx: RequestContext, sheet: Sheet): Promise<Plan> {
  const permission = PERMISSION.units;
  const lines: UnitLine[] = [];
  const seen = new Map<string, number>();
  for (const record of sheet.records) {
    const v = record.values;
    let ok = required(sheet, record, 'code', 'level', 'nameAr', 'nameFr');
    const level = parsed(sheet, record, 'level', parseLevel, EXPECTED.level);
    const foundedOn = parsed(sheet, record, 'foundedOn', parseDate, EXPECTED.date);
    if (level === null || foundedOn === null) ok = false;
    if (level && level !== 'NATIONAL' && !v.parentCode) ok = required(sheet, record, 'parentCode') && ok;
    if (level === 'NATIONAL' && v.parentCode) {
      sheet.problems.push(problem('LEVEL_MISMATCH', record.row, sheet.col('level')));
      ok = false;
    }
    if (v.code && !firstOf(sheet, seen, v.code, record, 'code')) ok = false;
    if (!ok || !level) continue;
    lines.push({
      row: record.row,
      code: v.code!,
      parentCode: v.parentCode,
      level,
      nameAr: v.nameAr!,
      nameFr: v.nameFr!,
      territory: v.territory,
      foundedOn: foundedOn ?? undefined,
    });
  }
  const failed = failedRows(sheet);
  const inFile = new Map(lines.map((line) => [line.code, line]));
  const existing = await unitsNamed(ctx, [
    ...lines.map((l) => l.code),
    ...lines.flatMap((l) => (l.parentCode ? [l.parentCode] : [])),
  ]);
  const territoryCodes = [...new Set(lines.flatMap((l) => (l.territory ? [l.territory] : [])))];
  const territories = new Map<string, string>();
  for (const t of territoryCodes.length ? await territoriesByCode(ctx, territoryCodes) : []) {
    for (const code of [t.code, t.isoCode, t.hcpCode]) if (code) territories.set(code, t.id);
  }
  const { ordered, cycles } = orderByParent(
    lines,
    (l) => l.code,
    (l) => (l.parentCode && inFile.has(l.parentCode) ? l.parentCode : undefined),
  );
  const cycleCodes = cycles.map((cycle) => cycle.map((l) => l.code).join(' → ')).join('; ');
  const ordering = new Set(ordered.map((o) => o.item));
  for (const line of lines) {
    if (!ordering.has(line)) {
      sheet.problems.push(problem('CYCLE', line.row, sheet.col('parentCode'), { codes: cycleCodes }));
    }
  }

  const result = { units: counts() };
  const placed = new Map<string, { id: string; path: string; level: OrgUnitLevel }>();
  const creates: { depth: number; write: UnitWrite; row: number }[] = [];
  const updates: { write: UnitWrite; row: number }[] = [];
  const moves: { depth: number; id: string; parentId: string; row: number }[] = [];
  const touched: string[] = [];
  const everywhere = scopeOf(ctx.actor, permission).all;
  for (const { item: line, depth } of ordered) {
    if (failed.has(line.row)) continue;
    // The parent: a unit of the file placed above, or one of the registry the caller can see.
    let parent: { id: string; path: string; level: OrgUnitLevel } | undefined;
    if (line.parentCode) {
      if (inFile.has(line.parentCode)) {
        parent = placed.get(line.parentCode);
        if (!parent) continue; // its own problem is reported
      } else {
        const row = existing.get(line.parentCode);
        if (!row || !inScope(scopeOf(ctx.actor, Permission.Read), row.path)) {
          sheet.problems.push(
            problem('PARENT_NOT_FOUND', line.row, sheet.col('parentCode'), { code: line.parentCode }),
          );
          continue;
        }
        parent = { id: row.id, path: row.path, level: row.level as OrgUnitLevel };
      }
      if (ORG_UNIT_LEVELS.indexOf(parent.level) + 1 !== ORG_UNIT_LEVELS.indexOf(line.level)) {
        sheet.problems.push(problem('LEVEL_MISMATCH', line.row, sheet.col('level')));
        continue;
      }
    }
    let territoryId: string | null = null;
    if (line.territory) {
      territoryId = territories.get(line.territory) ?? null;
      if (!territoryId) {
        sheet.problems.push(
          problem('TERRITORY_NOT_FOUND', line.row, sheet.col('territory'), { code: line.territory }),
        );
        continue;
      }
    }
    const current = existing.get(line.code);
    if (current) {
      if (!inScope(scopeOf(ctx.actor, Permission.Read), current.path)) {
        sheet.problems.push(problem('CODE_TAKEN', line.row, sheet.col('code'), { code: line.code }));
        continue;
      }
      if (!unitAccess(ctx, sheet, permission, current, line.code, line.row, 'code')) continue;
      if (current.level !== line.level) {
        sheet.problems.push(problem('LEVEL_CHANGE', line.row, sheet.col('level')));
        continue;
      }
      const moved = parent !== undefined && parent.id !== current.parentId;
      if (moved && !unitAccess(ctx, sheet, permission, parent, line.parentCode!, line.row, 'parentCode')) {
        continue;
      }
      const write: UnitWrite = {
        id: current.id,
        code: current.code,
        level: current.level,
        parentId: parent?.id ?? null,
        nameAr: line.nameAr,
        nameFr: line.nameFr,
        territoryId: line.territory ? territoryId : current.territoryId,
        foundedOn: line.foundedOn ?? current.foundedOn,
        ...searchColumns(line.nameAr, line.nameFr, current.code),
      };
      const path = moved ? `${parent!.path}.${label(current.id)}` : current.path;
      placed.set(line.code, { id: current.id, path, level: line.level });
      touched.push(path);
      const changed =
        !same(write.nameAr, current.nameAr) ||
        !same(write.nameFr, current.nameFr) ||
        !same(write.territoryId, current.territoryId) ||
        !same(write.foundedOn, current.foundedOn);
      if (moved) moves.push({ depth, id: current.id, parentId: parent!.id, row: line.row });
      if (changed) updates.push({ write, row: line.row });
      if (changed || moved) result.units.updated++;
      else result.units.unchanged++;
      continue;
    }
    if (
      parent
        ? !unitAccess(ctx, sheet, permission, parent, line.parentCode!, line.row, 'parentCode')
        : !everywhere
    ) {
      if (!parent) {
        sheet.problems.push(problem('FORBIDDEN', line.row, sheet.col('code'), { code: line.code }));
      }
      continue;
    }
    const id = randomUUID();
    const path = parent ? `${parent.path}.${label(id)}` : label(id);
    placed.set(line.code, { id, path, level: line.level });
    touched.push(path);
    creates.push({
      depth,
      row: line.row,
      write: {
        id,
        code: line.code,
        level: line.level,
        parentId: parent?.id ?? null,
        nameAr: line.nameAr,
        nameFr: line.nameFr,
        territoryId,
        foundedOn: line.foundedOn ?? null,
        ...searchColumns(line.nameAr, line.nameFr, line.code),
      },
    });
    result.units.created++;
  }
  return {
    counts: result,
    touched,
    async apply(tx) {
      const depths = [...new Set([...creates.map((c) => c.depth), ...moves.map((m) => m.depth)])].sort(
        (a, b) => a - b,
      );
      for (const depth of depths) {
        await insertUnits(
          tx,
          creates.filter((c) => c.depth === depth).map((c) => c.write),
        );
        for (const move of moves.filter((m) => m.depth === depth)) await moveUnit(tx, move.id, move.parentId);
      }
      await updateUnits(
        tx,
        updates.map((u) => u.write),
      );
      const updated = new Set([...updates.map((u) => u.row), ...moves.map((m) => m.row)]);
      return [
        ...creates.map((c) => trace(c.row, 'OrgUnit', c.write.id, 'CREATED')),
        ...[...updated].map((row) => trace(row, 'OrgUnit', placedIdOfRow(row), 'UPDATED')),
      ];
    },
  };

  function placedIdOfRow(row: number): string {
    const line = lines.find((l) => l.row === row)!;
    return placed.get(line.code)!.id;
  }
}

const trace = (row: number, entityType: string, entityId: string, action: ImportRowWrite['action']) => ({
  row,
  entityType,
  entityId,
  action,
});

// ── people ───────────────────────────────────────────────────────────────────────────────────────

async function planPeople(ctx: RequestContext, sheet: Sheet, state: ImportState): Promise<Plan> {
  const permission = PERMISSION.people;
  interface Line {
    row: number;
    membershipNumber?: string;
    externalId?: string;
    fullNameAr?: string;
    fullNameLatin?: string;
    gender?: string;
    birthYear?: number;
    homeUnit: string;
    phone?: string;
    email?: string;
    address?: string;
  }
  const lines: Line[] = [];
  const seenNumbers = new Map<string, number>();
  const seenIds = new Map<string, number>();
  for (const record of sheet.records) {
    const v = record.values;
    let ok = true;
    if (!v.membershipNumber && !v.externalId) {
      sheet.problems.push(
        problem(
          'REQUIRED',
          record.row,
          sheet.col(sheet.header.index.has('membershipNumber') ? 'membershipNumber' : 'externalId'),
        ),
      );
      ok = false;
    }
    if (!v.fullNameAr && !v.fullNameLatin) {
      sheet.problems.push(
        problem(
          'REQUIRED',
          record.row,
          sheet.col(sheet.header.index.has('fullNameAr') ? 'fullNameAr' : 'fullNameLatin'),
        ),
      );
      ok = false;
    }
    ok = required(sheet, record, 'homeUnit') && ok;
    const gender = parsed(sheet, record, 'gender', parseGender, EXPECTED.gender);
    const birthYear = parsed(sheet, record, 'birthYear', parseBirthYear, EXPECTED.year);
    if (gender === null || birthYear === null) ok = false;
    if (v.membershipNumber && !firstOf(sheet, seenNumbers, v.membershipNumber, record, 'membershipNumber')) {
      ok = false;
    }
    if (v.externalId && !firstOf(sheet, seenIds, v.externalId, record, 'externalId')) ok = false;
    if (!ok) continue;
    lines.push({
      row: record.row,
      membershipNumber: v.membershipNumber,
      externalId: v.externalId,
      fullNameAr: v.fullNameAr,
      fullNameLatin: v.fullNameLatin,
      gender: gender ?? undefined,
      birthYear: birthYear ?? undefined,
      homeUnit: v.homeUnit!,
      phone: v.phone,
      email: v.email,
      address: v.address,
    });
  }
  await repeatedEarlier(ctx, sheet, [
    ...[...seenNumbers].map(([key, row]) => ({ key: `number:${key}`, row, field: 'membershipNumber' })),
    ...[...seenIds].map(([key, row]) => ({ key: `person:${key}`, row, field: 'externalId' })),
  ]);
  const failed = failedRows(sheet);
  const units = await unitsNamed(
    ctx,
    lines.map((l) => l.homeUnit),
  );
  const numbers = lines.flatMap((l) => (l.membershipNumber ? [l.membershipNumber] : []));
  const ids = lines.flatMap((l) => (l.externalId ? [l.externalId] : []));
  const byNumber = new Map(
    (numbers.length ? await peopleByMembershipNumber(ctx, numbers) : []).map((p) => [p.key, p]),
  );
  const byId = new Map((ids.length ? await peopleByExternalId(ctx, ids) : []).map((p) => [p.key, p]));

  const result = { people: counts() };
  const creates: { row: number; write: PersonWrite; line: Line }[] = [];
  const updates: { row: number; write: PersonWrite }[] = [];
  const keys: { key: string; entityId: string }[] = [];
  const touched: string[] = [];
  for (const line of lines) {
    if (failed.has(line.row)) continue;
    const unit = units.get(line.homeUnit);
    if (!unitAccess(ctx, sheet, permission, unit, line.homeUnit, line.row, 'homeUnit')) continue;
    const byKey = line.membershipNumber ? byNumber.get(line.membershipNumber) : undefined;
    const byExternal = line.externalId ? byId.get(line.externalId) : undefined;
    if (byKey && byExternal && byKey.id !== byExternal.id) {
      sheet.problems.push(problem('MEMBERSHIP_NUMBER_TAKEN', line.row, sheet.col('membershipNumber')));
      continue;
    }
    const current: PersonRow | undefined = byKey ?? byExternal;
    if (current) {
      // A person the caller cannot edit (or see) is refused as a taken key: never changed, never shown.
      if (!current.homePath || !inScope(scopeOf(ctx.actor, permission), current.homePath)) {
        const field = byKey ? 'membershipNumber' : 'externalId';
        sheet.problems.push(problem('MEMBERSHIP_NUMBER_TAKEN', line.row, sheet.col(field)));
        continue;
      }
      const write: PersonWrite = {
        id: current.id,
        fullNameAr: line.fullNameAr ?? current.fullNameAr,
        fullNameLatin: line.fullNameLatin ?? current.fullNameLatin,
        gender: line.gender ?? current.gender,
        birthYear: line.birthYear ?? current.birthYear,
        membershipNumber: line.membershipNumber ?? current.membershipNumber,
        homeUnitId: unit!.id,
        phone: line.phone ?? current.phone,
        email: line.email ?? current.email,
        address: line.address ?? current.address,
        searchText: '',
        searchKey: '',
      };
      Object.assign(write, personSearchColumns(write));
      touched.push(unit!.path);
      if (line.externalId && !byExternal) keys.push({ key: line.externalId, entityId: current.id });
      const changed = (
        [
          'fullNameAr',
          'fullNameLatin',
          'gender',
          'birthYear',
          'membershipNumber',
          'homeUnitId',
          'phone',
          'email',
          'address',
        ] as const
      ).some((field) => !same(write[field], current[field]));
      if (changed) {
        updates.push({ row: line.row, write });
        result.people.updated++;
      } else result.people.unchanged++;
      continue;
    }
    const write: PersonWrite = {
      id: randomUUID(),
      fullNameAr: line.fullNameAr ?? null,
      fullNameLatin: line.fullNameLatin ?? null,
      gender: line.gender ?? null,
      birthYear: line.birthYear ?? null,
      membershipNumber: line.membershipNumber ?? null,
      homeUnitId: unit!.id,
      phone: line.phone ?? null,
      email: line.email ?? null,
      address: line.address ?? null,
      searchText: '',
      searchKey: '',
    };
    Object.assign(write, personSearchColumns(write));
    touched.push(unit!.path);
    if (line.externalId) keys.push({ key: line.externalId, entityId: write.id });
    creates.push({ row: line.row, write, line });
    result.people.created++;
  }
  await flagLikelyDuplicates(ctx, sheet, state, creates);
  return {
    counts: result,
    touched,
    async apply(tx) {
      await insertPeople(
        tx,
        creates.map((c) => c.write),
      );
      await updatePeople(
        tx,
        updates.map((u) => u.write),
      );
      await insertImportKeys(tx, 'PERSON', keys);
      return [
        ...creates.map((c) => trace(c.row, 'Person', c.write.id, 'CREATED')),
        ...updates.map((u) => trace(u.row, 'Person', u.write.id, 'UPDATED')),
      ];
    },
  };
}

/**
 * New people with the same folded name (either script) and birth year as a person the caller can
 * see, or as a new row earlier in the file: flagged as likely duplicates, imported all the same,
 * never merged.
 */
async function flagLikelyDuplicates(
  ctx: RequestContext,
  sheet: Sheet,
  state: ImportState,
  creates: { row: number; write: PersonWrite }[],
): Promise<void> {
  const withYear = creates.filter((c) => c.write.birthYear !== null);
  if (!withYear.length) return;
  // Its folded names, as its search text holds them (with its membership number, which no name equals).
  const namesOf = (write: PersonWrite) => [...new Set(write.searchText.split(' | ').filter(Boolean))];
  const wanted = withYear.flatMap((c) =>
    namesOf(c.write).map((name) => ({ year: c.write.birthYear!, name })),
  );
  const keyOf = (year: number, name: string) => `${year}|${name}`;
  const read = scopeOf(ctx.actor, Permission.Read);
  const known = new Map<string, { id?: string; row?: number }>();
  for (const person of await peopleWithNamesBornIn(ctx, state.importId, wanted)) {
    if (!person.homePath || !inScope(read, person.homePath)) continue;
    const key = keyOf(person.year, person.name);
    if (!known.has(key)) known.set(key, { id: person.id });
  }
  const earlier = await importSeen(
    ctx,
    wanted.map((w) => `name:${keyOf(w.year, w.name)}`),
  );
  for (const seen of earlier) {
    const key = seen.key.slice('name:'.length);
    if (!known.has(key)) known.set(key, { row: seen.row });
  }
  const first: { key: string; row: number }[] = [];
  for (const create of withYear) {
    const keys = namesOf(create.write).map((name) => keyOf(create.write.birthYear!, name));
    const match = keys.map((key) => known.get(key)).find(Boolean);
    if (match) {
      sheet.problems.push(
        problem(
          'LIKELY_DUPLICATE',
          create.row,
          sheet.col(create.write.fullNameAr ? 'fullNameAr' : 'fullNameLatin'),
          match.id ? { personId: match.id } : { firstRow: match.row },
          'WARNING',
        ),
      );
    }
    for (const key of keys) {
      if (known.has(key)) continue;
      known.set(key, { row: create.row });
      first.push({ key: `name:${key}`, row: create.row });
    }
  }
  await rememberImportSeen(ctx, first);
}

// ── people found by a key of the file ────────────────────────────────────────────────────────────

/** People named by a membership number or an external id, visible to the caller. */
async function peopleNamed(ctx: RequestContext, keys: string[]): Promise<Map<string, PersonRow>> {
  const list = [...new Set(keys)];
  if (!list.length) return new Map();
  const read = scopeOf(ctx.actor, Permission.Read);
  const found = new Map<string, PersonRow>();
  for (const person of [
    ...(await peopleByExternalId(ctx, list)),
    ...(await peopleByMembershipNumber(ctx, list)),
  ]) {
    if (person.homePath ? inScope(read, person.homePath) : read.all) found.set(person.key, person);
  }
  return found;
}

/** What a meeting's search text is made of, besides its agenda: titles and place, summaries as they are. */
const searchFields = (
  meeting: { titleAr: string | null; titleFr: string | null; place: string | null },
  current: { summaryAr: string | null; summaryFr: string | null } | undefined,
) => ({
  titleAr: meeting.titleAr,
  titleFr: meeting.titleFr,
  place: meeting.place,
  summaryAr: current?.summaryAr ?? null,
  summaryFr: current?.summaryFr ?? null,
});

/** Meeting series named by their id or exact title, readable by the caller and named by one series only. */
async function seriesNamed(ctx: RequestContext, values: string[]): Promise<Map<string, string>> {
  const list = [...new Set(values)];
  if (!list.length) return new Map();
  const read = scopeOf(ctx.actor, Permission.Read);
  const found = (
    await seriesByIdOrTitle(
      ctx,
      list.filter((v) => isUuid(v)),
      list,
    )
  ).filter((s) => inScope(read, s.path));
  const named = new Map<string, string>();
  for (const value of list) {
    const matches = found.filter((s) => s.id === value || s.titleAr === value || s.titleFr === value);
    if (matches.length === 1) named.set(value, matches[0].id);
  }
  return named;
}

// ── mandates ─────────────────────────────────────────────────────────────────────────────────────

/** Roles whose post is collegial: a post the import creates gets as many seats as its holders need. */
const COLLEGIAL_ROLES = new Set(['BUREAU_MEMBER']);

const termStart = (m: { startsOn: string | null; attestedOn: string | null }) =>
  (m.startsOn ?? m.attestedOn)!;
const overlaps = (
  a: { startsOn: string | null; attestedOn: string | null; endsOn: string | null },
  b: { startsOn: string | null; attestedOn: string | null; endsOn: string | null },
) => termStart(a) <= (b.endsOn ?? '9999-12-31') && termStart(b) <= (a.endsOn ?? '9999-12-31');

async function planMandates(ctx: RequestContext, sheet: Sheet, state: ImportState): Promise<Plan> {
  const permission = PERMISSION.mandates;
  const roles = (state.roles ??= await roleCatalogue(ctx));
  const roleByWord = new Map<string, (typeof roles)[number]>();
  for (const role of roles) {
    for (const word of [role.code, role.titleAr, role.titleFr]) roleByWord.set(searchText(word), role);
  }
  interface Line {
    row: number;
    person: string;
    unit: string;
    roleCode: string;
    startsOn: string | null;
    attestedOn: string | null;
    endsOn: string | null;
    status: string;
    endReason: string | null;
    source: string | null;
  }
  const lines: Line[] = [];
  for (const record of sheet.records) {
    const v = record.values;
    let ok = required(sheet, record, 'person', 'unit', 'role');
    const startsOn = parsed(sheet, record, 'startsOn', parseDate, EXPECTED.date);
    const attestedOn = parsed(sheet, record, 'attestedOn', parseDate, EXPECTED.date);
    const endsOn = parsed(sheet, record, 'endsOn', parseDate, EXPECTED.date);
    const status = parsed(sheet, record, 'status', parseMandateStatus, EXPECTED.mandateStatus);
    const endReason = parsed(sheet, record, 'endReason', parseEndReason, EXPECTED.endReason);
    if ([startsOn, attestedOn, endsOn, status, endReason].includes(null)) ok = false;
    if (!startsOn && !attestedOn && startsOn !== null && attestedOn !== null) {
      sheet.problems.push(problem('REQUIRED', record.row, sheet.col('startsOn')));
      ok = false;
    }
    const start = startsOn ?? attestedOn;
    if (ok && endsOn && start && endsOn < start) {
      sheet.problems.push(
        problem('INVALID_VALUE', record.row, sheet.col('endsOn'), { value: endsOn, expected: `≥ ${start}` }),
      );
      ok = false;
    }
    if (ok && endReason && !endsOn) ok = required(sheet, record, 'endsOn');
    const role = v.role ? roleByWord.get(searchText(v.role)) : undefined;
    if (v.role && !role) {
      sheet.problems.push(problem('ROLE_NOT_FOUND', record.row, sheet.col('role'), { value: v.role }));
      ok = false;
    }
    if (!ok || !role) continue;
    lines.push({
      row: record.row,
      person: v.person!,
      unit: v.unit!,
      roleCode: role.code,
      startsOn: startsOn ?? null,
      attestedOn: attestedOn ?? null,
      endsOn: endsOn ?? null,
      status: status ?? 'ACTIVE',
      endReason: endReason ?? null,
      source: v.source ?? null,
    });
  }
  const failed = failedRows(sheet);
  const units = await unitsNamed(
    ctx,
    lines.map((l) => l.unit),
  );
  const people = await peopleNamed(
    ctx,
    lines.map((l) => l.person),
  );
  const unitIds = [...new Set([...units.values()].map((u) => u.id))];
  const positions = new Map(
    (unitIds.length ? await positionsOfUnits(ctx, unitIds) : []).map((p) => [`${p.unitId}|${p.roleCode}`, p]),
  );
  const held = new Map<string, MandateWrite[]>();
  const existingPositions = [...positions.values()].map((p) => p.id);
  for (const mandate of existingPositions.length ? await mandatesOfPositions(ctx, existingPositions) : []) {
    const list = held.get(mandate.positionId) ?? [];
    list.push(mandate);
    held.set(mandate.positionId, list);
  }

  const result = { positions: counts(), mandates: counts() };
  const newPositions = new Map<string, PositionWrite>();
  const creates: { row: number; write: MandateWrite }[] = [];
  const updates: { row: number; write: MandateWrite }[] = [];
  const touched: string[] = [];
  const seen = new Map<string, number>();
  const accepted: { line: Line; positionId: string; personId: string }[] = [];
  for (const line of lines) {
    if (failed.has(line.row)) continue;
    const unit = units.get(line.unit);
    if (!unitAccess(ctx, sheet, permission, unit, line.unit, line.row, 'unit')) continue;
    const person = people.get(line.person);
    if (!person) {
      sheet.problems.push(problem('PERSON_NOT_FOUND', line.row, sheet.col('person'), { key: line.person }));
      continue;
    }
    // As an appointment: the unit existed when the term starts (founded by then, not yet dissolved).
    if (!existsOn(unit!, termStart(line))) {
      const column = sheet.col(line.startsOn ? 'startsOn' : 'attestedOn');
      sheet.problems.push(
        problem('UNIT_NOT_EXISTING', line.row, column, { code: line.unit, date: termStart(line) }),
      );
      continue;
    }
    const positionKey = `${unit!.id}|${line.roleCode}`;
    let position = positions.get(positionKey) ?? newPositions.get(positionKey);
    if (!position) {
      const titles = defaultPositionTitles(
        roles.find((r) => r.code === line.roleCode)!,
        unit!.level as OrgUnitLevel,
      );
      const created: PositionWrite = {
        id: randomUUID(),
        unitId: unit!.id,
        roleCode: line.roleCode,
        seats: 1,
        ...titles,
      };
      newPositions.set(positionKey, created);
      position = created;
    }
    const start = termStart(line);
    if (
      !firstOf(sheet, seen, `${position.id}|${person.id}|${start}`, { row: line.row, values: {} }, 'person')
    ) {
      continue;
    }
    touched.push(unit!.path);
    accepted.push({ line, positionId: position.id, personId: person.id });
  }
  const repeated = await repeatedEarlier(
    ctx,
    sheet,
    [...seen].map(([key, row]) => ({ key: `term:${key}`, row, field: 'person' })),
  );
  // Posts created by this chunk, or by an earlier one (their seats grow with their holders).
  const createdById = new Map([
    ...state.createdPositions,
    ...[...newPositions.values()].map((p) => [p.id, p] as const),
  ]);
  const grown = new Set<PositionWrite>();
  const seatsOf = new Map([...positions.values()].map((p) => [p.id, p.seats]));
  // Terms already held, then the file's in order of start: each new term takes the lowest free seat.
  for (const { line, positionId, personId } of accepted
    .filter((a) => !repeated.has(a.line.row))
    .sort((a, b) => termStart(a.line).localeCompare(termStart(b.line)))) {
    const terms = held.get(positionId) ?? [];
    held.set(positionId, terms);
    const start = termStart(line);
    const current = terms.find(
      (m) => m.personId === personId && termStart(m) === start && !m.id.startsWith('new:'),
    );
    if (current) {
      const write: MandateWrite = {
        ...current,
        endsOn: line.endsOn,
        status: line.status,
        endReason: line.endReason,
        source: line.source ?? current.source,
      };
      const others = terms.filter((m) => m !== current);
      if (others.some((m) => m.personId === personId && overlaps(m, write))) {
        sheet.problems.push(problem('TERM_OVERLAP', line.row, sheet.col('endsOn')));
        continue;
      }
      if (others.some((m) => m.seat === current.seat && overlaps(m, write))) {
        sheet.problems.push(problem('NO_FREE_SEAT', line.row, sheet.col('endsOn')));
        continue;
      }
      if (
        ['endsOn', 'status', 'endReason', 'source'].some(
          (f) => !same(write[f as keyof MandateWrite], current[f as keyof MandateWrite]),
        )
      ) {
        Object.assign(current, write);
        updates.push({ row: line.row, write });
        result.mandates.updated++;
      } else result.mandates.unchanged++;
      continue;
    }
    const term = { startsOn: line.startsOn, attestedOn: line.attestedOn, endsOn: line.endsOn };
    if (terms.some((m) => m.personId === personId && overlaps(m, term))) {
      sheet.problems.push(problem('TERM_OVERLAP', line.row, sheet.col('startsOn')));
      continue;
    }
    const created = createdById.get(positionId);
    const seats = created ? Infinity : seatsOf.get(positionId)!;
    const collegial = created ? COLLEGIAL_ROLES.has(created.roleCode) : true;
    let seat = 1;
    while (terms.some((m) => m.seat === seat && overlaps(m, term))) seat++;
    if (seat > seats || (created && !collegial && seat > 1)) {
      sheet.problems.push(problem('NO_FREE_SEAT', line.row, sheet.col('startsOn')));
      continue;
    }
    if (created && seat > created.seats) {
      created.seats = seat;
      grown.add(created);
    }
    const write: MandateWrite = {
      id: randomUUID(),
      positionId,
      personId,
      seat,
      ...term,
      status: line.status,
      endReason: line.endReason,
      source: line.source,
    };
    terms.push({ ...write, id: `new:${write.id}` });
    creates.push({ row: line.row, write });
    result.mandates.created++;
  }
  const usedPositions = new Set(creates.map((c) => c.write.positionId));
  const positionWrites = [...newPositions.values()].filter((p) => usedPositions.has(p.id));
  result.positions.created = positionWrites.length;
  for (const position of positionWrites) state.createdPositions.set(position.id, position);
  const seatsGrown = [...grown].filter((p) => !newPositions.has(`${p.unitId}|${p.roleCode}`));
  /** The row that made the import create a post: the first that needed it. */
  const firstRowOf = new Map<string, number>();
  for (const c of creates) if (!firstRowOf.has(c.write.positionId)) firstRowOf.set(c.write.positionId, c.row);
  return {
    counts: result,
    touched,
    async apply(tx) {
      await insertPositions(tx, positionWrites);
      await growPositionSeats(tx, seatsGrown);
      await insertMandates(
        tx,
        creates.map((c) => c.write),
      );
      await updateMandates(
        tx,
        updates.map((u) => u.write),
      );
      return [
        ...creates.map((c) => trace(c.row, 'Mandate', c.write.id, 'CREATED')),
        ...updates.map((u) => trace(u.row, 'Mandate', u.write.id, 'UPDATED')),
        ...positionWrites.map((p) => trace(firstRowOf.get(p.id)!, 'Position', p.id, 'CREATED')),
      ];
    },
  };
}

// ── meetings with participants ───────────────────────────────────────────────────────────────────

async function planMeetings(ctx: RequestContext, sheet: Sheet): Promise<Plan> {
  const permission = PERMISSION.meetings;
  const MEETING_FIELDS = [
    'heldOn',
    'time',
    'unit',
    'kind',
    'status',
    'titleAr',
    'titleFr',
    'place',
    'series',
  ] as const;
  type MeetingCells = Partial<Record<(typeof MEETING_FIELDS)[number], string>>;
  /** A meeting's first row, as later chunks check their rows of the same meeting against it. */
  interface SeenMeeting {
    raw: MeetingCells;
    status: string;
    accepted: boolean;
  }
  interface MeetingLine {
    row: number;
    ref: string;
    heldOn: string;
    time: string | null;
    unit: string;
    kind: string;
    status: string;
    titleAr: string | null;
    titleFr: string | null;
    place: string | null;
    series: string | null;
    raw: MeetingCells;
    /** Agenda items and outcomes, one a row, in the order of the file (back-filling past meetings). */
    agenda: { row: number; text: string }[];
    outcomes: { row: number; text: string; kind: string; owners: string[]; dueOn: string | null }[];
    /** Its first row was in an earlier chunk: this one only adds participants, if it was accepted. */
    earlier?: { accepted: boolean };
    participants: { row: number; person: string; role: string; attendance: string | null }[];
  }
  const refs = [...new Set(sheet.records.flatMap((r) => (r.values.meeting ? [r.values.meeting] : [])))];
  const before = new Map(
    (
      await importSeen(
        ctx,
        refs.map((ref) => `meeting:${ref}`),
      )
    ).map((seen) => [seen.key.slice('meeting:'.length), seen]),
  );
  const meetings = new Map<string, MeetingLine>();
  for (const record of sheet.records) {
    const v = record.values;
    let ok = required(sheet, record, 'meeting');
    let first = v.meeting ? meetings.get(v.meeting) : undefined;
    const seen = v.meeting && !first ? before.get(v.meeting) : undefined;
    if (seen) {
      const data = seen.data as SeenMeeting;
      first = {
        row: seen.row,
        ref: v.meeting!,
        heldOn: data.raw.heldOn ?? '',
        time: null,
        unit: data.raw.unit ?? '',
        kind: '',
        status: data.status,
        titleAr: null,
        titleFr: null,
        place: null,
        series: null,
        raw: data.raw,
        earlier: { accepted: data.accepted },
        participants: [],
        agenda: [],
        outcomes: [],
      };
      meetings.set(first.ref, first);
    }
    if (first) {
      // Each further row of a meeting adds a participant; its meeting cells, if filled, must agree.
      const differs = MEETING_FIELDS.find((f) => v[f] !== undefined && v[f] !== first.raw[f]);
      if (differs) {
        sheet.problems.push(
          problem('MEETING_MISMATCH', record.row, sheet.col(differs), {
            ref: first.ref,
            firstRow: first.row,
          }),
        );
        ok = false;
      }
    } else if (ok) {
      ok = required(sheet, record, 'heldOn', 'unit', 'kind') && ok;
      if (!v.titleAr && !v.titleFr) {
        sheet.problems.push(
          problem(
            'REQUIRED',
            record.row,
            sheet.col(sheet.header.index.has('titleAr') ? 'titleAr' : 'titleFr'),
          ),
        );
        ok = false;
      }
    }
    const heldOn = parsed(sheet, record, 'heldOn', parseDate, EXPECTED.date);
    const time = parsed(sheet, record, 'time', parseTime, EXPECTED.time);
    const kind = parsed(sheet, record, 'kind', parseMeetingKind, EXPECTED.meetingKind);
    const status = parsed(sheet, record, 'status', parseMeetingStatus, EXPECTED.meetingStatus);
    const role = parsed(sheet, record, 'participantRole', parseParticipantRole, EXPECTED.participantRole);
    const attendance = parsed(sheet, record, 'attendance', parseAttendance, EXPECTED.attendance);
    const outcomeKind = parsed(sheet, record, 'outcomeKind', parseOutcomeKind, EXPECTED.outcomeKind);
    const dueOn = parsed(sheet, record, 'outcomeDueOn', parseDate, EXPECTED.date);
    if ([heldOn, time, kind, status, role, attendance, outcomeKind, dueOn].includes(null)) ok = false;
    if (!v.outcome && (v.outcomeKind || v.outcomeOwner || v.outcomeDueOn)) {
      ok = required(sheet, record, 'outcome') && ok;
    }
    if (!ok) continue;
    const meeting: MeetingLine =
      first ??
      ({
        row: record.row,
        ref: v.meeting!,
        heldOn: heldOn!,
        time: time ?? null,
        unit: v.unit!,
        kind: kind!,
        status: status ?? (heldOn! <= ctx.today ? 'HELD' : 'PLANNED'),
        titleAr: v.titleAr ?? null,
        titleFr: v.titleFr ?? null,
        place: v.place ?? null,
        series: v.series ?? null,
        raw: Object.fromEntries(MEETING_FIELDS.flatMap((f) => (v[f] === undefined ? [] : [[f, v[f]]]))),
        participants: [],
        agenda: [],
        outcomes: [],
      } satisfies MeetingLine);
    meetings.set(meeting.ref, meeting);
    const repeats = (list: { row: number; text: string }[], text: string, field: string) => {
      const firstRow = list.find((item) => item.text === text)?.row;
      if (firstRow !== undefined) {
        sheet.problems.push(problem('DUPLICATE_ROW', record.row, sheet.col(field), { firstRow }));
      }
      return firstRow !== undefined;
    };
    if (v.agendaItem && !repeats(meeting.agenda, v.agendaItem, 'agendaItem')) {
      meeting.agenda.push({ row: record.row, text: v.agendaItem });
    }
    if (v.outcome && !repeats(meeting.outcomes, v.outcome, 'outcome')) {
      meeting.outcomes.push({
        row: record.row,
        text: v.outcome,
        kind: outcomeKind ?? 'DECISION',
        owners: (v.outcomeOwner ?? '')
          .split(';')
          .map((owner) => owner.trim())
          .filter(Boolean),
        dueOn: dueOn ?? null,
      });
    }
    if (v.participant) {
      if (meeting.participants.some((p) => p.person === v.participant)) {
        const firstRow = meeting.participants.find((p) => p.person === v.participant)!.row;
        sheet.problems.push(problem('DUPLICATE_ROW', record.row, sheet.col('participant'), { firstRow }));
        continue;
      }
      meeting.participants.push({
        row: record.row,
        person: v.participant,
        role: role ?? 'ATTENDEE',
        attendance: attendance ?? (meeting.status === 'HELD' ? 'ATTENDED' : null),
      });
    }
  }
  const lines = [...meetings.values()];
  await repeatedEarlier(
    ctx,
    sheet,
    lines.flatMap((m) => [
      ...m.participants.map((p) => ({
        key: `participant:${m.ref}|${p.person}`,
        row: p.row,
        field: 'participant',
      })),
      ...m.agenda.map((a) => ({ key: `agenda:${m.ref}|${a.text}`, row: a.row, field: 'agendaItem' })),
      ...m.outcomes.map((o) => ({ key: `outcome:${m.ref}|${o.text}`, row: o.row, field: 'outcome' })),
    ]),
  );
  const failed = failedRows(sheet);
  const owners = lines.flatMap((m) => m.outcomes.flatMap((o) => o.owners));
  const units = await unitsNamed(ctx, [...lines.filter((m) => !m.earlier).map((m) => m.unit), ...owners]);
  const people = await peopleNamed(ctx, [
    ...lines.flatMap((m) => m.participants.map((p) => p.person)),
    ...owners,
  ]);
  const series = await seriesNamed(
    ctx,
    lines.flatMap((m) => (m.series ? [m.series] : [])),
  );
  const existing = new Map((refs.length ? await meetingsByReference(ctx, refs) : []).map((m) => [m.key, m]));
  const existingIds = [...existing.values()].map((m) => m.id);
  const agendaOf = new Map<string, { position: number; titleAr: string | null; titleFr: string | null }[]>();
  for (const item of existingIds.length ? await agendaOfMeetings(ctx, existingIds) : []) {
    agendaOf.set(item.meetingId, [...(agendaOf.get(item.meetingId) ?? []), item]);
  }
  const outcomesOf = new Map<string, OutcomeWrite[]>();
  for (const outcome of existingIds.length ? await outcomesOfMeetings(ctx, existingIds) : []) {
    outcomesOf.set(outcome.meetingId, [...(outcomesOf.get(outcome.meetingId) ?? []), outcome]);
  }
  const present = new Map(
    (existingIds.length ? await participationsOf(ctx, existingIds) : []).map((p) => [
      `${p.meetingId}|${p.personId}`,
      p,
    ]),
  );

  const result = { meetings: counts(), participants: counts(), agendaItems: counts(), outcomes: counts() };
  const agendaWrites: { row: number; write: AgendaItemWrite }[] = [];
  const outcomeCreates: { row: number; write: OutcomeWrite }[] = [];
  const outcomeUpdates: { row: number; write: OutcomeWrite }[] = [];
  const searchTexts: { id: string; searchText: string }[] = [];
  const creates: { row: number; write: MeetingWrite }[] = [];
  const updates: { row: number; write: MeetingWrite }[] = [];
  const joins: { row: number; write: ParticipationWrite }[] = [];
  const changes: { row: number; write: ParticipationWrite }[] = [];
  const keys: { key: string; entityId: string }[] = [];
  const touched: string[] = [];
  const accepted = new Set<string>();
  /** The meetings this chunk creates or updates, by id. */
  const written = new Map<string, MeetingWrite>();
  for (const line of lines) {
    const meetingId = line.earlier ? meetingOfEarlierChunk(line) : planMeeting(line);
    if (!meetingId) continue;
    planRecord(line, meetingId);
    for (const participant of line.participants) {
      if (failed.has(participant.row)) continue;
      const person = people.get(participant.person);
      if (!person) {
        sheet.problems.push(
          problem('PERSON_NOT_FOUND', participant.row, sheet.col('participant'), { key: participant.person }),
        );
        continue;
      }
      const was = present.get(`${meetingId}|${person.id}`);
      const join: ParticipationWrite = {
        id: was?.id ?? randomUUID(),
        meetingId,
        personId: person.id,
        role: participant.role,
        attendance: participant.attendance,
      };
      if (!was) {
        joins.push({ row: participant.row, write: join });
        result.participants.created++;
      } else if (!same(was.role, join.role) || !same(was.attendance, join.attendance)) {
        changes.push({ row: participant.row, write: join });
        result.participants.updated++;
      } else result.participants.unchanged++;
    }
  }
  // Later chunks check their rows of these meetings against their first rows, found here.
  await rememberImportSeen(
    ctx,
    lines
      .filter((line) => !line.earlier)
      .map((line) => ({
        key: `meeting:${line.ref}`,
        row: line.row,
        data: { raw: line.raw, status: line.status, accepted: accepted.has(line.ref) } satisfies SeenMeeting,
      })),
  );

  /** The agenda items and outcomes of a meeting's rows: added when new, outcomes updated when changed. */
  function planRecord(line: MeetingLine, meetingId: string): void {
    const current = [...existing.values()].find((m) => m.id === meetingId);
    const agenda = agendaOf.get(meetingId) ?? [];
    let position = Math.max(0, ...agenda.map((item) => item.position));
    let added = false;
    for (const item of line.agenda) {
      if (failed.has(item.row)) continue;
      if (agenda.some((a) => a.titleAr === item.text || a.titleFr === item.text)) {
        result.agendaItems.unchanged++;
        continue;
      }
      if (agenda.length >= MAX_ITEMS) {
        sheet.problems.push(
          problem('MEETING_FULL', item.row, sheet.col('agendaItem'), {
            max: MAX_ITEMS,
            ar: 'نقط جدول الأعمال',
            fr: 'points à l’ordre du jour',
            en: 'agenda items',
          }),
        );
        continue;
      }
      const text = byScript(item.text);
      const write: AgendaItemWrite = {
        id: randomUUID(),
        meetingId,
        position: ++position,
        titleAr: text.ar,
        titleFr: text.fr,
      };
      agenda.push(write);
      agendaWrites.push({ row: item.row, write });
      result.agendaItems.created++;
      added = true;
    }
    agendaOf.set(meetingId, agenda);
    if (added) {
      const meeting = written.get(meetingId);
      const fields = meeting ?? current!;
      const searchText = meetingSearchText(searchFields(fields, current), agenda);
      if (meeting) meeting.searchText = searchText;
      else searchTexts.push({ id: meetingId, searchText });
    }
    const day = line.earlier ? (parseDate(line.raw.heldOn ?? '') ?? current?.heldOn) : line.heldOn;
    const outcomes = outcomesOf.get(meetingId) ?? [];
    for (const outcome of line.outcomes) {
      if (failed.has(outcome.row)) continue;
      if (outcome.dueOn && day && outcome.dueOn < day) {
        sheet.problems.push(
          problem('INVALID_VALUE', outcome.row, sheet.col('outcomeDueOn'), {
            value: outcome.dueOn,
            expected: `≥ ${day}`,
          }),
        );
        continue;
      }
      if (outcome.owners.length > MAX_OWNERS) {
        sheet.problems.push(
          problem('INVALID_VALUE', outcome.row, sheet.col('outcomeOwner'), {
            value: outcome.owners.join(';'),
            expected: `≤ ${MAX_OWNERS}`,
          }),
        );
        continue;
      }
      const owners: string[] = [];
      for (const key of outcome.owners) {
        const person = people.get(key);
        const unit = person ? undefined : units.get(key);
        const readable = unit && inScope(scopeOf(ctx.actor, Permission.Read), unit.path);
        if (!person && !readable) {
          sheet.problems.push(problem('OWNER_NOT_FOUND', outcome.row, sheet.col('outcomeOwner'), { key }));
          break;
        }
        owners.push(person ? `person:${person.id}` : `unit:${unit!.id}`);
      }
      if (owners.length < outcome.owners.length) continue;
      const was = outcomes.find((o) => o.textAr === outcome.text || o.textFr === outcome.text);
      if (was) {
        const write: OutcomeWrite = {
          ...was,
          kind: outcome.kind,
          dueOn: outcome.dueOn ?? was.dueOn,
          owners: owners.length ? owners : was.owners,
        };
        if (
          write.kind !== was.kind ||
          !same(write.dueOn, was.dueOn) ||
          write.owners.join(';') !== was.owners.join(';')
        ) {
          outcomeUpdates.push({ row: outcome.row, write });
          result.outcomes.updated++;
        } else result.outcomes.unchanged++;
        continue;
      }
      if (outcomes.length >= MAX_OUTCOMES) {
        sheet.problems.push(
          problem('MEETING_FULL', outcome.row, sheet.col('outcome'), {
            max: MAX_OUTCOMES,
            ar: 'القرارات',
            fr: 'décisions',
            en: 'outcomes',
          }),
        );
        continue;
      }
      const text = byScript(outcome.text);
      const write: OutcomeWrite = {
        id: randomUUID(),
        meetingId,
        kind: outcome.kind,
        textAr: text.ar,
        textFr: text.fr,
        dueOn: outcome.dueOn,
        owners,
      };
      outcomes.push(write);
      outcomeCreates.push({ row: outcome.row, write });
      result.outcomes.created++;
    }
    outcomesOf.set(meetingId, outcomes);
  }

  /** A meeting whose first row an earlier chunk planned: its id, if that chunk accepted it. */
  function meetingOfEarlierChunk(line: MeetingLine): string | undefined {
    const meeting = line.earlier!.accepted ? existing.get(line.ref) : undefined;
    if (meeting) touched.push(meeting.convenerPath);
    return meeting?.id;
  }

  /** Plans a meeting from its first row; answers its id, unless the meeting is refused. */
  function planMeeting(line: MeetingLine): string | undefined {
    if (failed.has(line.row)) return;
    const unit = units.get(line.unit);
    if (!unitAccess(ctx, sheet, permission, unit, line.unit, line.row, 'unit')) return;
    const current = existing.get(line.ref);
    if (current && !inScope(scopeOf(ctx.actor, permission), current.convenerPath)) {
      sheet.problems.push(problem('UNIT_NOT_FOUND', line.row, sheet.col('meeting'), { code: line.ref }));
      return;
    }
    let seriesId = current?.seriesId ?? null;
    if (line.series) {
      const found = series.get(line.series);
      if (!found) {
        sheet.problems.push(
          problem('SERIES_NOT_FOUND', line.row, sheet.col('series'), { value: line.series }),
        );
        return;
      }
      seriesId = found;
    }
    const write: MeetingWrite = {
      id: current?.id ?? randomUUID(),
      kind: line.kind,
      status: line.status,
      heldOn: line.heldOn,
      time: line.time,
      titleAr: line.titleAr,
      titleFr: line.titleFr,
      place: line.place,
      unitId: unit!.id,
      seriesId,
      // The agenda's titles and the summaries are in the search text too (the agenda may grow below).
      searchText: meetingSearchText(
        searchFields(line, current),
        current ? (agendaOf.get(current.id) ?? []) : [],
      ),
    };
    touched.push(unit!.path);
    if (current) {
      if (current.convenerCode !== line.unit) {
        sheet.problems.push(
          problem('MEETING_MISMATCH', line.row, sheet.col('unit'), { ref: line.ref, firstRow: line.row }),
        );
        return;
      }
      const changed = (
        ['kind', 'status', 'heldOn', 'time', 'titleAr', 'titleFr', 'place', 'seriesId'] as const
      ).some((f) => !same(write[f], current[f]));
      if (changed) {
        updates.push({ row: line.row, write });
        written.set(write.id, write);
        result.meetings.updated++;
      } else result.meetings.unchanged++;
    } else {
      creates.push({ row: line.row, write });
      written.set(write.id, write);
      keys.push({ key: line.ref, entityId: write.id });
      result.meetings.created++;
    }
    accepted.add(line.ref);
    return write.id;
  }
  return {
    counts: result,
    touched,
    async apply(tx) {
      await insertMeetings(
        tx,
        creates.map((c) => c.write),
      );
      await updateMeetings(
        tx,
        updates.map((u) => u.write),
      );
      await insertImportKeys(tx, 'MEETING', keys);
      await insertParticipations(
        tx,
        joins.map((j) => j.write),
      );
      await updateParticipations(
        tx,
        changes.map((c) => c.write),
      );
      await insertAgendaItems(
        tx,
        agendaWrites.map((a) => a.write),
      );
      await setMeetingSearchTexts(tx, searchTexts);
      await insertOutcomes(
        tx,
        outcomeCreates.map((o) => o.write),
      );
      await updateOutcomes(
        tx,
        outcomeUpdates.map((o) => o.write),
      );
      await replaceOutcomeOwners(
        tx,
        [...outcomeCreates, ...outcomeUpdates].map((o) => o.write),
      );
      return [
        ...creates.map((c) => trace(c.row, 'Meeting', c.write.id, 'CREATED')),
        ...updates.map((u) => trace(u.row, 'Meeting', u.write.id, 'UPDATED')),
        ...joins.map((j) => trace(j.row, 'Participation', j.write.id, 'CREATED')),
        ...changes.map((c) => trace(c.row, 'Participation', c.write.id, 'UPDATED')),
        ...agendaWrites.map((a) => trace(a.row, 'AgendaItem', a.write.id, 'CREATED')),
        ...outcomeCreates.map((o) => trace(o.row, 'Outcome', o.write.id, 'CREATED')),
        ...outcomeUpdates.map((o) => trace(o.row, 'Outcome', o.write.id, 'UPDATED')),
      ];
    },
  };
}
