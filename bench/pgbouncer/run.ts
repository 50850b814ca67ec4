/**
 * What turning prepared statements off costs (DATABASE_PREPARED_STATEMENTS=false, needed behind
 * PgBouncer < 1.21 in transaction mode): the lookup of a unit by code with its ancestors, the one
 * query Tanzim prepares, run by its own query function (`unitChainByCode`) as a request does, with
 * 8 callers at once on a pool of 4 connections, for a fixed time per variant: prepared and unprepared
 * on a direct connection, and unprepared through a private PgBouncer in transaction mode.
 *
 *   npm run bench:pgbouncer
 *
 * Makes its own database on the PostgreSQL at BENCH_DATABASE_URL (default the local server), migrated
 * and seeded with the demo by the built server, and drops it afterwards. BENCH_SECONDS (default 10)
 * per variant and round, 3 rounds in turn; BENCH_REPORT: where to write the table (default
 * bench/results/pgbouncer-<date>.md).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Actor } from '../../src/common/actor';
import { createRequestContext } from '../../src/common/context';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { unitChainByCode } from '../../src/org-units/org-units.queries';
import { schema } from '../../src/registry';
import { pgbouncerInstalled, startPgBouncer } from '../../support/pgbouncer';
import { startServer } from '../../support/server';

const CALLERS = 8;
const POOL = 4;
const ROUNDS = 3;

const national: Actor = {
  accountId: null,
  sessionId: null,
  tokenId: null,
  personId: null,
  readOnly: true,
  grants: [
    { unitId: null, path: null, level: 'VIEWER', seesContacts: false, source: 'BINDING', mandateId: null },
  ],
};

/** Lookups per second and the p50/p95 in milliseconds, for `seconds` of CALLERS callers. */
async function measure(url: string, prepared: boolean, codes: string[], seconds: number) {
  const db = await new DataSource({
    ...dataSourceOptions(schema, url, POOL, undefined, false, prepared),
    migrationsRun: false,
    logging: false,
  }).initialize();
  const timings: number[] = [];
  const run = async (until: number, keep: boolean) => {
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, caller) => {
        for (let i = caller; Date.now() < until; i++) {
          const ctx = createRequestContext(db.manager, `bench-${i}`, national, false, 'bench');
          const started = process.hrtime.bigint();
          const { entities } = await unitChainByCode(ctx, codes[i % codes.length]);
          if (!entities.length) throw new Error('a unit was not found');
          if (keep) timings.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }),
    );
  };
  await run(Date.now() + 1_000, false); // warm: connections open, statements prepared
  const started = Date.now();
  await run(started + seconds * 1_000, true);
  const elapsed = (Date.now() - started) / 1_000;
  await db.destroy();
  timings.sort((a, b) => a - b);
  const at = (p: number) => timings[Math.min(timings.length - 1, Math.floor(p * timings.length))];
  return { perSecond: timings.length / elapsed, p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? '10');
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_pgbouncer_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const direct = url.toString();
  const bouncer = pgbouncerInstalled() ? await startPgBouncer(direct, { poolSize: POOL }) : undefined;
  try {
    const server = await startServer({ DATABASE_URL: direct });
    await server.stop();
    const reader = new Client({ connectionString: direct });
    await reader.connect();
    const codes = (await reader.query(`SELECT code FROM org_unit ORDER BY code`)).rows.map(
      (r) => r.code as string,
    );
    const version = (await reader.query(`SHOW server_version`)).rows[0].server_version as string;
    await reader.end();
    const variants: [string, string, boolean][] = [
      ['direct, prepared (default)', direct, true],
      ['direct, unprepared', direct, false],
      ...(bouncer
        ? [
            ['PgBouncer 1.18 transaction mode, unprepared', bouncer.url(direct), false] as [
              string,
              string,
              boolean,
            ],
          ]
        : []),
    ];
    const results = new Map<string, { perSecond: number; p50: number; p95: number }[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, variantUrl, prepared] of variants) {
        const result = await measure(variantUrl, prepared, codes, seconds);
        console.log(
          `${label}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50.toFixed(2)} ms p95 ${result.p95.toFixed(2)} ms`,
        );
        results.set(label, [...(results.get(label) ?? []), result]);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const date = new Date().toISOString().slice(0, 10);
    const lines = variants.map(([label]) => {
      const runs = results.get(label)!;
      return `| ${label} | ${median(runs.map((r) => r.perSecond)).toFixed(0)} | ${runs.map((r) => r.perSecond.toFixed(0)).join(', ')} | ${median(runs.map((r) => r.p50)).toFixed(2)} | ${median(runs.map((r) => r.p95)).toFixed(2)} |`;
    });
    const report = [
      `# Prepared statements on and off, ${date}`,
      '',
      `The unit-by-code lookup with its ancestors (\`unitChainByCode\`, the statement Tanzim prepares), ${CALLERS} callers`,
      `at once on a pool of ${POOL} connections, ${seconds} s per variant and round, ${ROUNDS} rounds in turn, over the`,
      `${codes.length} units of the demo registry. PostgreSQL ${version} on this machine (${cpus().length} cores, load`,
      `${loadavg()[0].toFixed(1)} at the end, shared with other work). \`npm run bench:pgbouncer\`.`,
      '',
      '| variant | lookups/s (median) | each round | p50 ms | p95 ms |',
      '| ------- | -----------------: | ---------- | -----: | -----: |',
      ...lines,
      '',
    ].join('\n');
    const path = process.env.BENCH_REPORT ?? `bench/results/pgbouncer-${date}.md`;
    writeFileSync(path, report);
    console.log(`Wrote ${path}`);
  } finally {
    await bouncer?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
