import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DECLARED_BOUNDS, listsWithoutBound } from '../../src/common/graphql-limits';
import { MAX_OUTCOMES, MAX_PARTICIPANTS } from '../../src/meetings/dto/meeting.inputs';
import { countStatements } from '../support/statements';
import { expectError, startTestApp, TestApp } from '../support/test-app';

const MEETINGS = 60;

/**
 * A plain list used to count as ten rows whatever it held: sixty meetings of two thousand
 * participants each, asked for under fifteen aliases, ran in full. Lists now cost what they can hold,
 * a meeting holds a bounded number of participants, and no answer leaves larger than the byte limit.
 */
describe('cost of lists and size of answers (e2e)', () => {
  let t: TestApp;
  let convener: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo' });
    [{ id: convener }] = await t.sql<{ id: string }>(`SELECT id FROM org_unit WHERE code = 'PAM-MA-TNG'`);
  });
  afterAll(() => t.close());

  /** Meetings full to the cap, written by SQL (the API would take one request each). */
  const crowdedMeetings = async (count: number, participants: number): Promise<string[]> => {
    const rows = await t.sql<{ id: string }>(
      `INSERT INTO meeting (kind, status, title_fr, held_on, convening_unit_id, search_text)
       SELECT 'OUTREACH', 'HELD', 'Réunion ' || n, DATE '2021-01-01' + n, $1, 'reunion'
         FROM generate_series(1, $2::int) n RETURNING id`,
      [convener, count],
    );
    const ids = rows.map((row) => row.id);
    await t.sql(
      `INSERT INTO participation (meeting_id, guest_name, role)
       SELECT m, 'Invité ' || n, 'GUEST' FROM unnest($1::uuid[]) m, generate_series(1, $2::int) n`,
      [ids, participants],
    );
    return ids;
  };

  it('refuses meetings × participants under aliases before running it', async () => {
    await crowdedMeetings(MEETINGS, MAX_PARTICIPANTS);
    const page = `meetings(first: ${MEETINGS}) { edges { node { participants { guestName role } } } }`;
    const aliased = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${page}`).join(' ')} }`;
    const { result, statements } = await countStatements(t, () => t.gql(aliased));
    expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/could cost \d+\+ rows; the limit is 50000/);
    expect(result.data).toBeNull();
    expect(statements).toBeLessThanOrEqual(2); // only who is calling: session and grants

    // One such page is within the limit, and as large as the cap allows.
    const { meetings } = await t.ok<{ meetings: { edges: { node: { participants: unknown[] } }[] } }>(
      `{ ${page} }`,
    );
    expect(meetings.edges).toHaveLength(MEETINGS);
    expect(meetings.edges.every((edge) => edge.node.participants.length === MAX_PARTICIPANTS)).toBe(true);
  });

  it('refuses participants beyond the cap, through the API and in the database, writing nothing', async () => {
    const [full] = await crowdedMeetings(1, MAX_PARTICIPANTS);
    const [half] = await crowdedMeetings(1, MAX_PARTICIPANTS - 1);
    const count = async (id: string) =>
      Number((await t.sql(`SELECT count(*) AS n FROM participation WHERE meeting_id = $1`, [id]))[0].n);
    const add = (meetingId: string, guests: number) =>
      t.gql(`mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { version } }`, {
        input: {
          meetingId,
          participants: Array.from({ length: guests }, (_, i) => ({
            guestName: `Extra ${i}`,
            role: 'GUEST',
          })),
        },
      });
    expect(expectError(await add(full, 1), 'BAD_USER_INPUT')).toMatch(/at most \d+ participants/);
    expect(expectError(await add(half, 2), 'BAD_USER_INPUT')).toMatch(/at most \d+ participants/);
    expect(await count(full)).toBe(MAX_PARTICIPANTS);
    expect(await count(half)).toBe(MAX_PARTICIPANTS - 1);
    await t.ok(`mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { version } }`, {
      input: { meetingId: half, participants: [{ guestName: 'The last seat', role: 'GUEST' }] },
    });
    expect(await count(half)).toBe(MAX_PARTICIPANTS);

    const recorded = await t.gql(
      `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
      {
        input: {
          kind: 'OUTREACH',
          date: '2021-06-01',
          convenerUnitId: convener,
          titleFr: 'Trop de monde',
          participants: Array.from({ length: MAX_PARTICIPANTS + 1 }, (_, i) => ({
            guestName: `Guest ${i}`,
            role: 'GUEST',
          })),
        },
      },
    );
    expectError(recorded, 'BAD_USER_INPUT');
    expect(await t.sql(`SELECT 1 FROM meeting WHERE title_fr = 'Trop de monde'`)).toEqual([]);

    // Written around the API, the database still refuses.
    await expect(
      t.sql(`INSERT INTO participation (meeting_id, guest_name, role) VALUES ($1, 'By SQL', 'GUEST')`, [
        full,
      ]),
    ).rejects.toThrow(/more than/);
    expect(await count(full)).toBe(MAX_PARTICIPANTS);
  });

  it('refuses outcomes beyond the cap', async () => {
    const [meeting] = await crowdedMeetings(1, 0);
    await t.sql(
      `INSERT INTO outcome (meeting_id, kind, text_fr, status)
       SELECT $1, 'DECISION', 'Décision ' || n, 'OPEN' FROM generate_series(1, $2::int) n`,
      [meeting, MAX_OUTCOMES],
    );
    const result = await t.gql(`mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`, {
      input: { meetingId: meeting, kind: 'DECISION', textFr: 'Une de trop' },
    });
    expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/at most \d+ outcomes/);
    expect(await t.sql(`SELECT 1 FROM outcome WHERE text_fr = 'Une de trop'`)).toEqual([]);
  });

  it('costs every plain list by a declared bound', async () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    expect(listsWithoutBound(schema)).toEqual([]);
    // The role catalogue (posts and vacancies of a unit are one per role) is held under its bound.
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM role`);
    expect(Number(n)).toBeLessThanOrEqual(DECLARED_BOUNDS.roles);
  });
});

