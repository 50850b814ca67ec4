import { Client } from 'pg';
import { createUnit, recordMeeting } from './support/fixtures';
import { feedSettled, twoRegions } from './support/live';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The `changes` feed: the same committed changes as the subscription, read from the audit trail,
 * ordered, resumable with an opaque cursor, in the caller's scope, and never skipping a change whose
 * transaction commits after a later one was read.
 */
const FEED = `query($since: String, $under: ID, $first: Int) {
  changes(since: $since, under: $under, first: $first) { cursor hasMore changes { id kind action entityId unitId } }
}`;
type Feed = {
  changes: {
    cursor: string;
    hasMore: boolean;
    changes: { id: string; kind: string; action: string; entityId: string; unitId: string }[];
  };
};

describe('the changes feed', () => {
  let t: TestApp;
  let regionA: string;
  let provinceA: string;
  let regionB: string;
  let secretaryA: string;

  beforeAll(async () => {
    t = await startTestApp({ seed: 'none' });
    ({ regionA, provinceA, regionB, secretaryA } = await twoRegions(t));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every change after `since`, page by page. */
  async function readAll(client = t as Pick<TestApp, 'ok'>, since: string | null = null, first = 3) {
    await feedSettled(t);
    const seen: Feed['changes']['changes'] = [];
    let cursor = since;
    for (;;) {
      const page = (await client.ok<Feed>(FEED, { since: cursor, first })).changes;
      seen.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { seen, cursor };
    }
  }

  it('pages through the changes in order and resumes after its cursor; accounts and tokens never appear', async () => {
    const { seen, cursor } = await readAll();
    expect(seen.map((c) => c.kind)).not.toContain(undefined);
    expect(seen.some((c) => /login|Account|Token|grantAccess/.test(c.action))).toBe(false);
    const units = seen
      .filter((c) => c.kind === 'UNIT' && c.action === 'createOrgUnit')
      .map((c) => c.entityId);
    expect(units).toEqual([expect.any(String), regionA, provinceA, regionB]);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);

    const again = await t.ok<Feed>(FEED, { since: cursor });
    expect(again.changes).toMatchObject({ changes: [], cursor, hasMore: false });
    const meeting = await recordMeeting(t, provinceA);
    await feedSettled(t);
    const next = await t.ok<Feed>(FEED, { since: cursor });
    expect(next.changes.changes).toEqual([
      expect.objectContaining({
        kind: 'MEETING',
        action: 'recordMeeting',
        entityId: meeting,
        unitId: provinceA,
      }),
    ]);
  }, 200_000);

  it('answers only the caller’s scope, and under a unit of it; a unit outside is NOT_FOUND', async () => {
    const inB = await recordMeeting(t, regionB);
    const inA = await recordMeeting(t, provinceA);
    const { seen } = await readAll(t.as(secretaryA));
    const ids = seen.map((c) => c.entityId);
    expect(ids).toContain(inA);
    expect(ids).not.toContain(inB);
    expect(ids).not.toContain(regionB);

    await feedSettled(t);
    const under = await t.ok<Feed>(FEED, { under: provinceA, first: 100 });
    expect(under.changes.changes.every((c) => c.unitId === provinceA)).toBe(true);
    expect(under.changes.changes.map((c) => c.entityId)).toContain(inA);
    const outside = await t.as(secretaryA).gql(FEED, { under: regionB });
    expect(outside.errors?.[0].extensions.code).toBe('NOT_FOUND');
  }, 200_000);

  it('refuses a cursor it did not make and a page size out of bounds with BAD_USER_INPUT', async () => {
    for (const since of [
      'nonsense',
      Buffer.from('f:1:2x').toString('base64url'),
      Buffer.from('o:3').toString('base64url'),
    ]) {
      const result = await t.gql(FEED, { since });
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    for (const first of [0, 101]) {
      expect((await t.gql(FEED, { first })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

/**
 * Two transactions that overlap: the one holding the lower event id commits after the other was read.
 * A cursor by id would have moved past it; the feed answers it on the next page. Needs two sessions,
 * so it runs on a PostgreSQL server (TEST_DATABASE_URL, or the local one) in both modes.
 */
describe('the changes feed with overlapping transactions', () => {
  let t: TestApp;
  let unit: string;
  let path: string;

  beforeAll(async () => {
    t = await startTestApp({ seed: 'none', server: 'postgres://postgres@127.0.0.1:5432/test' });
    unit = await createUnit(t, { level: 'NATIONAL' });
    [{ path }] = await t.sql<{ path: string }>(`SELECT path::text AS path FROM org_unit WHERE id = $1`, [
      unit,
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The changes of these entities after `since`, once there are some, and the cursor after them. The
   * server's oldest running transaction may be anyone's (every database of a server shares
   * transaction ids): the feed waits for it, never skips, so a change written before `since` was read
   * (by the app, or by another test file on the same server) may still come after it: only the
   * test's own entities are looked at.
   */
  async function nextOf(since: string, entityIds: string[]) {
    const deadline = Date.now() + 90_000;
    let cursor = since;
    for (;;) {
      const page = (await t.ok<Feed>(FEED, { since: cursor })).changes;
      cursor = page.cursor ?? cursor;
      const ids = page.changes.filter((c) => entityIds.includes(c.entityId)).map((c) => c.id);
      if (ids.length > 0 || Date.now() > deadline) return { ids, cursor };
      if (page.changes.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('never skips a change committed after a later one was read', async () => {
    const sessions = [
      new Client({ connectionString: t.databaseUrl }),
      new Client({ connectionString: t.databaseUrl }),
    ];
    await Promise.all(sessions.map((session) => session.connect()));
    const [early, late] = sessions;
    const insert = (session: Client, entityId: string) =>
      session.query(
        `INSERT INTO audit_event (request_id, action, entity_type, entity_id, unit_path)
         VALUES ('overlap', 'updateOrgUnit', 'OrgUnit', $1, $2::ltree) RETURNING id::text AS id`,
        [entityId, path],
      );
    try {
      const start = (await t.ok<Feed>(FEED, { first: 100 })).changes.cursor;
      // `late` takes its transaction id first, then `early` writes the lower event id.
      await late.query('BEGIN');
      await late.query('SELECT pg_current_xact_id()');
      await early.query('BEGIN');
      const ours = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
      const lowerId = (await insert(early, ours[0])).rows[0].id as string;
      const higherId = (await insert(late, ours[1])).rows[0].id as string;
      expect(BigInt(lowerId)).toBeLessThan(BigInt(higherId));
      await late.query('COMMIT');

      const first = await nextOf(start, ours);
      expect(first.ids).toEqual([higherId]);
      await early.query('COMMIT');
      const second = await nextOf(first.cursor, ours);
      expect(second.ids).toEqual([lowerId]);
    } finally {
      await Promise.all(sessions.map((session) => session.end()));
    }
  }, 200_000);

  it('holds back a change while an older transaction is still running', async () => {
    const session = new Client({ connectionString: t.databaseUrl });
    const other = new Client({ connectionString: t.databaseUrl });
    const held = '00000000-0000-4000-8000-00000000000c';
    await Promise.all([session.connect(), other.connect()]);
    try {
      const start = (await t.ok<Feed>(FEED, { first: 100 })).changes.cursor;
      await session.query('BEGIN');
      await session.query('SELECT pg_current_xact_id()');
      await other.query(
        `INSERT INTO audit_event (request_id, action, entity_type, entity_id, unit_path)
         VALUES ('overlap', 'updateOrgUnit', 'OrgUnit', $1, $2::ltree)`,
        [held, path],
      );
      const page = (await t.ok<Feed>(FEED, { since: start })).changes.changes;
      expect(page.filter((c) => c.entityId === held)).toEqual([]);
      await session.query('COMMIT');
      expect((await nextOf(start, [held])).ids).toHaveLength(1);
    } finally {
      await Promise.all([session.end(), other.end()]);
    }
  }, 200_000);
});
