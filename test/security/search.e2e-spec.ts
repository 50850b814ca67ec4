import { WORD_SEARCH_CANDIDATES } from '../../src/common/search';
import { planAsSent, recordStatements } from '../support/statements';
import { expectError, startTestApp, TEST_ADMIN, TestApp } from '../support/test-app';

/**
 * One search froze the embedded server: it read and ranked the whole text of every meeting, with no
 * usable index, and an editor who wrote 200 kB of agenda notes per meeting made every search take half
 * a minute while every other request (and /health/ready) waited behind it. These attacks record such
 * meetings, by the thousand, and search them.
 */
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const COPIES = 2000;
const SEARCH = `query($search: String!) {
  meetings(filter: { search: $search }, first: 10) { totalCount edges { node { id } } }
}`;

const note = (i: number) =>
  Array.from(
    { length: 40 },
    (_, j) =>
      `Point ${i}.${j}: situation organisationnelle, préparation des élections de la section ${i * 40 + j}.`,
  )
    .join(' ')
    .slice(0, 2000);

let t: TestApp;
let recordedId: string;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  token = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
  // An editor's meeting with 100 agenda items of 2,000 characters of notes each (200 kB).
  const data = await t.ok<{ recordMeeting: { id: string } }>(
    `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
    {
      input: {
        kind: 'BUREAU',
        titleFr: 'Réunion du bureau provincial',
        date: '2021-03-01',
        convenerUnitId: CONVENER,
        summaryFr: note(1000),
        agenda: Array.from({ length: 100 }, (_, i) => ({ titleFr: `Point ${i + 1}`, notes: note(i) })),
      },
    },
  );
  recordedId = data.recordMeeting.id;
  // Thousands like it, written straight into the database the way the app wrote the first.
  await t.sql(
    `INSERT INTO meeting (kind, status, title_fr, held_on, convening_unit_id, search_text)
     SELECT 'BUREAU', 'HELD', 'Copie ' || i, date '2020-01-01' + i % 700, convening_unit_id, search_text
       FROM meeting, generate_series(1, ${COPIES}) i
      WHERE id = $1`,
    [recordedId],
  );
  await t.sql(`ANALYZE meeting`);
}, 300_000);
afterAll(() => t.close());

describe('search has a bounded cost', () => {
  it('stores a bounded search text however long the notes are, beginning with the title', async () => {
    const [row] = await t.sql<{ length: number; text: string }>(
      `SELECT char_length(search_text) AS length, search_text AS text FROM meeting WHERE id = $1`,
      [recordedId],
    );
    expect(row.length).toBeLessThanOrEqual(1000);
    expect(row.text.startsWith('reunion du bureau provincial | point 1 | point 2')).toBe(true);
  });

  it('refuses an unbounded search text written around the app', async () => {
    await expect(
      t.sql(`UPDATE meeting SET search_text = repeat('notes ', 1000) WHERE id = $1`, [recordedId]),
    ).rejects.toThrow(/meeting_search_text_bounded/);
  });

  it('finds the candidates through an index and ranks and counts only the newest of them', async () => {
    const { statements, result: data } = await recordStatements(t, () =>
      t.ok<{ meetings: { totalCount: number } }>(SEARCH, { search: 'provincial' }),
    );
    // Thousands match; the newest WORD_SEARCH_CANDIDATES are ranked and counted, as the schema says.
    expect(data.meetings.totalCount).toBe(WORD_SEARCH_CANDIDATES);
    // The words typed are looked up among the known words (a small table), then the meetings holding them.
    expect(statements.filter(([query]) => query.includes('meeting_search_word'))).toHaveLength(1);
    // The page: the candidates' ids, then the rank (whole words found in each candidate's text).
    const search = statements.filter(([query]) => query.includes('ANY(ARRAY(') && query.includes('strpos('));
    expect(search).toHaveLength(1);
    // Replays what the app sent for the search (its settings included), explaining the search itself.
    const plan = await planAsSent(t, statements, search[0]);
    expect(plan).toMatch(/(Index Scan using|Bitmap Index Scan on) meeting_(search_words|held_on|convener)/);
    expect(plan).not.toMatch(/Seq Scan on meeting\b/);
  });

  it('answers other requests while a search of thousands of long meetings runs', async () => {
    const search = t.gql(SEARCH, { search: 'provincial elections organisation' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const answered = await Promise.all([
      t.ok(`{ roles { code } }`).then(() => Date.now() - started),
      fetch(t.url.replace('/graphql', '/health/ready')).then((response) => {
        expect(response.status).toBe(200);
        return Date.now() - started;
      }),
    ]);
    // Generous: before, they waited 15 to 30 s behind one search.
    for (const ms of answered) expect(ms).toBeLessThan(8_000);
    expect((await search).errors).toBeUndefined();
  });

  it('drops searches whose clients went away instead of running them for nobody', async () => {
    const abandoned = [1, 2, 3].map(() => {
      const controller = new AbortController();
      const request = fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SEARCH, variables: { search: 'situation section' } }),
        signal: controller.signal,
      }).catch(() => undefined);
      setTimeout(() => controller.abort(), 100);
      return request;
    });
    await Promise.all(abandoned);
    const started = Date.now();
    await t.ok(`{ roles { code } }`);
    // Before, three abandoned searches kept the next request waiting over a minute.
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

describe('a search string is length-checked before it is normalised', () => {
  const punctuation = '.'.repeat(100_000);
  it.each([
    ['meetings', `query($s: String!) { meetings(filter: { search: $s }) { totalCount } }`],
    ['people', `query($s: String!) { people(filter: { search: $s }) { totalCount } }`],
    ['orgUnits', `query($s: String!) { orgUnits(filter: { search: $s }) { totalCount } }`],
    ['territories', `query($s: String!) { territories(filter: { search: $s }) { totalCount } }`],
    ['meetingSeriesList', `query($s: String!) { meetingSeriesList(filter: { search: $s }) { totalCount } }`],
  ])('%s', async (_name, query) => {
    // Normalised, this string is empty; refused for its length, it never was.
    expect(expectError(await t.gql(query, { s: punctuation }), 'BAD_USER_INPUT')).toMatch(/200 characters/);
    // Searches within the limits still work.
    expect((await t.gql(query, { s: 'tanger' })).errors).toBeUndefined();
  });

  it('refuses more words than the index is asked to match', async () => {
    const words = Array.from({ length: 11 }, (_, i) => `w${i}`).join(' ');
    expect(expectError(await t.gql(SEARCH, { search: words }), 'BAD_USER_INPUT')).toMatch(/10 words/);
  });
});

describe('a search past its deadline', () => {
  let hurried: TestApp;
  beforeAll(async () => {
    hurried = await startTestApp({ env: { SEARCH_TIMEOUT: '1' } });
  });
  afterAll(() => hurried.close());

  it('is stopped and answered with a coded, retryable error', async () => {
    const result = await hurried.gql(SEARCH, { search: 'tanger' });
    expectError(result, 'SERVICE_UNAVAILABLE');
    expect(result.errors![0].extensions.retryable).toBe(true);
    // Other requests are not affected by the search deadline.
    expect((await hurried.ok<{ roles: unknown[] }>(`{ roles { code } }`)).roles.length).toBeGreaterThan(0);
  });
});
