import { createAccount, grantAccess, unique } from './support/fixtures';
import { expectError, startTestApp, TestApp } from './support/test-app';

/** Inputs name units and territories by code as well as by id: exactly one of the two. */
describe('inputs by code (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const CREATE_UNIT = `mutation($input: CreateOrgUnitInput!) {
    createOrgUnit(input: $input) { id code parent { code } territory { code } } }`;
  const newLocal = (input: Record<string, unknown>) =>
    t.gql(CREATE_UNIT, {
      input: {
        code: `PAM-CODE-${unique()}`.replace(/[^A-Z0-9-]/g, ''),
        level: 'LOCAL',
        nameAr: 'أمانة',
        nameFr: 'Secrétariat',
        ...input,
      },
    });

  it('creates a unit under a parent and on a territory named by their codes', async () => {
    const created = await newLocal({ parentCode: 'pam-ma-tng', territoryCode: '01.511.01.06' });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createOrgUnit).toMatchObject({
      parent: { code: 'PAM-MA-TNG' },
      territory: { code: '01.511.01.06' },
    });
    // Moved under another parent named by code.
    const moved = await t.ok(
      `mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { parent { code } } }`,
      { input: { id: created.data!.createOrgUnit.id, parentCode: 'PAM-MA-TNG' } },
    );
    expect(moved.moveOrgUnit.parent.code).toBe('PAM-MA-TNG');
  });

  it('creates a post, a person and a meeting naming their unit by code', async () => {
    const unit = (await newLocal({ parentCode: 'PAM-MA-TNG' })).data!.createOrgUnit;
    const post = await t.ok(
      `mutation($input: CreatePositionInput!) { createPosition(input: $input) { unit { id } } }`,
      { input: { unitCode: unit.code, roleCode: 'TREASURER' } },
    );
    expect(post.createPosition.unit.id).toBe(unit.id);
    const person = await t.ok(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { homeUnit { id } } }`,
      { input: { fullNameLatin: `Code ${unique()}`, homeUnitCode: unit.code } },
    );
    expect(person.createPerson.homeUnit.id).toBe(unit.id);
    const meeting = await t.ok(
      `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { convener { id } } }`,
      {
        input: {
          kind: 'OUTREACH',
          status: 'HELD',
          date: '2021-05-01',
          titleFr: 'Rencontre',
          convenerUnitCode: unit.code,
        },
      },
    );
    expect(meeting.recordMeeting.convener.id).toBe(unit.id);
  });

  it('filters lists by a unit named by code as by id', async () => {
    const tng = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const units = async (filter: Record<string, unknown>) =>
      (await t.ok(`query($f: OrgUnitFilterInput) { orgUnits(filter: $f) { totalCount } }`, { f: filter }))
        .orgUnits.totalCount as number;
    const people = async (filter: Record<string, unknown>) =>
      (await t.ok(`query($f: PersonFilterInput) { people(filter: $f) { totalCount } }`, { f: filter })).people
        .totalCount as number;
    expect(await units({ underCode: 'PAM-MA-TNG' })).toBe(await units({ under: tng }));
    expect(await units({ underCode: 'PAM-MA-TNG' })).toBeLessThan(await units({}));
    expect(await people({ unitCode: 'pam-ma-tng' })).toBe(await people({ unit: tng }));
    expectError(
      await t.gql(`query($f: PersonFilterInput) { people(filter: $f) { totalCount } }`, {
        f: { unit: tng, unitCode: 'PAM-MA-TNG' },
      }),
      'BAD_USER_INPUT',
    );
  });

  it('refuses a thing named both ways or not at all, and a code nobody holds', async () => {
    const tng = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const post = (input: Record<string, unknown>) =>
      t.gql(`mutation($input: CreatePositionInput!) { createPosition(input: $input) { id } }`, {
        input: { roleCode: 'TREASURER', ...input },
      });
    expect(expectError(await post({ unitId: tng, unitCode: 'PAM-MA-TNG' }), 'BAD_USER_INPUT')).toMatch(
      /unitId or unitCode, not both/,
    );
    expectError(await post({}), 'BAD_USER_INPUT');
    expect(expectError(await post({ unitCode: 'PAM-NOWHERE' }), 'NOT_FOUND')).toMatch(/PAM-NOWHERE/);
    expectError(await newLocal({ parentCode: 'PAM-MA-TNG', territoryCode: 'MA-NOWHERE' }), 'NOT_FOUND');
  });

  it('answers a code outside the caller’s subtree as if it did not exist', async () => {
    const souani = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)).orgUnit.id;
    const password = 'local-editor-password';
    const account = await createAccount(t, { password });
    await grantAccess(t, account.id, souani, { level: 'ADMIN' });
    const local = t.as(await t.login(account.email, password));
    const person = (code: string) =>
      local.gql(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
        input: { fullNameLatin: `Code ${unique()}`, homeUnitCode: code },
      });
    const outside = expectError(await person('PAM-MA-TNG-MGHOGHA'), 'NOT_FOUND');
    const absent = expectError(await person('PAM-MA-TNG-NOWHERE'), 'NOT_FOUND');
    expect(outside.replace('PAM-MA-TNG-MGHOGHA', 'X')).toBe(absent.replace('PAM-MA-TNG-NOWHERE', 'X'));
    expect((await person('PAM-MA-TNG-SOUANI')).errors).toBeUndefined();
  });
});
