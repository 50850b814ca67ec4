import { PrivatePostgres, startPrivatePostgres } from '../../support/private-postgres';
import { gql, killAll, login, startServer } from '../../support/server';
import { storedMeetings } from './databases';

/**
 * Restart PostgreSQL while the server is under a mixed load of reads and recordMeeting calls: during
 * the outage every refused request carries the coded, retryable SERVICE_UNAVAILABLE (never a 5xx),
 * `/health/ready` answers 503 and then 200 again, the server recovers by itself, and every write
 * retried with its idempotency key exists exactly once and whole. Runs on a private PostgreSQL server
 * so the machine's shared one is never stopped.
 */
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const READ = `{ orgUnit(code: "PAM-MA-TNG") { officials { person { fullNameLatin } } children { code } } }`;
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const PARTICIPANTS = ['202', '203', '204'].map((n) => ({
  personId: `5eed0000-0000-4000-8000-000000000${n}`,
  role: 'ATTENDEE',
}));
const WORKERS = 10;

/** `down`: between the moment PostgreSQL has stopped and the moment it is asked to start again. */
type Phase = 'before' | 'stopping' | 'down' | 'starting' | 'after';
interface Outcome {
  /** The phase when the request was sent, and when it was answered. */
  sent: Phase;
  answered: Phase;
  at: number;
  status: number;
  codes: string[];
  retryable: boolean;
}
type Answer = { errors?: { extensions?: { code?: string; retryable?: boolean } }[] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const meetingInput = (key: string) => ({
  kind: 'BUREAU',
  titleFr: `Restart ${key}`,
  date: '2021-05-10',
  convenerUnitId: CONVENER,
  participants: PARTICIPANTS,
  agenda: [{ titleFr: 'Point un' }, { titleFr: 'Point deux' }],
  idempotencyKey: key,
});

jest.setTimeout(240_000);
afterAll(killAll);

let postgres: PrivatePostgres | undefined;
afterAll(async () => postgres?.destroy());

it('answers SERVICE_UNAVAILABLE while PostgreSQL restarts, reports it in /health/ready, and recovers by itself', async () => {
  postgres = await startPrivatePostgres();
  const server = await startServer({ DATABASE_URL: postgres.url });
  const ready = server.url.replace('/graphql', '/health/ready');
  const token = await login(server.url);
  let phase: Phase = 'before';
  let stop = false;
  const started = Date.now();
  const outcomes: Outcome[] = [];
  const health: { phase: Phase; status: number }[] = [];
  const writes = new Map<string, boolean>(); // idempotency key → acknowledged

  const send = async (query: string, variables?: unknown): Promise<Outcome> => {
    const at = Date.now() - started;
    const sent = phase;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Answer;
    const errors = body.errors ?? [];
    const outcome = {
      sent,
      answered: phase,
      at,
      status: response.status,
      codes: errors.map((e) => e.extensions?.code ?? 'NONE'),
      retryable: errors.every((e) => e.extensions?.retryable === true),
    };
    outcomes.push(outcome);
    return outcome;
  };
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      if (i % 2 === 0) {
        await send(READ);
      } else {
        const key = `r${w}-${i}`;
        const outcome = await send(RECORD, { input: meetingInput(key) });
        writes.set(key, outcome.codes.length === 0);
      }
    }
  };
  const healthProbe = (async () => {
    while (!stop) {
      const sent: Phase = phase;
      const { status } = await fetch(ready);
      if (phase === sent) health.push({ phase, status });
      await sleep(100);
    }
  })();

  const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
  await sleep(2000);
  phase = 'stopping';
  await postgres.stop();
  phase = 'down';
  await sleep(3000);
  phase = 'starting';
  await postgres.start();
  phase = 'after';
  await sleep(4000);
  stop = true;
  await Promise.all([...workers, healthProbe]);

  const of = (p: Phase) => outcomes.filter((o) => o.sent === p && o.answered === p);
  const refused = outcomes.filter((o) => o.codes.length > 0);
  const summary = {
    requests: outcomes.length,
    status5xx: outcomes.filter((o) => o.status >= 500).length,
    refused: refused.length,
    refusedCodes: [...new Set(refused.flatMap((o) => o.codes))],
    refusedNotRetryable: refused.filter((o) => !o.retryable).length,
  };
  console.log(
    `restart: ${summary.requests} requests (${of('before').length} before, ${of('down').length} while down, ${of('after').length} after the outage); ` +
      `${summary.refused} refused with ${summary.refusedCodes.join(', ') || 'nothing'}; ` +
      `health ${[...new Set(health.map((h) => `${h.phase}:${h.status}`))].join(' ')}`,
  );
  expect(summary).toEqual({
    requests: expect.any(Number),
    status5xx: 0,
    refused: expect.any(Number),
    refusedCodes: ['SERVICE_UNAVAILABLE'],
    refusedNotRetryable: 0,
  });
  expect(of('down').length).toBeGreaterThan(0);
  expect(of('down').every((o) => o.codes.length > 0)).toBe(true);
  expect(of('before').every((o) => o.codes.length === 0)).toBe(true);
  // Ready before, not ready while the database is down, ready again once it is back.
  expect(health.some((h) => h.phase === 'before' && h.status === 200)).toBe(true);
  expect(health.filter((h) => h.phase === 'down').every((h) => h.status === 503)).toBe(true);
  expect(health.some((h) => h.phase === 'down')).toBe(true);
  expect(health.at(-1)!.status).toBe(200);
  // Recovered by itself: the last second of requests all succeeded.
  const lastSecond = outcomes.filter((o) => o.at > Date.now() - started - 1000);
  expect(lastSecond.length).toBeGreaterThan(0);
  expect(lastSecond.every((o) => o.codes.length === 0)).toBe(true);

  // Retry every refused write with its key: each now succeeds, and no key yields two meetings.
  for (const [key, acknowledged] of writes) {
    if (acknowledged) continue;
    const answer = (await gql(server.url, token, RECORD, { input: meetingInput(key) })) as Answer;
    expect(answer.errors).toBeUndefined();
  }
  const rows = await storedMeetings(postgres.url, 'Restart ');
  expect(rows.map((row) => row.title_fr).sort()).toEqual(
    [...writes.keys()].map((k) => `Restart ${k}`).sort(),
  );
  expect(rows.every((row) => row.participants === 3 && row.agenda === 2)).toBe(true);
  expect(server.process.exitCode).toBeNull();
  await server.stop();
});
