import {
  appoint,
  createAccount,
  createPerson,
  createPost,
  createUnit,
  grantAccess,
  recordMeeting,
} from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Where a person is seen besides their home unit is kept on the person (`attached_unit_ids`): the
 * units of the posts they held, of the meetings they took part in (the convener) and of the units they
 * represented there. The set follows every write that changes it, and stays what the rule computes
 * from the mandates and participations; a scoped secretary finds the person exactly while it holds
 * one of his units.
 */
describe('where a person is seen follows their posts and meetings (e2e)', () => {
  let t: TestApp;
  let secretary: ReturnType<TestApp['as']>;
  let local: string;
  let otherProvince: string;
  let otherLocal: string;

  beforeAll(async () => {
    t = await startTestApp();
    const national = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    const region = await createUnit(t, { level: 'REGIONAL', parentId: national });
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    local = await createUnit(t, { level: 'LOCAL', parentId: province });
    otherProvince = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    otherLocal = await createUnit(t, { level: 'LOCAL', parentId: otherProvince });
    const account = await createAccount(t, { password: 'person-attachments-password' });
    await grantAccess(t, account.id, local);
    secretary = t.as(await t.login(account.email, 'person-attachments-password'));
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

  /** Whether the secretary finds the person by id and in his list of people. */
  const seen = async (person: string): Promise<boolean> => {
    const byId = await secretary.gql(`query($id: ID!) { person(id: $id) { id } }`, { id: person });
    const found = !byId.errors && byId.data?.person?.id === person;
    const list = await secretary.ok(`{ people(first: 100) { edges { node { id } } } }`);
    expect(list.people.edges.some((e: { node: { id: string } }) => e.node.id === person)).toBe(found);
    return found;
  };

  const addParticipant = async (meetingId: string, participant: Record<string, unknown>): Promise<string> => {
    const added = await t.ok(
      `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { participants { id } } }`,
      { input: { meetingId, participants: [{ role: 'ATTENDEE', ...participant }] } },
    );
    return added.addParticipants.participants[0].id;
  };
  const removeParticipant = (participationId: string) =>
    t.ok(`mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`, {
      input: { participationId },
    });

  it('attaches a person to the unit of a post they are appointed to', async () => {
    const person = await createPerson(t, { fullNameLatin: 'Nadia Nommée', homeUnitId: otherLocal });
    expect(await seen(person)).toBe(false);
    await appoint(t, await createPost(t, local, 'TREASURER'), person);
    expect(await seen(person)).toBe(true);
  });

  it('attaches a participant to the unit they represented, until the participation is removed', async () => {
    const person = await createPerson(t, { fullNameLatin: 'Rachid Délégué', homeUnitId: otherLocal });
    const meeting = await recordMeeting(t, otherProvince);
    const participation = await addParticipant(meeting, { personId: person, representedUnitId: local });
    expect(await seen(person)).toBe(true);
    await removeParticipant(participation);
    expect(await seen(person)).toBe(false);
  });

  it('attaches a participant to the convener, and moves with it when the meeting changes convener', async () => {
    const person = await createPerson(t, { fullNameLatin: 'Samira Participante', homeUnitId: otherLocal });
    const meeting = await recordMeeting(t, local);
    await addParticipant(meeting, { personId: person });
    expect(await seen(person)).toBe(true);
    const { version } = (await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id: meeting }))
      .meeting;
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id: meeting, expectedVersion: version, convenerUnitId: otherProvince },
    });
    expect(await seen(person)).toBe(false);
  });
});
