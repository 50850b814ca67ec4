/**
 * The rows of the drawn party, table by table, in the order foreign keys need. Row timestamps are
 * those of the history (a unit is recorded when founded, a mandate on its first day), not the load's.
 */
import { QueryRunner } from 'typeorm';
import { searchColumns, searchText } from '../../../src/common/text';
import { insertReferenceTerritory, referenceTerritories } from '../../../src/seed/reference-territories';
import { DATA_START } from '../shape';
import { BulkTable, BulkWriter } from './bulk';
import { dayOf, isoOf, momentOn } from './calendar';
import { MeetingPlan, MeetingWriter, meetingTables } from './meetings';
import { Post, Unit } from './model';
import { People } from './people';
import { Random, uuidOf } from './random';
import { Series, SeriesIndex } from './series';
import { Tree } from './tree';
import { PLACE_NAMES } from './vocabulary';

const FIRST_DAY = dayOf(DATA_START);
const BATCH_ROWS = 20_000;

/**
 * Morocco's reference division, as the app's seed writes it (same rows, same search text) but with ids
 * derived like every other row's, so that two loads are identical. Territories the app seeded already
 * are kept. Returns every territory's id by code.
 */
export async function writeReferenceTerritories(runner: QueryRunner): Promise<Map<string, string>> {
  for (const [ordinal, t] of referenceTerritories().entries()) {
    await insertReferenceTerritory(runner, t, uuidOf('territory', ordinal));
  }
  const rows = (await runner.query(`SELECT code, id FROM territory`)) as { code: string; id: string }[];
  return new Map(rows.map((t) => [t.code, t.id]));
}

/** The made-up communes, then the units level by level: the path triggers read the parent's path. */
export async function writeUnits(runner: QueryRunner, tree: Tree, posts: readonly Post[]): Promise<void> {
  const communes = new BulkTable(
    'territory',
    [
      ['id', 'uuid'],
      ['code', 'text'],
      ['parent_id', 'uuid'],
      ['name_ar', 'text'],
      ['name_fr', 'text'],
      ['search_text', 'text'],
      ['search_key', 'text'],
    ],
    { kind: `'COMMUNE'` },
  );
  for (const c of tree.communes) {
    const search = searchColumns(c.nameAr, c.nameFr);
    communes.add(c.id, c.code, c.parentId, c.nameAr, c.nameFr, search.searchText, search.searchKey);
  }
  await new BulkWriter(runner, [communes], BATCH_ROWS).finish();

  const createdOn = (unit: Unit) => momentOn(Math.max(FIRST_DAY, unit.foundedOn), 9 * 60);
  for (const level of ['NATIONAL', 'REGIONAL', 'PROVINCIAL', 'LOCAL'] as const) {
    const table = new BulkTable(
      'org_unit',
      [
        ['id', 'uuid'],
        ['code', 'text'],
        ['level', 'text'],
        ['parent_id', 'uuid'],
        ['name_ar', 'text'],
        ['name_fr', 'text'],
        ['territory_id', 'uuid'],
        ['founded_on', 'date'],
        ['search_text', 'text'],
        ['search_key', 'text'],
        ['created_at', 'timestamptz'],
      ],
      { updated_at: 'created_at' },
    );
    for (const unit of tree.units.filter((u) => u.level === level)) {
      const search = searchColumns(unit.nameAr, unit.nameFr, unit.code);
      table.add(
        unit.id,
        unit.code,
        unit.level,
        unit.parent?.id ?? null,
        unit.nameAr,
        unit.nameFr,
        unit.territoryId,
        isoOf(unit.foundedOn),
        search.searchText,
        search.searchKey,
        createdOn(unit),
      );
    }
    await new BulkWriter(runner, [table], BATCH_ROWS).finish();
  }

  const positions = new BulkTable(
    'position',
    [
      ['id', 'uuid'],
      ['org_unit_id', 'uuid'],
      ['role_code', 'text'],
      ['title_ar', 'text'],
      ['title_fr', 'text'],
      ['seats', 'int4'],
      ['created_at', 'timestamptz'],
    ],
    { updated_at: 'created_at' },
  );
  for (const post of posts) {
    positions.add(
      post.id,
      post.unit.id,
      post.roleCode,
      post.titleAr,
      post.titleFr,
      post.seats,
      createdOn(post.unit),
    );
  }
  await new BulkWriter(runner, [positions], BATCH_ROWS).finish();
}

