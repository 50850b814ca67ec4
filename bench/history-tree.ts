/**
 * What reading the tree of a past day costs on the national benchmark party (`npm run bench:data`):
 * the descendants of the national root, a region's children and `orgUnits(under: region)`, read for
 * today, for a past day on which the tree was today's, and for a past day before a move (the tree of
 * that day, found through the parents kept by the move), through the service and its loaders as a
 * request reads them. The move is made by the bench: a province goes from the first region to the
 * second on BENCH_HISTORY_MOVED_ON (default 2024-01-01), its subtree with it.
 *
 *   DATABASE_URL=postgres://…/filled npm run bench:history
 *
 * BENCH_HISTORY_ROUNDS (default 30) timed runs per question after 3 untimed ones;
 * BENCH_HISTORY_REPORT: where to write the table (default bench/results/history-<date>.md).
 * The database is changed (the move): use one filled for the purpose.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { Actor } from '../src/common/actor';
import { addDays } from '../src/common/dates';
import { createRequestContext, loader, RequestContext } from '../src/common/context';
import { dataSourceOptions } from '../src/database/data-source-options';
import { orgUnitChildren, orgUnitChildrenOn, treeDiffersOn } from '../src/org-units/org-unit.loaders';
import { insertUnitPeriod, updateOrgUnit } from '../src/org-units/org-units.queries';
import { OrgUnitsService } from '../src/org-units/org-units.service';
import { schema } from '../src/registry';

const PAGE = { limit: 20, after: null };

interface Question {
  name: string;
  run: (ctx: RequestContext, asOf: string) => Promise<number>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a database filled by npm run bench:data.');
  const rounds = Number(process.env.BENCH_HISTORY_ROUNDS ?? '30');
  const movedOn = process.env.BENCH_HISTORY_MOVED_ON ?? '2024-01-01';
  const before = addDays(movedOn, -1);
  const db = await new DataSource({ ...dataSourceOptions(schema, url, 2), logging: false }).initialize();
  const units = new OrgUnitsService();
  const [root] = (await db.query(
    `SELECT id FROM org_unit WHERE level = 'NATIONAL' ORDER BY code LIMIT 1`,
  )) as {
    id: string;
  }[];
  const regions = (await db.query(
    `SELECT id, CAST(path AS text) AS path FROM org_unit WHERE level = 'REGIONAL' AND parent_id = $1 ORDER BY code LIMIT 2`,
    [root.id],
  )) as { id: string; path: string }[];
  const [province] = (await db.query(`SELECT id FROM org_unit WHERE parent_id = $1 ORDER BY code LIMIT 1`, [
    regions[0].id,
  ])) as { id: string }[];
  const actor = (unitId: string | null, path: string | null): Actor => ({
    accountId: null,
    sessionId: null,
    tokenId: null,
    personId: null,
    readOnly: false,
    grants: [{ unitId, path, level: 'ADMIN', seesContacts: false, source: 'BINDING', mandateId: null }],
  });
  const national = actor(null, null);
  const regional = actor(regions[0].id, regions[0].path);

  const questions: [string, Actor, Question][] = [
    [
      'national',
      national,
      {
        name: 'descendants of the root',
        run: async (ctx, asOf) => (await units.descendants(ctx, root.id, undefined, asOf, PAGE)).total,
      },
    ],
    [
      'national',
      national,
      {
        name: 'children of the region',
        run: async (ctx, asOf) => {
          const dated = await treeDiffersOn(ctx, asOf);
          const rows = dated
            ? await loader(ctx, orgUnitChildrenOn, asOf).load(regions[0].id)
            : await loader(ctx, orgUnitChildren, asOf).load(regions[0].id);
          return rows.length;
        },
      },
    ],
    [
      'national',
      national,
      {
        name: 'orgUnits(under: region)',
        run: async (ctx, asOf) => (await units.list(ctx, { under: regions[0].id }, asOf, PAGE))[1] ?? 0,
      },
    ],
    [
      'regional',
      regional,
      {
        name: 'orgUnits (his scope)',
        run: async (ctx, asOf) => (await units.list(ctx, {}, asOf, PAGE))[1] ?? 0,
      },
    ],
  ];

  const measure = async (caller: Actor, question: Question, asOf: string) => {
    const timings: number[] = [];
    let found = 0;
    for (let i = 0; i < rounds + 3; i++) {
      const ctx = createRequestContext(db.manager, `bench-${i}`, caller);
      const started = process.hrtime.bigint();
      found = await question.run(ctx, asOf);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (i >= 3) timings.push(ms);
    }
    timings.sort((a, b) => a - b);
    return { found, p50: percentile(timings, 0.5), p95: percentile(timings, 0.95) };
  };

  const lines: string[] = [];
  const row = async (day: string, label: string) => {
    for (const [who, caller, question] of questions) {
      const { found, p50, p95 } = await measure(caller, question, day);
      const line = `| ${question.name} | ${who} | ${label} | ${found} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`;
      console.log(line);
      lines.push(line);
    }
  };
  const today = createRequestContext(db.manager, 'bench', national).today;
  await row(today, 'today');
  await row(before, `${before}, nothing moved since`);

  // The move, as moveOrgUnit writes it: the place left kept for the days before, the new parent from movedOn.
  await db.transaction(async (manager) => {
    const ctx = { ...createRequestContext(manager, 'bench-move', national), inTransaction: true };
    const [unit] = (await manager.query(
      `SELECT parent_id, name_ar, name_fr, CAST(current_since AS text) AS since FROM org_unit WHERE id = $1`,
      [province.id],
    )) as { parent_id: string; name_ar: string; name_fr: string; since: string | null }[];
    await insertUnitPeriod(ctx, {
      orgUnitId: province.id,
      parentId: unit.parent_id,
      nameAr: unit.name_ar,
      nameFr: unit.name_fr,
      validFrom: unit.since,
      validUntil: movedOn,
    });
    await updateOrgUnit(ctx, province.id, { parentId: regions[1].id, currentSince: movedOn });
  });
  await row(today, 'today, after a move');
  await row(before, `${before}, before a move`);

  const [counts] = (await db.query(`SELECT count(*)::int AS units FROM org_unit`)) as { units: number }[];
  await db.destroy();
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# The tree of a past day, ${date}`,
    '',
    `${counts.units} units (\`npm run bench:data\`, scale ${process.env.BENCH_SCALE ?? '1'}); one province (with its subtree) moved between two regions on ${movedOn};`,
    `PostgreSQL at ${new URL(url).host}; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end;`,
    `${rounds} timed runs per question after 3 untimed, through the service and its loaders with a fresh request context each (a page of 20 with its total, or every child), in milliseconds.`,
    '',
    '| question | caller | day read | found | p50 ms | p95 ms |',
    '| -------- | ------ | -------- | ----: | -----: | -----: |',
    ...lines,
    '',
  ].join('\n');
  const path = process.env.BENCH_HISTORY_REPORT ?? `bench/results/history-${date}.md`;
  writeFileSync(path, report);
  console.log(`Wrote ${path}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
