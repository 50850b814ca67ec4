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
    expect(meeting.interventions).toMatchObject([
      { position: 1, kind: 'PRAISE', textFr: 'Bonne initiative' },
      {
        position: 2,
        kind: 'REQUEST',
        textFr: 'Plus de moyens',
        speakers: [{ person: { id: b }, guestName: null }],
      },
    ]);
    // Speakers come in the order the participants are listed.
    expect(meeting.interventions[0].speakers.map((s: any) => s.person.id).sort()).toEqual(
      [a.personId, b].sort(),
    );
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

/** The reach of the report's series over the prefecture's communes, and the people it addresses. */
describe('series over territories, councillors and activists (e2e)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const who of ['limouri', 'belghiti']) {
      tokens[who] = await t.login(`${who}@tanzim.demo`, DEMO_PASSWORD);
    }
  });
  afterAll(() => t.close());

  it('keeps each commune’s kind from the reference data, and filters on it', async () => {
    const { territories } = await t.ok(
      `{ territories(filter: { kind: COMMUNE, under: "${await territoryId(t, 'MA-TNG')}", communeKind: URBAN }) {
         totalCount edges { node { nameFr communeKind } } } }`,
    );
    expect(territories.totalCount).toBe(3);
    expect(territories.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([
        { nameFr: 'Tanger', communeKind: 'URBAN' },
        { nameFr: 'Gueznaia', communeKind: 'URBAN' },
      ]),
    );
    const rural = await t.ok(`{ territory(code: "MA-TNG") { children { communeKind } } }`);
    expect(rural.territory.children.filter((c: any) => c.communeKind === 'RURAL')).toHaveLength(9);
  });

  it('reads the report’s series as covering every commune of the prefecture, one of them reached', async () => {
    const { meetingSeries } = await t.as(tokens.limouri).ok(
      `{ meetingSeries(id: "${seedId(501)}") {
         audiences targetTerritoryKind targetCommuneKind targetTerritoryRoot { code }
         coverage { targets reached }
         territoryCoverage { targets reached byTerritory { reached territory { nameFr communeKind } } }
       } }`,
    );
    expect(meetingSeries).toMatchObject({
      audiences: ['SECRETARIES', 'COUNCILLORS', 'ACTIVISTS'],
      targetTerritoryKind: 'COMMUNE',
      targetCommuneKind: null,
      targetTerritoryRoot: { code: 'MA-TNG' },
      // The units it targets read as before: Tanger-Médina not reached.
      coverage: { targets: 4, reached: 3 },
      territoryCoverage: { targets: 12, reached: 1 },
    });
    // Tangier is reached through its arrondissements' secretariats; the rural communes are not.
    const reached = meetingSeries.territoryCoverage.byTerritory.filter((r: any) => r.reached);
    expect(reached).toEqual([{ reached: true, territory: { nameFr: 'Tanger', communeKind: 'URBAN' } }]);
  });

  it('answers the communes of an area where the party has no unit', async () => {
    const query = `query($under: ID!, $kind: CommuneKind) {
      territoriesWithoutUnit(kind: COMMUNE, under: $under, communeKind: $kind) { totalCount edges { node { nameFr } } } }`;
    const all = await t.ok(query, { under: 'MA-TNG' });
    // Tangier has units (in its arrondissements); the other eleven communes have none.
    expect(all.territoriesWithoutUnit.totalCount).toBe(11);
    expect(all.territoriesWithoutUnit.edges.map((e: any) => e.node.nameFr)).not.toContain('Tanger');
    const urban = await t.ok(query, { under: 'MA-TNG', kind: 'URBAN' });
    expect(urban.territoriesWithoutUnit.edges.map((e: any) => e.node.nameFr).sort()).toEqual([
      'Assilah',
      'Gueznaia',
    ]);
    // A unit outside your scope is not one you can count on: for Charf-Souani's secretary, every
    // arrondissement but his own is without a unit.
    const arrondissements = await t
      .as(tokens.belghiti)
      .ok(`{ territoriesWithoutUnit(kind: ARRONDISSEMENT, under: "MA-TNG") { totalCount } }`);
    expect(arrondissements.territoriesWithoutUnit.totalCount).toBe(3);
    expectError(
      await t.gql(`{ territoriesWithoutUnit(kind: COMMUNE, under: "MA-NOWHERE") { totalCount } }`),
      'NOT_FOUND',
    );
  });

  it('targets territories with a new series, urban or rural, inside the organiser’s territory only', async () => {
    const create = `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) {
      id audiences targetCommuneKind territoryCoverage { targets reached } } }`;
    const { createMeetingSeries: series } = await t.as(tokens.limouri).ok(create, {
      input: {
        organizingUnitId: PROVINCE,
        titleFr: `Tournée rurale ${unique()}`,
        audiences: ['COUNCILLORS', 'ACTIVISTS'],
        targets: { territoryKind: 'COMMUNE', communeKind: 'RURAL', underTerritory: 'MA-TNG' },
      },
    });
    expect(series).toMatchObject({
      audiences: ['COUNCILLORS', 'ACTIVISTS'],
      targetCommuneKind: 'RURAL',
      territoryCoverage: { targets: 9, reached: 0 },
    });
    // A meeting held in a rural commune reaches it.
    const commune = await territoryId(t, '01.511.05.05');
    await recordMeeting(t.as(tokens.limouri), PROVINCE, { seriesId: series.id, territoryId: commune });
    const after = await t.ok(
      `{ meetingSeries(id: "${series.id}") { territoryCoverage { reached byTerritory { reached territory { code } } } } }`,
    );
    expect(after.meetingSeries.territoryCoverage.reached).toBe(1);
    expect(after.meetingSeries.territoryCoverage.byTerritory.find((r: any) => r.reached).territory.code).toBe(
      '01.511.05.05',
    );
    for (const targets of [
      { territoryKind: 'COMMUNE', underTerritory: 'MA-TET' },
      { territoryKind: 'ARRONDISSEMENT', communeKind: 'URBAN', underTerritory: 'MA-TNG' },
      { territoryKind: 'COMMUNE' },
    ]) {
      expectError(
        await t
          .as(tokens.limouri)
          .gql(create, { input: { organizingUnitId: PROVINCE, titleFr: 'Tournée', targets } }),
        'BAD_USER_INPUT',
      );
    }
  });

  it('records a commune councillor, and tells an activist from a post holder', async () => {
    const member = await createPerson(t, { homeUnitId: SOUANI });
    const { recordElectedMandate } = await t.as(tokens.limouri).ok(
      `mutation($input: RecordElectedMandateInput!) { recordElectedMandate(input: $input) {
         body seatRole startsOn territory { code communeKind } } }`,
      {
        input: {
          personId: member,
          body: 'COMMUNE_COUNCIL',
          territory: '01.511.01.0',
          startsOn: '2021-09-08',
        },
      },
    );
    expect(recordElectedMandate).toEqual({
      body: 'COMMUNE_COUNCIL',
      seatRole: 'MEMBER',
      startsOn: '2021-09-08',
      territory: { code: '01.511.01.0', communeKind: 'URBAN' },
    });
    const read = await t.ok(
      `query($member: ID!, $official: ID!) {
         member: person(id: $member) { activist before: electedMandates(asOf: "2021-01-01") { body } now: electedMandates(asOf: "2022-01-01") { body } }
         official: person(id: $official) { activist }
       }`,
      { member, official: seedId(203) },
    );
    expect(read).toEqual({
      member: { activist: true, before: [], now: [{ body: 'COMMUNE_COUNCIL' }] },
      official: { activist: false },
    });
    // A commune council sits for a commune; a seat needs a known day; an editor elsewhere is refused.
    for (const [input, code] of [
      [
        { personId: member, body: 'COMMUNE_COUNCIL', territory: 'MA-TNG', startsOn: '2021-09-08' },
        'BAD_USER_INPUT',
      ],
      [{ personId: member, body: 'COMMUNE_COUNCIL', territory: '01.511.01.0' }, 'BAD_USER_INPUT'],
      [
        { personId: member, body: 'COMMUNE_COUNCIL', territory: '01.511.01.0', startsOn: '2021-09-08' },
        'NOT_FOUND',
      ],
    ] as const) {
      const caller = code === 'NOT_FOUND' ? t.as(tokens.belghiti) : t;
      const who = code === 'NOT_FOUND' ? await createPerson(t, { homeUnitId: seedId(5) }) : member;
      expectError(
        await caller.gql(
          `mutation($input: RecordElectedMandateInput!) { recordElectedMandate(input: $input) { id } }`,
          {
            input: { ...input, personId: who },
          },
        ),
        code,
      );
    }
  });
});

async function territoryId(t: TestApp, code: string): Promise<string> {
  return (await t.ok(`{ territory(code: "${code}") { id } }`)).territory.id;
}