/** People with their contact data (some of it), registered during the registry's first month. */
export async function writePeople(runner: QueryRunner, people: People, tree: Tree): Promise<void> {
  const random = new Random('contacts');
  const table = new BulkTable(
    'person',
    [
      ['id', 'uuid'],
      ['full_name_ar', 'text'],
      ['full_name_latin', 'text'],
      ['gender', 'text'],
      ['membership_number', 'text'],
      ['home_unit_id', 'uuid'],
      ['search_text', 'text'],
      ['search_key', 'text'],
      ['phone', 'text'],
      ['email', 'text'],
      ['address', 'text'],
      ['created_at', 'timestamptz'],
    ],
    { updated_at: 'created_at' },
  );
  const writer = new BulkWriter(runner, [table], BATCH_ROWS);
  for (let i = 0; i < people.count; i++) {
    const nameAr = people.nameAr(i);
    const nameLatin = people.nameLatin(i);
    const home = tree.units[people.home[i]];
    const membershipNumber = random.chance(0.96)
      ? `AD-${people.joinedIn[i]}-${String(i + 1).padStart(7, '0')}`
      : null;
    const [quarterAr, quarterFr] = random.pick(PLACE_NAMES);
    const search = searchColumns(nameAr, nameLatin, membershipNumber);
    table.add(
      people.ids[i],
      nameAr,
      nameLatin,
      people.female[i] ? 'FEMALE' : 'MALE',
      membershipNumber,
      home.id,
      search.searchText,
      search.searchKey,
      random.chance(0.75) ? `+212${random.pick(['6', '7'])}${random.int(10_000_000, 99_999_999)}` : null,
      random.chance(0.35) ? `${people.handle(i)}${random.int(1, 99)}@courriel.example` : null,
      random.chance(0.25)
        ? random.chance(0.5)
          ? `حي ${quarterAr}، ${home.place[0]}`
          : `Quartier ${quarterFr}, ${home.place[1]}`
        : null,
      momentOn(FIRST_DAY + Math.floor((i * 30) / people.count), 9 * 60 + (i % 600)),
    );
    if (writer.full) await writer.flush();
  }
  await writer.finish();
}

/** Mandates, recorded on their first day; an ended one was updated once, when it ended. */
export async function writeMandates(
  runner: QueryRunner,
  posts: readonly Post[],
  people: People,
): Promise<void> {
  const table = new BulkTable(
    'mandate',
    [
      ['id', 'uuid'],
      ['position_id', 'uuid'],
      ['person_id', 'uuid'],
      ['seat', 'int4'],
      ['starts_on', 'date'],
      ['attested_on', 'date'],
      ['ends_on', 'date'],
      ['status', 'text'],
      ['end_reason', 'text'],
      ['source', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    { version: `CASE WHEN ends_on IS NULL THEN 1 ELSE 2 END` },
  );
  const writer = new BulkWriter(runner, [table], BATCH_ROWS);
  for (const post of posts) {
    for (const term of post.terms.flat()) {
      const ended = Number.isFinite(term.to);
      const createdAt = momentOn(term.from, 10 * 60);
      table.add(
        term.id,
        post.id,
        people.ids[term.person],
        term.seat,
        term.startsOn === null ? null : isoOf(term.startsOn),
        term.attestedOn === null ? null : isoOf(term.attestedOn),
        ended ? isoOf(term.to) : null,
        term.status,
        term.endReason,
        term.source,
        createdAt,
        ended ? momentOn(term.to, 18 * 60) : createdAt,
      );
    }
    if (writer.full) await writer.flush();
  }
  await writer.finish();
}

export async function writeSeries(runner: QueryRunner, series: readonly Series[]): Promise<void> {
  const rows = new BulkTable(
    'meeting_series',
    [
      ['id', 'uuid'],
      ['title_ar', 'text'],
      ['title_fr', 'text'],
      ['organizing_unit_id', 'uuid'],
      ['starts_on', 'date'],
      ['ends_on', 'date'],
      ['target_level', 'text'],
      ['target_root_id', 'uuid'],
      ['search_text', 'text'],
      ['created_at', 'timestamptz'],
    ],
    { updated_at: 'created_at' },
  );
  const targets = new BulkTable('meeting_series_target', [
    ['series_id', 'uuid'],
    ['org_unit_id', 'uuid'],
  ]);
  for (const s of series) {
    rows.add(
      s.id,
      s.titleAr,
      s.titleFr,
      s.organizer.id,
      isoOf(s.startsOn),
      s.endsOn === null ? null : isoOf(s.endsOn),
      s.targetLevel,
      s.targetLevel === null ? null : s.organizer.id,
      searchText(s.titleAr, s.titleFr),
      momentOn(s.startsOn - 10, 11 * 60),
    );
    if (s.targetLevel === null) for (const unit of s.targets) targets.add(s.id, unit.id);
  }
  await new BulkWriter(runner, [rows, targets], BATCH_ROWS).finish();
}

export async function writeMeetings(
  runner: QueryRunner,
  plan: MeetingPlan,
  people: People,
  series: readonly Series[],
  tree: Tree,
  log: (line: string) => void,
): Promise<void> {
  const tables = meetingTables();
  const writer = new BulkWriter(
    runner,
    [
      tables.meeting,
      tables.meetingUnit,
      tables.participation,
      tables.agendaItem,
      tables.outcome,
      tables.outcomeOwner,
      tables.source,
    ],
    BATCH_ROWS,
  );
  const meetings = new MeetingWriter(people, new SeriesIndex(series), tables);
  const tenth = Math.ceil(plan.length / 10);
  for (let i = 0; i < plan.length; i++) {
    const { day, unit, mustBeHeld } = plan.at(i);
    meetings.write(i, tree.units[unit], day, mustBeHeld);
    if (writer.full) await writer.flush();
    if ((i + 1) % tenth === 0) log(`    ${i + 1} of ${plan.length} meetings`);
  }
  await writer.finish();
}
