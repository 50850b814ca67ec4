import {
  appoint,
  createAccount,
  createPerson,
  createPost,
  createUnit,
  grantAccess,
  recordMeeting,
  unique,
} from './support/fixtures';
import { recordStatements } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A scoped caller sees a person attached to a unit of their scope (home unit, a post held, a meeting
 * taken part in, a unit represented), and the set of those units, kept on the person, follows every
 * write that changes it and stays what the rule computes from the mandates and participations.
 * The check is made on the person's own row: a scoped people search reads no mandate, participation
 * or meeting, and one statement answers both its page and its count.
 */
describe('people seen by a scoped caller (e2e)', () => {
  let t: TestApp;
  let viewer: ReturnType<TestApp['as']>;
  let inside: string;
  let insideLocal: string;
  let outside: string;

  beforeAll(async () => {
    t = await startTestApp();
    const national = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    inside = await createUnit(t, { level: 'REGIONAL', parentId: national });
    insideLocal = await createUnit(t, { level: 'PROVINCIAL', parentId: inside });
    outside = await createUnit(t, { level: 'REGIONAL', parentId: national });
    const account = await createAccount(t, { password: 'people-visibility-password' });
    await grantAccess(t, account.id, inside);
    viewer = t.as(await t.login(account.email, 'people-visibility-password'));
  });
  afterAll(() => t.close());

  // After every change, each person's kept set is the one the rule gives from scratch.
  afterEach(async () => {
    const wrong = await t.sql(`
      SELECT p.id FROM person p
       WHERE p.attached_unit_ids IS DISTINCT FROM (
         SELECT coalesce(array_agg(DISTINCT unit ORDER BY unit), '{}') FROM (
           SELECT po.org_unit_id AS unit FROM mandate ma JOIN position po ON po.id = ma.position_id
            WHERE ma.person_id = p.id
           UNION ALL SELECT me.convening_unit_id FROM participation pa JOIN meeting me ON me.id = pa.meeting_id
            WHERE pa.person_id = p.id
           UNION ALL SELECT pa.represented_unit_id FROM participation pa
            WHERE pa.person_id = p.id AND pa.represented_unit_id IS NOT NULL) units)`);
    expect(wrong).toEqual([]);
  });

  /** A person of their own for each test (specs run shuffled): homed outside the viewer's scope. */
  const newPerson = async () => {
    const name = `Zouhair Attachment${unique().replace(/\D/g, '')}`;
    return { name, id: await createPerson(t, { fullNameLatin: name, homeUnitId: outside }) };
  };

  const seen = async ({ id: person, name }: { id: string; name: string }): Promise<boolean> => {
    const data = await viewer.ok(
      `query($s: String) { people(first: 100, filter: { search: $s }) { totalCount edges { node { id } } } }`,
      { s: name },
    );
    const ids = data.people.edges.map((e: any) => e.node.id);
    expect(data.people.totalCount).toBe(ids.length);
    return ids.includes(person);
  };

  it('follows a meeting taken part in, convened inside', async () => {
    const person = await newPerson();
    expect(await seen(person)).toBe(false);
    await recordMeeting(t, insideLocal, {
      participants: [{ personId: person.id, role: 'ATTENDEE', attendance: 'ATTENDED' }],
    });
    expect(await seen(person)).toBe(true);
  });

  it('follows meetings taken part in: convened outside, moved inside, left', async () => {
    const person = await newPerson();
    expect(await seen(person)).toBe(false);
    const meeting = await recordMeeting(t, outside, {
      participants: [{ personId: person.id, role: 'ATTENDEE', attendance: 'ATTENDED' }],
    });
    expect(await seen(person)).toBe(false);
    const moved = await t.ok(
      `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { version participants { id } } }`,
      { input: { id: meeting, expectedVersion: 1, convenerUnitId: insideLocal } },
    );
    expect(await seen(person)).toBe(true);
    await t.ok(`mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`, {
      input: { participationId: moved.updateMeeting.participants[0].id },
    });
    expect(await seen(person)).toBe(false);
  });

  it('follows a unit represented at a meeting convened outside', async () => {
    const person = await newPerson();
    const meeting = await recordMeeting(t, outside);
    const added = await t.ok(
      `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { participants { id } } }`,
      {
        input: {
          meetingId: meeting,
          participants: [{ personId: person.id, role: 'ATTENDEE', representedUnitId: insideLocal }],
        },
      },
    );
    expect(await seen(person)).toBe(true);
    await t.ok(`mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`, {
      input: { participationId: added.addParticipants.participants[0].id },
    });
    expect(await seen(person)).toBe(false);
  });

  it('follows a post held inside, ended or not', async () => {
    const person = await newPerson();
    const post = await createPost(t, insideLocal);
    const mandate = await appoint(t, post, person.id, { startsOn: '2020-01-01' });
    expect(await seen(person)).toBe(true);
    await t.ok(`mutation($input: EndMandateInput!) { endMandate(input: $input) { id } }`, {
      input: { id: mandate, endsOn: '2021-01-01', endReason: 'OTHER' },
    });
    expect(await seen(person)).toBe(true);
  });

  it('reads the person rows alone, one statement for the page and the count', async () => {
    // More matches than the page holds, so that the count cannot be read off the page.
    const name = `Attachment${unique().replace(/\D/g, '')}`;
    await createPerson(t, { fullNameLatin: `Nadia ${name}`, homeUnitId: insideLocal });
    await createPerson(t, { fullNameLatin: `Hamid ${name}`, homeUnitId: inside });
    const { statements, result } = await recordStatements(t, () =>
      viewer.ok(
        `query($s: String) { people(first: 1, filter: { search: $s }) { totalCount edges { node { id } } } }`,
        { s: name },
      ),
    );
    expect(result.people.totalCount).toBeGreaterThanOrEqual(2);
    expect(result.people.edges).toHaveLength(1);
    const reads = statements.filter(([sql]) => /FROM "person"/.test(sql));
    expect(reads).toHaveLength(1);
    const [sql, params] = reads[0];
    const plan = (await t.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/\bperson\b/);
    expect(plan).not.toMatch(/\b(mandate|participation|meeting)\b/);
  });
});
