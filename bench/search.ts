/**
 * What a name search costs on the national benchmark party (`npm run bench:data`): the people, units
 * and territories searches of the API, run by the features' own query functions (the SQL the API
 * runs, through `searchPage` with a deadline, as a request does), for a national administrator and
 * a regional secretary. Prints p50/p95/max per question and writes a Markdown table.
 *
 *   DATABASE_URL=postgres://…/filled npm run bench:search
 *
 * BENCH_SEARCH_ROUNDS (default 30) timed runs per question after 3 untimed ones;
 * BENCH_SEARCH_REPORT: where to write the table (default bench/results/search-<date>.md);
 * BENCH_SEARCH_ONLY: a regular expression, to time only the questions whose name matches it.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { Actor } from '../src/common/actor';
import { createRequestContext, RequestContext } from '../src/common/context';
import { dataSourceOptions } from '../src/database/data-source-options';
import { OrgUnitStatus } from '../src/org-units/org-unit.model';
import { listOrgUnits } from '../src/org-units/org-units.queries';
import { listSeries } from '../src/meetings/meeting-series.queries';
import { listMeetings } from '../src/meetings/meetings.queries';
import { listPeople } from '../src/people/people.queries';
import { schema } from '../src/registry';
import { listTerritories } from '../src/territories/territories.queries';

interface Question {
  name: string;
  run: (ctx: RequestContext) => Promise<[unknown[], number | null]>;
}

const PAGE = { limit: 20, after: null };

const people = (search: string): Question => ({
  name: `people "${search}"`,
  run: (ctx) => listPeople(ctx, { search }, PAGE),
});
const units = (search: string): Question => ({
  name: `orgUnits "${search}"`,
  run: (ctx) => listOrgUnits(ctx, { search, status: OrgUnitStatus.ACTIVE }, ctx.today, PAGE),
});
const territories = (search: string): Question => ({
  name: `territories "${search}"`,
  run: (ctx) => listTerritories(ctx, { search }, PAGE),
});

const meetings = (search: string): Question => ({
  name: `meetings "${search}"`,
  run: (ctx) => listMeetings(ctx, { search }, PAGE),
});
const series = (search: string): Question => ({
  name: `series "${search}"`,
  run: (ctx) => listSeries(ctx, { search }, PAGE),
});

/** Questions of each kind the search answers: same script, across scripts, short skeletons, compounds. */
const QUESTIONS: Question[] = [
  people('Ghalbzouri'),
  people('Rhalbzouri'),
  people('الغلبزوري'),
  people('Abdellatif'),
  people('عبد اللطيف'),
  people('Mohamed'),
  people('محمد'),
  people('Omar'),
  people('Bennani Youssef'),
  people('بناني'),
  units('Tanja'),
  units('Swani'),
  units('PAM'),
  territories('Tangier'),
  territories('Bni Mkada'),
  // Meetings: a rare word, a name, two words, a misspelling, Arabic; then words of most titles (the
  // generator's: bench/national/generator/vocabulary.ts), French and Arabic, alone, in pairs, misspelt.
  meetings('Messaoud'),
  meetings('Sqalli'),
  meetings('structures locales'),
  meetings('renouvelement'),
  meetings('تجديد الهياكل'),
  meetings('reunion'),
  meetings('rencontre de proximite'),
  meetings('formaton'),
  meetings('اجتماع المكتب'),
  meetings('لقاء تواصلي'),
  meetings('الجمع العام'),
  series('Tanger'),
  series('tournee 2023'),
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a database filled by npm run bench:data.');
  const rounds = Number(process.env.BENCH_SEARCH_ROUNDS ?? '30');
  const db = await new DataSource({ ...dataSourceOptions(schema, url, 2), logging: false }).initialize();
  const [region] = (await db.query(
    `SELECT id, CAST(path AS text) AS path FROM org_unit WHERE level = 'REGIONAL' ORDER BY code LIMIT 1`,
  )) as { id: string; path: string }[];
  const actor = (unitId: string | null, path: string | null): Actor => ({
    accountId: null,
    sessionId: null,
    tokenId: null,
    personId: null,
    readOnly: false,
    grants: [{ unitId, path, level: 'ADMIN', seesContacts: false, source: 'BINDING', mandateId: null }],
  });
  const callers: [string, Actor][] = [
    ['national', actor(null, null)],
    ['regional', actor(region.id, region.path)],
  ];
  const lines: string[] = [];
  const only = new RegExp(process.env.BENCH_SEARCH_ONLY ?? '');
  for (const question of QUESTIONS.filter((q) => only.test(q.name))) {
    for (const [who, caller] of callers) {
      const timings: number[] = [];
      let found = 0;
      let failed: string | null = null;
      for (let i = 0; i < rounds + 3 && !failed; i++) {
        const deadline = {
          signal: new AbortController().signal,
          expiresAt: Date.now() + 10_000,
          cancellable: true,
        };
        const ctx = createRequestContext(db.manager, `bench-${i}`, caller, false, 'bench', deadline);
        const started = process.hrtime.bigint();
        try {
          const [, total] = await question.run(ctx);
          found = total ?? 0;
        } catch (error) {
          // A question past the request's deadline is reported as such, not timed again.
          failed = error instanceof Error ? error.message.split('\n')[0] : String(error);
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (i >= 3) timings.push(ms);
      }
      if (failed) {
        const line = `| ${question.name} | ${who} | – | failed: ${failed} | – | – |`;
        console.log(line);
        lines.push(line);
        continue;
      }
      timings.sort((a, b) => a - b);
      const line = `| ${question.name} | ${who} | ${found} | ${percentile(timings, 0.5).toFixed(1)} | ${percentile(timings, 0.95).toFixed(1)} | ${timings[timings.length - 1].toFixed(1)} |`;
      console.log(line);
      lines.push(line);
    }
  }
  const counts = (await db.query(
    `SELECT (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM org_unit)::int AS units`,
  )) as { people: number; units: number }[];
  await db.destroy();
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Name search, ${date}`,
    '',
    `${counts[0].people} people, ${counts[0].units} units (\`npm run bench:data\`, scale ${process.env.BENCH_SCALE ?? '1'});`,
    `PostgreSQL at ${new URL(url).host}; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end;`,
    `${rounds} timed runs per question after 3 untimed, one page of 20 with its total, in milliseconds.`,
    '',
    '| question | caller | found | p50 ms | p95 ms | max ms |',
    '| -------- | ------ | ----: | -----: | -----: | -----: |',
    ...lines,
    '',
  ].join('\n');
  const path = process.env.BENCH_SEARCH_REPORT ?? `bench/results/search-${date}.md`;
  writeFileSync(path, report);
  console.log(`Wrote ${path}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
