import { DEMO_PASSWORD, seedId } from '../src/seed/demo-tangier';
import { createPerson, createUnit, personWithMandate, recordMeeting, unique } from './support/fixtures';
import { expectError, startTestApp, TestApp } from './support/test-app';

const SEED_MEETING = seedId(401);
const CONGRESS = seedId(701);
const PROVINCE = seedId(3);
const SOUANI = seedId(4);

const RECORD = `mutation($input: RecordMeetingInput!) {
  recordMeeting(input: $input) {
    id agendaPartial
    interventions { position kind textFr speakers { person { id } guestName } }
    context { relation note event { id days } }
    outcomes { owners { position person { id } unit { id } } ownerPerson { id } ownerUnit { id } }
  }
}`;

/**
 * What the seed report says beyond who met whom, held and read through GraphQL: interventions,
 * the congress it cites, a partial agenda, outcomes with several owners; and what a local secretary
 * sees of a meeting his unit attended.
 */
describe('what the source says (e2e)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const who of ['limouri', 'belghiti']) {
      tokens[who] = await t.login(`${who}@tanzim.demo`, DEMO_PASSWORD);
    }
  });
  afterAll(() => t.close());

  it('holds the seed report’s interventions, in order, with who said each', async () => {
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) {
         agendaPartial
         interventions { position kind textAr text(lang: FR) speakers { role person { fullNameLatin } } }
       } }`,
      { id: SEED_MEETING },
    );
    expect(meeting.agendaPartial).toBe(true);
    const secretaries = ['Redouane Alaoui Belghiti', 'Omar Laaziri', 'Abdelhamid Bouchaib'];
    const said = meeting.interventions.map((i: any) => ({
      position: i.position,
      kind: i.kind,
      by: i.speakers.map((s: any) => s.person.fullNameLatin),
    }));
    expect(said).toEqual([
      { position: 1, kind: 'INTERVENTION', by: secretaries },
      { position: 2, kind: 'PRAISE', by: secretaries },
      { position: 3, kind: 'ASSESSMENT', by: secretaries },
      { position: 4, kind: 'COMMITMENT', by: secretaries },
      { position: 5, kind: 'INSTRUCTION', by: ['Mounir Limouri'] },
      { position: 6, kind: 'INSTRUCTION', by: ['Mounir Limouri'] },
      { position: 7, kind: 'COMMITMENT', by: ['Mounir Limouri'] },
    ]);
    // "the face and tongue of the party" in the arrondissement, in the report's words.
    expect(meeting.interventions[4].textAr).toContain('هي واجهة الحزب ولسانه داخل المقاطعة');
    expect(meeting.interventions[4].text).toContain('la face et la langue du parti');
    expect(meeting.interventions[1].textAr).toContain('ثمنوا هذه المقاربة التشاركية');
  });

  it('holds the congress the report cites, by its days, and how the meeting relates to it', async () => {
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) {
         context { relation note event { kind title(lang: FR) startsOn endsOn days place territory { code } unit { code } } }
       } }`,
      { id: SEED_MEETING },
    );
    expect(meeting.context).toEqual([
      {
        relation: 'IMPLEMENTS_STRATEGY_OF',
        note: expect.stringContaining('منذ المؤتمر الوطني الرابع'),
        event: {
          kind: 'CONGRESS',
          title: '4e congrès national du Parti Authenticité et Modernité',
          startsOn: '2020-02-07',
          endsOn: '2020-02-09',
          days: 3,
          place: 'الجديدة (El Jadida)',
          territory: { code: 'MA-JDI' },
          unit: { code: 'PAM' },
        },
      },
    ]);
  });

  it('gives an outcome several owners, and still answers the first owner through the old fields', async () => {
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) { outcomes {
         owners { position person { fullNameLatin } unit { code } } ownerPerson { fullNameLatin } ownerUnit { code }
       } } }`,
      { id: SEED_MEETING },
    );
    expect(meeting.outcomes).toEqual([
      {
        owners: ['Redouane Alaoui Belghiti', 'Omar Laaziri', 'Abdelhamid Bouchaib'].map((name, i) => ({
          position: i + 1,
          person: { fullNameLatin: name },
          unit: null,
        })),
        ownerPerson: { fullNameLatin: 'Redouane Alaoui Belghiti' },
        ownerUnit: null,
      },
      {
        owners: [{ position: 1, person: null, unit: { code: 'PAM-MA-TNG' } }],
        ownerPerson: null,
        ownerUnit: { code: 'PAM-MA-TNG' },
      },
    ]);
    // The owners are what the outcome list filters on.
    const owned = await t.ok(`query($owner: ID!) { outcomes(filter: { owner: $owner }) { totalCount } }`, {
      owner: seedId(204),
    });
    expect(owned.outcomes.totalCount).toBe(1);
  });

  it('records interventions, context, a partial agenda and several owners with a meeting', async () => {
    const local = await createUnit(t, { level: 'LOCAL', parentId: PROVINCE });
    const a = await personWithMandate(t, local);
    const b = await createPerson(t, { homeUnitId: SOUANI });
    const { recordMeeting: meeting } = await t.ok(RECORD, {
      input: {
        kind: 'OUTREACH',
        status: 'HELD',
        date: '2021-03-01',
        titleFr: `Rencontre ${unique()}`,
        convenerUnitId: PROVINCE,
        agendaPartial: true,
        agenda: [{ titleFr: 'Situation organisationnelle' }],
        participants: [
          { personId: a.personId, role: 'ATTENDEE', mandateId: a.mandateId },
          { personId: b, role: 'ATTENDEE' },
          { guestName: 'Un invité', role: 'GUEST' },
        ],
        interventions: [
          { kind: 'PRAISE', textFr: 'Bonne initiative', speakers: [a.personId, b] },
          { kind: 'REQUEST', textFr: 'Plus de moyens', speakers: [b] },
        ],
        context: [{ eventId: CONGRESS, relation: 'FOLLOWS_UP', note: 'Après le congrès' }],
        outcomes: [
          {
            kind: 'COMMITMENT',
            textFr: 'Préparer',
            owners: [{ personId: a.personId }, { unitId: SOUANI }, { personId: b }],
          },
        ],
      },
    });
    expect(meeting.agendaPartial).toBe(true);
    expect(meeting.interventions).toEqual([
      {
        position: 1,
        kind: 'PRAISE',
        textFr: 'Bonne initiative',
        speakers: [
          { person: { id: a.personId }, guestName: null },
          { person: { id: b }, guestName: null },
        ],
      },
      {
        position: 2,
        kind: 'REQUEST',
        textFr: 'Plus de moyens',
        speakers: [{ person: { id: b }, guestName: null }],
      },
    ]);
    expect(meeting.context).toEqual([
      { relation: 'FOLLOWS_UP', note: 'Après le congrès', event: { id: CONGRESS, days: 3 } },
    ]);
    expect(meeting.outcomes[0].owners).toEqual([
      { position: 1, person: { id: a.personId }, unit: null },
      { position: 2, person: null, unit: { id: SOUANI } },
      { position: 3, person: { id: b }, unit: null },
    ]);

    // Later interventions come after, and a guest speaks by the participation's id.
    const guest = (
      await t.ok(`query($id: ID!) { meeting(id: $id) { participants { id guestName } } }`, { id: meeting.id })
    ).meeting.participants.find((p: any) => p.guestName).id;
    const added = await t.ok(
      `mutation($input: AddInterventionsInput!) { addInterventions(input: $input) {
         interventions { position speakers { guestName } } } }`,
      {
        input: {
          meetingId: meeting.id,
          interventions: [{ kind: 'INTERVENTION', textFr: 'Merci', speakers: [guest] }],
        },
      },
    );
    expect(added.addInterventions.interventions[2]).toEqual({
      position: 3,
      speakers: [{ guestName: 'Un invité' }],
    });
  });

  it('refuses an intervention by someone not at the meeting, a speakerless one, or one before the meeting is held', async () => {
    const outsider = await createPerson(t, { homeUnitId: SOUANI });
    const meetingId = await recordMeeting(t, PROVINCE);
    const before = await t.sql(`SELECT count(*)::int AS n FROM intervention`);
    for (const interventions of [
      [{ kind: 'INTERVENTION', textFr: 'Bonjour', speakers: [outsider] }],
      [{ kind: 'INTERVENTION', textFr: 'Bonjour', speakers: [] }],
      [{ kind: 'INTERVENTION', speakers: [outsider] }],
    ]) {
      expectError(
        await t.gql(`mutation($input: AddInterventionsInput!) { addInterventions(input: $input) { id } }`, {
          input: { meetingId, interventions },
        }),
        'BAD_USER_INPUT',
      );
    }
    const planned = await t.gql(RECORD, {
      input: {
        kind: 'OUTREACH',
        date: '2099-01-01',
        titleFr: `Rencontre ${unique()}`,
        convenerUnitId: PROVINCE,
        participants: [{ personId: outsider, role: 'ATTENDEE' }],
        interventions: [{ kind: 'INTERVENTION', textFr: 'Plus tard', speakers: [outsider] }],
      },
    });
    expectError(planned, 'BAD_USER_INPUT');
    expect(await t.sql(`SELECT count(*)::int AS n FROM intervention`)).toEqual(before);
  });

  it('records an event by its days only, and refuses one that ends before it starts', async () => {
    const created = await t.ok(
      `mutation($input: CreateContextEventInput!) { createContextEvent(input: $input) { id days startsOn endsOn } }`,
      { input: { kind: 'ELECTION', titleFr: 'Élections communales', startsOn: '2021-09-08' } },
    );
    expect(created.createContextEvent).toMatchObject({
      days: 1,
      startsOn: '2021-09-08',
      endsOn: '2021-09-08',
    });
    expectError(
      await t.gql(`mutation($input: CreateContextEventInput!) { createContextEvent(input: $input) { id } }`, {
        input: { kind: 'CONGRESS', titleFr: 'Congrès', startsOn: '2020-02-09', endsOn: '2020-02-07' },
      }),
      'BAD_USER_INPUT',
    );
    // A provincial secretary records his province's events, not those of the whole registry.
    expectError(
      await t
        .as(tokens.limouri)
        .gql(`mutation($input: CreateContextEventInput!) { createContextEvent(input: $input) { id } }`, {
          input: { kind: 'OTHER', titleFr: 'Ailleurs', startsOn: '2020-02-07' },
        }),
      'FORBIDDEN',
    );
  });

  it('shows a national event to every secretary below, and an event of another province to none of them', async () => {
    expect(
      (await t.as(tokens.belghiti).ok(`{ contextEvent(id: "${CONGRESS}") { startsOn } }`)).contextEvent,
    ).toEqual({
      startsOn: '2020-02-07',
    });
    const elsewhere = await createUnit(t, {
      level: 'PROVINCIAL',
      parentId: seedId(2),
      nameFr: 'Secrétariat provincial ailleurs',
    });
    const { createContextEvent } = await t.ok(
      `mutation($input: CreateContextEventInput!) { createContextEvent(input: $input) { id } }`,
      {
        input: { kind: 'CONGRESS', titleFr: 'Congrès provincial', startsOn: '2020-03-01', unitId: elsewhere },
      },
    );
    expectError(
      await t.as(tokens.limouri).gql(`{ contextEvent(id: "${createContextEvent.id}") { id } }`),
      'NOT_FOUND',
    );
    // Nor can a meeting of his cite it: as if it did not exist.
    const meetingId = await recordMeeting(t.as(tokens.limouri), PROVINCE);
    expectError(
      await t
        .as(tokens.limouri)
        .gql(`mutation($input: LinkMeetingContextInput!) { linkMeetingContext(input: $input) { id } }`, {
          input: { meetingId, eventId: createContextEvent.id, relation: 'REFERS_TO' },
        }),
      'NOT_FOUND',
    );
  });

  it('shows a local secretary the meeting his unit attended, and of it only what concerns his unit', async () => {
    const belghiti = t.as(tokens.belghiti);
    const { meeting } = await belghiti.ok(
      `query($id: ID!) { meeting(id: $id) {
         title(lang: FR) convener { code } units { role unit { code } }
         participants { person { fullNameLatin } representedUnit { code } }
         attendance { participants }
         interventions { position speakers { person { fullNameLatin } } }
         outcomes { owners { person { fullNameLatin } unit { code } } }
         context { event { startsOn } }
       } }`,
      { id: SEED_MEETING },
    );
    expect(meeting).toMatchObject({
      convener: null,
      units: [{ role: 'ATTENDING', unit: { code: 'PAM-MA-TNG-SOUANI' } }],
      participants: [
        {
          person: { fullNameLatin: 'Redouane Alaoui Belghiti' },
          representedUnit: { code: 'PAM-MA-TNG-SOUANI' },
        },
      ],
      attendance: { participants: 1 },
      context: [{ event: { startsOn: '2020-02-07' } }],
    });
    expect(meeting.interventions.map((i: any) => i.speakers.length)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(meeting.outcomes[0].owners).toEqual([
      { person: { fullNameLatin: 'Redouane Alaoui Belghiti' }, unit: null },
    ]);
    // In his lists too, and in his unit's and his own.
    const lists = await belghiti.ok(
      `query($unit: ID!, $person: ID!) {
         meetings { totalCount edges { node { id } } }
         orgUnit(id: $unit) { meetings { totalCount } }
         person(id: $person) { participations { totalCount } }
       }`,
      { unit: SOUANI, person: seedId(203) },
    );
    expect(lists.meetings.edges).toEqual([{ node: { id: SEED_MEETING } }]);
    expect(lists.orgUnit.meetings.totalCount).toBe(1);
    expect(lists.person.participations.totalCount).toBe(1);
    // Reading is not changing: the meeting stays the convening unit's to edit.
    expectError(
      await belghiti.gql(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
        input: { id: SEED_MEETING, expectedVersion: 1, titleFr: 'Autre titre' },
      }),
      'NOT_FOUND',
    );
    // Other people at the meeting stay out of his reach.
    expectError(await belghiti.gql(`{ person(id: "${seedId(202)}") { id } }`), 'NOT_FOUND');
  });
});
