import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'prettier';
import { gql, login, startServer } from '../support/server';

/**
 * Mixed reads and writes at 50 connections against the built server on loopback, for LOAD_SECONDS
 * (default 120): counts 5xx and unexpected errors, samples the server's RSS, then proves every
 * acknowledged write is there. Writes the report to bench/results/load-<date>.md.
 * Run: npm run build && LOAD_SECONDS=120 npm run bench:load   (DATABASE_URL to use a real server)
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 120);
const CONNECTIONS = 50;
const WARM_UP_SECONDS = Math.min(20, SECONDS / 4);
const SOUANI = '5eed0000-0000-4000-8000-000000000004';
const PROVINCE = '5eed0000-0000-4000-8000-000000000003';
/** Every meeting the load records is on this day, and no seeded meeting is. */
const LOAD_DAY = '2021-06-01';

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

jest.setTimeout((SECONDS + 180) * 1000);

it('sustains mixed load without 5xx, unexpected errors or memory growth, and loses no write', async () => {
  const env: Record<string, string> = process.env.DATABASE_URL
    ? { DATABASE_URL: process.env.DATABASE_URL }
    : { DATA_DIR: join(mkdtempSync(join(tmpdir(), 'tanzim-load-')), 'data') };
  const server = await startServer(env);
  const token = await login(server.url);
  const counts = { requests: 0, status5xx: 0, unexpected: 0, expected: 0, reads: 0, writes: 0 };
  const acknowledgedMeetings: string[] = [];
  const acknowledgedPeople: string[] = [];
  const samples: { at: number; rss: number }[] = [];
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const sampler = setInterval(
    () => samples.push({ at: (Date.now() - started) / 1000, rss: rssOf(server.process.pid!) }),
    2000,
  );

  const call = async (query: string, variables?: unknown) => {
    counts.requests++;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status >= 500) counts.status5xx++;
    const body = (await response.json()) as {
      data?: Record<string, { id: string } | undefined>;
      errors?: { extensions?: { code?: string } }[];
    };
    for (const error of body.errors ?? []) {
      if (error.extensions?.code === 'INTERNAL_SERVER_ERROR' || !error.extensions?.code) counts.unexpected++;
      else counts.expected++;
    }
    return body;
  };

  const worker = async (w: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const pick = (w * 7 + i) % 10;
      if (pick < 7) {
        counts.reads++;
        const reads = [
          () =>
            call(
              `{ orgUnit(code: "PAM-MA-TNG", asOf: "2020-11-02") { officials { person { fullNameLatin } } children { code officials { person { fullNameAr } } vacancies { vacantSeats } } } }`,
            ),
          () =>
            call(
              `{ meetings(first: 20) { totalCount edges { node { title participants { person { fullNameLatin } representedUnit { code } } } } } }`,
            ),
          () =>
            call(
              `query($s: String) { people(filter: { search: $s }, first: 10) { totalCount edges { node { fullNameLatin } } } }`,
              { s: ['limouri', 'بوشعيب', 'load'][i % 3] },
            ),
        ];
        await reads[i % reads.length]();
      } else {
        counts.writes++;
        if (pick < 9) {
          const result = await call(
            `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
            {
              input: {
                kind: 'BUREAU',
                titleFr: `Load ${w}-${i}`,
                date: LOAD_DAY,
                convenerUnitId: PROVINCE,
                participants: [{ personId: '5eed0000-0000-4000-8000-000000000202', role: 'CONVENER' }],
                agenda: [{ titleFr: 'Point' }],
                idempotencyKey: `load-${w}-${i}`,
              },
            },
          );
          if (result.data?.recordMeeting) acknowledgedMeetings.push(result.data.recordMeeting.id);
        } else {
          const result = await call(
            `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
            {
              input: { fullNameLatin: `Load Person ${w} ${i}`, homeUnitId: SOUANI },
            },
          );
          if (result.data?.createPerson) acknowledgedPeople.push(result.data.createPerson.id);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  clearInterval(sampler);
  const elapsed = (Date.now() - started) / 1000;

  // Every acknowledged write is there, whole (its participant and agenda item), and only once.
  let missing = 0;
  let torn = 0;
  for (const id of acknowledgedMeetings) {
    const result = await gql<{ meeting?: { participants: unknown[]; agenda: unknown[] } }>(
      server.url,
      token,
      `query($id: ID!) { meeting(id: $id) { participants { id } agenda { position } } }`,
      { id },
    );
    if (!result.data?.meeting) missing++;
    else if (result.data.meeting.participants.length !== 1 || result.data.meeting.agenda.length !== 1) torn++;
  }
  for (const id of acknowledgedPeople) {
    const result = await gql(server.url, token, `query($id: ID!) { person(id: $id) { id } }`, { id });
    if (!result.data) missing++;
  }
  const stored = await gql<{ meetings: { totalCount: number } }>(
    server.url,
    token,
    `{ meetings(filter: { from: "${LOAD_DAY}", to: "${LOAD_DAY}" }) { totalCount } }`,
  );
  const duplicates = stored.data!.meetings.totalCount - new Set(acknowledgedMeetings).size;
  await server.stop();

  const afterWarmUp = samples.find((s) => s.at >= WARM_UP_SECONDS) ?? samples[0];
  const last = samples[samples.length - 1];
  const growth = (last.rss - afterWarmUp.rss) / afterWarmUp.rss;
  const report = [
    `# Load: ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Command: \`npm run build && LOAD_SECONDS=${SECONDS} npm run bench:load\` (${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PGlite'}), ${CONNECTIONS} connections on loopback, 70 % reads (subtree with officials as of a date, meetings with participants, people search) and 30 % writes (recordMeeting with an idempotency key, createPerson), 2-core machine shared with the load generator.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| duration | ${elapsed.toFixed(0)} s |`,
    `| requests | ${counts.requests} (${(counts.requests / elapsed).toFixed(0)} req/s; ${counts.reads} reads, ${counts.writes} writes) |`,
    `| 5xx responses | ${counts.status5xx} |`,
    `| unexpected errors (INTERNAL or uncoded) | ${counts.unexpected} |`,
    `| coded refusals | ${counts.expected} |`,
    `| acknowledged writes | ${acknowledgedMeetings.length} meetings, ${acknowledgedPeople.length} people |`,
    `| acknowledged writes missing afterwards | ${missing} |`,
    `| meetings torn (participant or agenda missing) | ${torn} |`,
    `| meetings stored more than once | ${duplicates} |`,
    `| server RSS after ${WARM_UP_SECONDS} s warm-up → end | ${afterWarmUp.rss.toFixed(0)} MB → ${last.rss.toFixed(0)} MB (${(growth * 100).toFixed(1)} %) |`,
    '',
  ].join('\n');
  console.log(report);
  // Written as the repository's formatter would write it, so the committed report stays unchanged.
  writeFileSync(
    join(
      __dirname,
      'results',
      `load-${new Date().toISOString().slice(0, 10)}-${process.env.DATABASE_URL ? 'postgres' : 'embedded'}.md`,
    ),
    await format(report, { parser: 'markdown' }),
  );
  expect(counts.status5xx).toBe(0);
  expect(counts.unexpected).toBe(0);
  expect(missing).toBe(0);
  expect(torn).toBe(0);
  expect(duplicates).toBe(0);
  expect(growth).toBeLessThan(0.1);
});