describe('answers larger than the byte limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo', env: { GRAPHQL_MAX_RESPONSE_BYTES: '4096' } });
  });
  afterAll(() => t.close());

  it('replaces an oversized answer with a whole, coded GraphQL error', async () => {
    const query = `{ territories(first: 100) { edges { node { code nameAr nameFr aliases } } } }`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.login('admin@test.local', 'national-admin-password')}`,
      },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBeLessThan(500);
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    const body = JSON.parse(text) as { data: unknown; errors: { message: string; extensions: object }[] };
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      maxResponseBytes: 4096,
      applied: false,
    });
    expect(body.errors[0].message).toMatch(/larger than 4096 bytes/);

    // A small answer passes untouched.
    expect((await t.ok(`{ roles { code } }`)).roles.length).toBeGreaterThan(0);
  });

  it('says so when the oversized answer is a mutation that was applied', async () => {
    const [{ id: convener }] = await t.sql<{ id: string }>(
      `SELECT id FROM org_unit WHERE code = 'PAM-MA-TNG'`,
    );
    const result = await t.gql(
      `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id participants { guestName } } }`,
      {
        input: {
          kind: 'OUTREACH',
          date: '2021-06-01',
          convenerUnitId: convener,
          titleFr: 'Grande réunion',
          participants: Array.from({ length: 200 }, (_, i) => ({ guestName: `Guest ${i}`, role: 'GUEST' })),
        },
      },
    );
    expectError(result, 'BAD_USER_INPUT');
    expect(result.errors![0].extensions.applied).toBe(true);
    expect(await t.sql(`SELECT 1 FROM meeting WHERE title_fr = 'Grande réunion'`)).toHaveLength(1);
  });
});
