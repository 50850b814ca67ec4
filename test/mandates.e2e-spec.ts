import { createPost, createUnit } from './support/fixtures';
import { expectError, startTestApp, TestApp } from './support/test-app';

const APPOINT = `mutation($input: AppointInput!) {
  appoint(input: $input) { id startsOn attestedOn endsOn status endReason source version person { fullNameLatin } position { titleFr } }
}`;

const SEED_POST = '5eed0000-0000-4000-8000-000000000107';
const SEED_PERSON = '5eed0000-0000-4000-8000-000000000202';

describe('posts and mandates (e2e)', () => {
  let t: TestApp;
  let unitId: string;
  let newPerson: (latin: string, arabic?: string) => Promise<string>;
  beforeAll(async () => {
    t = await startTestApp();
    unitId = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    let n = 0;
    newPerson = async (latin, arabic = `شخص ${++n}`) =>
      (
        await t.ok(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
          input: { fullNameLatin: latin, fullNameAr: arabic },
        })
      ).createPerson.id;
  });
  afterAll(() => t.close());

  const createPosition = (input: Record<string, unknown>) =>
    t.gql(
      `mutation($input: CreatePositionInput!) { createPosition(input: $input) { id titleAr titleFr seats role { code titleFr } unit { code } } }`,
      {
        input,
      },
    );
  const countMandates = async () => Number((await t.sql(`SELECT count(*) AS n FROM mandate`))[0].n);

  it('lists the role catalogue in Arabic and French', async () => {
    const { roles } = await t.ok(`{ roles { code titleAr titleFr name(lang: FR) } }`);
    expect(roles[0]).toEqual({
      code: 'SECRETARY_GENERAL',
      titleAr: 'الأمين العام',
      titleFr: 'Secrétaire général',
      name: 'Secrétaire général',
    });
    expect(roles.map((r: any) => r.code)).toEqual(
      expect.arrayContaining(['TREASURER', 'BUREAU_MEMBER', 'DEPUTY_SECRETARY_GENERAL']),
    );
  });

  it('creates posts titled from the role and the unit level, and refuses bad ones', async () => {
    const treasurer = await createPosition({ unitId, roleCode: 'treasurer' });
    expect(treasurer.data!.createPosition).toMatchObject({
      titleAr: 'أمين المال الإقليمي',
      titleFr: 'Trésorier provincial',
      seats: 1,
      role: { code: 'TREASURER' },
      unit: { code: 'PAM-MA-TNG' },
    });
    const before = Number((await t.sql(`SELECT count(*) AS n FROM position`))[0].n);
    expect(expectError(await createPosition({ unitId, roleCode: 'TREASURER' }), 'CONFLICT')).toMatch(
      /already has a TREASURER post/,
    );
    expect(expectError(await createPosition({ unitId, roleCode: 'EMPEROR' }), 'BAD_USER_INPUT')).toMatch(
      /no role EMPEROR/,
    );
    expect(
      expectError(await createPosition({ unitId, roleCode: 'BUREAU_MEMBER', seats: 0 }), 'BAD_USER_INPUT'),
    ).toMatch(/at least 1/);
    expectError(
      await createPosition({ unitId: '5eed0000-0000-4000-8000-00000000ffff', roleCode: 'BUREAU_MEMBER' }),
      'NOT_FOUND',
    );
    expect(Number((await t.sql(`SELECT count(*) AS n FROM position`))[0].n)).toBe(before);
  });

  it('appoints, refuses a second holder of a one-seat post, and replaces on request', async () => {
    const post = (await createPosition({ unitId, roleCode: 'SPOKESPERSON' })).data!.createPosition.id;
    const first = await newPerson('Karim Tazi');
    const second = await newPerson('Nadia Fassi');
    const appointed = await t.gql(APPOINT, {
      input: { positionId: post, personId: first, startsOn: '2021-01-01', source: 'Bureau decision 2021/1' },
    });
    expect(appointed.data!.appoint).toMatchObject({
      startsOn: '2021-01-01',
      endsOn: null,
      status: 'ACTIVE',
      person: { fullNameLatin: 'Karim Tazi' },
    });

    const before = await countMandates();
    const refused = await t.gql(APPOINT, {
      input: { positionId: post, personId: second, startsOn: '2022-06-01' },
    });
    expect(expectError(refused, 'CONFLICT')).toMatch(
      /full for these dates \(held by Karim Tazi\).*replaceCurrent/,
    );
    expect(await countMandates()).toBe(before);

    const replaced = await t.gql(APPOINT, {
      input: { positionId: post, personId: second, startsOn: '2022-06-01', replaceCurrent: true },
    });
    expect(replaced.errors).toBeUndefined();
    const { position } = await t.ok(
      `query($id: ID!) { position(id: $id) { before: holders(asOf: "2022-05-31") { person { fullNameLatin } endsOn endReason }
         after: holders(asOf: "2022-06-01") { person { fullNameLatin } } } }`,
      { id: post },
    );
    expect(position.before).toEqual([
      { person: { fullNameLatin: 'Karim Tazi' }, endsOn: '2022-05-31', endReason: 'REPLACED' },
    ]);
    expect(position.after).toEqual([{ person: { fullNameLatin: 'Nadia Fassi' } }]);

    const history = await t.ok(
      `query($p: ID!) { person(id: $p) { mandates { endsOn } current: mandates(asOf: "2023-01-01") { id } } }`,
      { p: first },
    );
    expect(history.person).toEqual({ mandates: [{ endsOn: '2022-05-31' }], current: [] });
  });

  it('fills a collegial post up to its seats and no further', async () => {
    const local = await createUnit(t, { level: 'LOCAL', parentId: unitId });
    await createPost(t, local, 'TREASURER');
    const bureau = await createPost(t, local, 'BUREAU_MEMBER', { seats: 2 });
    const [a, b, c] = [await newPerson('Member A'), await newPerson('Member B'), await newPerson('Member C')];
    for (const person of [a, b]) {
      expect(
        (await t.gql(APPOINT, { input: { positionId: bureau, personId: person, startsOn: '2021-03-01' } }))
          .errors,
      ).toBeUndefined();
    }
    expectError(
      await t.gql(APPOINT, { input: { positionId: bureau, personId: c, startsOn: '2021-03-02' } }),
      'CONFLICT',
    );
    const ambiguous = await t.gql(APPOINT, {
      input: { positionId: bureau, personId: c, startsOn: '2021-04-01', replaceCurrent: true },
    });
    expect(expectError(ambiguous, 'BAD_USER_INPUT')).toMatch(/replacedMandateId/);
    expectError(
      await t.gql(APPOINT, { input: { positionId: bureau, personId: a, startsOn: '2021-05-01' } }),
      'CONFLICT',
    );

    const { orgUnit } = await t.ok(
      `query($id: ID!) { orgUnit(id: $id) { vacancies(asOf: "2021-03-15") { position { role { code } } vacantSeats } } }`,
      { id: local },
    );
    expect(orgUnit.vacancies).toEqual(
      expect.arrayContaining([{ position: { role: { code: 'TREASURER' } }, vacantSeats: 1 }]),
    );
    expect(orgUnit.vacancies.map((v: any) => v.position.role.code)).not.toContain('BUREAU_MEMBER');
    expect(
      expectError(
        await t.gql(`mutation($id: ID!) { updatePosition(input: { id: $id, seats: 1 }) { id } }`, {
          id: bureau,
        }),
        'CONFLICT',
      ),
    ).toMatch(/Seat 2/);
  });

  it('ends and corrects mandates, refusing terms that end before they start', async () => {
    const post = (await createPosition({ unitId, roleCode: 'COORDINATOR' })).data!.createPosition.id;
    const person = await newPerson('Youssef Idrissi');
    const { appoint } = await t.ok(APPOINT, {
      input: { positionId: post, personId: person, startsOn: '2021-01-10', status: 'ACTING' },
    });
    const end = (input: Record<string, unknown>) =>
      t.gql(`mutation($input: EndMandateInput!) { endMandate(input: $input) { endsOn endReason version } }`, {
        input,
      });
    expect(expectError(await end({ id: appoint.id, endsOn: '2021-01-09' }), 'BAD_USER_INPUT')).toMatch(
      /cannot end \(2021-01-09\) before it starts/,
    );
    const ended = await end({
      id: appoint.id,
      endsOn: '2021-12-31',
      endReason: 'RESIGNED',
      expectedVersion: appoint.version,
    });
    expect(ended.data!.endMandate).toEqual({
      endsOn: '2021-12-31',
      endReason: 'RESIGNED',
      version: appoint.version + 1,
    });
    expect(expectError(await end({ id: appoint.id, endsOn: '2022-01-31' }), 'CONFLICT')).toMatch(
      /already ended/,
    );

    const update = (input: Record<string, unknown>) =>
      t.gql(
        `mutation($input: UpdateMandateInput!) { updateMandate(input: $input) { startsOn endsOn status source } }`,
        { input },
      );
    expect(
      (await update({ id: appoint.id, status: 'ACTIVE', source: 'Corrected from minutes' })).data!
        .updateMandate,
    ).toEqual({
      startsOn: '2021-01-10',
      endsOn: '2021-12-31',
      status: 'ACTIVE',
      source: 'Corrected from minutes',
    });
    expectError(await update({ id: appoint.id, startsOn: '2022-03-01' }), 'BAD_USER_INPUT');
    expectError(await update({ id: appoint.id, startsOn: null }), 'BAD_USER_INPUT');
    expectError(await update({ id: appoint.id, endsOn: '2021-02-30' }), 'BAD_USER_INPUT');
    expectError(await update({ id: appoint.id, status: 'RETIRED' }), 'BAD_USER_INPUT');
    expectError(await update({ id: '5eed0000-0000-4000-8000-00000000ffff', status: 'ACTIVE' }), 'NOT_FOUND');

    // A correction that would overlap the next holder is refused by the exclusion constraint.
    const next = await newPerson('Salma Bennani');
    await t.ok(APPOINT, { input: { positionId: post, personId: next, startsOn: '2022-01-01' } });
    expect(expectError(await update({ id: appoint.id, endsOn: '2022-02-01' }), 'CONFLICT')).toMatch(
      /as many holders as it has seats/,
    );
    const [row] = await t.sql(`SELECT ends_on::text AS ends_on FROM mandate WHERE id = $1`, [appoint.id]);
    expect(row.ends_on).toBe('2021-12-31');
  });

  it('filters mandates by subtree, role, person and day', async () => {
    const regionId = (await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } }`)).orgUnit.id;
    const { mandates } = await t.ok(
      `query($under: ID) { mandates(filter: { under: $under, role: "SECRETARY_GENERAL", activeOn: "2020-11-02" }) {
         totalCount edges { node { person { fullNameLatin } position { unit { code } } } } } }`,
      { under: regionId },
    );
    expect(mandates.totalCount).toBe(5);
    const { mandates: local } = await t.ok(
      `{ mandates(filter: { under: "5eed0000-0000-4000-8000-000000000004" }) { edges { node { person { fullNameLatin } } } } }`,
    );
    expect(local.edges).toEqual([{ node: { person: { fullNameLatin: 'Redouane Alaoui Belghiti' } } }]);
  });

  it('refuses bad appointments and writes nothing', async () => {
    const post = (await createPosition({ unitId, roleCode: 'COUNCIL_PRESIDENT' })).data!.createPosition.id;
    const person = await newPerson('Hicham Berrada');
    const before = await countMandates();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ positionId: post, personId: person }, 'BAD_USER_INPUT', /startsOn, or attestedOn/],
      [{ positionId: post, personId: person, startsOn: '2021-02-30' }, 'BAD_USER_INPUT', /real day/],
      [
        { positionId: post, personId: person, startsOn: '2021-05-01', endsOn: '2021-04-30' },
        'BAD_USER_INPUT',
        /cannot end/,
      ],
      [
        { positionId: post, personId: '5eed0000-0000-4000-8000-00000000ffff', startsOn: '2021-05-01' },
        'NOT_FOUND',
        /Person/,
      ],
      [{ positionId: 'nope', personId: person, startsOn: '2021-05-01' }, 'NOT_FOUND', /Position/],
      [
        { positionId: post, personId: person, startsOn: '2021-05-01', status: 'KING' },
        'BAD_USER_INPUT',
        /KING/,
      ],
      [
        { positionId: post, personId: person, startsOn: '2021-05-01', source: 'x'.repeat(2001) },
        'BAD_USER_INPUT',
        /source/,
      ],
    ];
    for (const [input, code, message] of cases) {
      expect(expectError(await t.gql(APPOINT, { input }), code)).toMatch(message);
    }
    expect(await countMandates()).toBe(before);
  });

  it('explains an impossible date the same way on every call of a document', async () => {
    // The second call of a document runs compiled (graphql-jit), which words a refused variable apart.
    const document = `mutation ImpossibleDate($input: AppointInput!) { appoint(input: $input) { id } }`;
    const input = { positionId: SEED_POST, personId: SEED_PERSON, startsOn: '2021-02-30' };
    for (let call = 1; call <= 3; call++) {
      const message = expectError(await t.gql(document, { input }), 'BAD_USER_INPUT');
      expect({ call, message }).toEqual({ call, message: expect.stringMatching(/real day/) });
    }
  });

  it('leaves exactly one mandate when 20 appointments to a one-seat post race', async () => {
    const post = (await createPosition({ unitId, roleCode: 'DEPUTY_SECRETARY_GENERAL' })).data!.createPosition
      .id;
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => newPerson(`Candidate ${i}`, `مرشح ${i}`)),
    );
    const results = await Promise.all(
      people.map((personId) =>
        t.gql(APPOINT, { input: { positionId: post, personId, startsOn: '2023-01-01' } }),
      ),
    );
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(1);
    for (const failed of results.filter((r) => r.errors)) expectError(failed, 'CONFLICT');
    const rows = await t.sql(`SELECT count(*) AS n FROM mandate WHERE position_id = $1`, [post]);
    expect(Number(rows[0].n)).toBe(1);
  });
});
