import { createAccount, createPerson, grantAccess, unique } from './support/fixtures';
import { expectError, startTestApp, TestApp } from './support/test-app';

/**
 * Names found in any script: a Latin spelling finds a name written only in Arabic and the other way,
 * a given name alone, a compound with or without its space, a misspelling, the party's short name and
 * the everyday spellings of places; aliases of people and units are recorded and searched.
 */
describe('name search (e2e)', () => {
  let t: TestApp;
  let arabicOnly: string;
  let latinOnly: string;
  beforeAll(async () => {
    t = await startTestApp();
    const unit = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)).orgUnit.id;
    arabicOnly = await createPerson(t, {
      fullNameLatin: undefined,
      fullNameAr: 'سعيد الغلبزوري',
      homeUnitId: unit,
    });
    latinOnly = await createPerson(t, { fullNameLatin: 'Karim Benjelloun', homeUnitId: unit });
  });
  afterAll(() => t.close());

  const people = async (search: string, client = t) =>
    (
      await client.ok(
        `query($s: String) { people(first: 50, filter: { search: $s }) { edges { node { id fullNameLatin } } } }`,
        {
          s: search,
        },
      )
    ).people.edges.map((e: any) => e.node) as { id: string; fullNameLatin: string | null }[];
  const units = async (search: string) =>
    (
      await t.ok(
        `query($s: String) { orgUnits(first: 50, filter: { search: $s }) { edges { node { code } } } }`,
        {
          s: search,
        },
      )
    ).orgUnits.edges.map((e: any) => e.node.code) as string[];
  const territories = async (search: string) =>
    (
      await t.ok(
        `query($s: String) { territories(first: 50, filter: { search: $s }) { edges { node { code nameFr } } } }`,
        { s: search },
      )
    ).territories.edges.map((e: any) => e.node.nameFr) as string[];

  it.each(['Ghelbzouri', 'Ghalbzouri', 'Rhalbzouri', 'Said Ghalbzouri', 'Saïd El Ghalbzouri', 'Ghalbzoury'])(
    'a Latin spelling finds a name written only in Arabic: %s',
    async (search) => {
      expect((await people(search)).map((p) => p.id)).toContain(arabicOnly);
    },
  );

  it.each(['كريم بنجلون', 'بن جلون', 'كريم'])(
    'an Arabic spelling finds a name written only in Latin: %s',
    async (search) => {
      expect((await people(search)).map((p) => p.id)).toContain(latinOnly);
    },
  );

  it.each([
    ['Abdellatif', 'Abdellatif Ghalbzouri'],
    ['عبد اللطيف', 'Abdellatif Ghalbzouri'],
    ['عبداللطيف', 'Abdellatif Ghalbzouri'],
    ['Abd el-Latif', 'Abdellatif Ghalbzouri'],
    ['Abdelatif Rhalbzouri', 'Abdellatif Ghalbzouri'],
    ['Mounir', 'Mounir Limouri'],
    ['منير', 'Mounir Limouri'],
    ['Limuri', 'Mounir Limouri'],
    ['عبدالحميد', 'Abdelhamid Bouchaib'],
    ['Redwane Belghiti', 'Redouane Alaoui Belghiti'],
  ])(
    'a given name, a compound or a misspelling finds the seed official first: %s',
    async (search, expected) => {
      expect((await people(search))[0]?.fullNameLatin).toBe(expected);
    },
  );

  it('puts the spelling typed before a name that only shares its skeleton', async () => {
    const amr = await createPerson(t, { fullNameLatin: `Amr ${unique()}` });
    const found = (await people('Omar')).map((p) => p.fullNameLatin);
    expect(found[0]).toBe('Omar Laaziri');
    expect(found).toContain(
      (await t.ok(`query($id: ID!) { person(id: $id) { fullNameLatin } }`, { id: amr })).person.fullNameLatin,
    );
  });

  it.each(['PAM', 'البام', 'pam'])('the party’s short name finds its national unit: %s', async (search) => {
    expect((await units(search))[0]).toBe('PAM');
  });

  it.each([
    ['Tangier', 'Tanger'],
    ['Tanja', 'Tanger'],
    ['طنجة', 'Tanger'],
    ['Bni Mkada', 'Bni Makada'],
    ['Beni Mekada', 'Bni Makada'],
    ['Swani', 'Charf-Souani'],
    ['Mghogha', 'Charf-Mghogha'],
  ])('a place is found by its everyday spelling: %s', async (search, expected) => {
    expect(await territories(search)).toContain(expected);
  });

  it.each([
    ['Swani', 'PAM-MA-TNG-SOUANI'],
    ['Tangier', 'PAM-MA-TNG'],
    ['Bni Mkada', 'PAM-MA-TNG-BNIMAKADA'],
  ])('a unit is found by the everyday spelling of its place: %s', async (search, code) => {
    expect(await units(search)).toContain(code);
  });

  it('records a unit’s aliases by code, shows and searches them, and counts the change', async () => {
    const before = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-MGHOGHA") { version aliases } }`)).orgUnit;
    expect(before.aliases).toEqual([]);
    const name = `Mghogha Jdida ${unique()}`;
    const set = await t.ok(
      `mutation($input: SetOrgUnitAliasesInput!) { setOrgUnitAliases(input: $input) { code version aliases } }`,
      { input: { unitCode: 'pam-ma-tng-mghogha', aliases: [name, ` ${name} `, 'الشرف مغوغة الجديدة'] } },
    );
    expect(set.setOrgUnitAliases).toEqual({
      code: 'PAM-MA-TNG-MGHOGHA',
      version: before.version + 1,
      aliases: [name, 'الشرف مغوغة الجديدة'].sort(),
    });
    expect(await units(name)).toEqual(['PAM-MA-TNG-MGHOGHA']);
    expect(await units('مغوغة الجديدة')).toContain('PAM-MA-TNG-MGHOGHA');
    const [event] = await t.sql(
      `SELECT after FROM audit_event WHERE action = 'setOrgUnitAliases' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.after.aliases).toEqual([name, 'الشرف مغوغة الجديدة'].sort());
    // Renaming the unit keeps its aliases searchable.
    await t.ok(`mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { id } }`, {
      input: {
        id: (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-MGHOGHA") { id } }`)).orgUnit.id,
        nameFr: 'Secrétariat local de Charf-Mghogha',
      },
    });
    expect(await units(name)).toEqual(['PAM-MA-TNG-MGHOGHA']);
  });

  it('records a person’s aliases, shown and searched', async () => {
    const id = await createPerson(t, { fullNameLatin: `Hassan ${unique()}` });
    const set = await t.ok(
      `mutation($input: SetPersonAliasesInput!) { setPersonAliases(input: $input) { aliases } }`,
      { input: { id, aliases: ['Abou Zaid Tanjaoui'] } },
    );
    expect(set.setPersonAliases.aliases).toEqual(['Abou Zaid Tanjaoui']);
    expect((await people('ابو زيد الطنجاوي')).map((p) => p.id)).toContain(id);
    await t.ok(`mutation($input: SetPersonAliasesInput!) { setPersonAliases(input: $input) { id } }`, {
      input: { id, aliases: [] },
    });
    expect((await people('Tanjaoui')).map((p) => p.id)).not.toContain(id);
  });

  it('refuses a unit named twice or not at all, an empty alias, and a code out of reach', async () => {
    const mutation = `mutation($input: SetOrgUnitAliasesInput!) { setOrgUnitAliases(input: $input) { id } }`;
    const pam = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    expectError(await t.gql(mutation, { input: { aliases: ['x'] } }), 'BAD_USER_INPUT');
    expectError(
      await t.gql(mutation, { input: { unit: pam, unitCode: 'PAM', aliases: ['x'] } }),
      'BAD_USER_INPUT',
    );
    expectError(await t.gql(mutation, { input: { unitCode: 'PAM', aliases: ['  '] } }), 'BAD_USER_INPUT');
    expectError(await t.gql(mutation, { input: { unitCode: 'NO-SUCH-UNIT', aliases: ['x'] } }), 'NOT_FOUND');
    expect((await t.ok(`{ orgUnit(code: "PAM") { aliases } }`)).orgUnit.aliases).toEqual(
      ['PAM', 'البام', 'حزب الأصالة و المعاصرة'].sort(),
    );

    const souani = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)).orgUnit.id;
    const password = 'local-admin-password';
    const account = await createAccount(t, { password });
    await grantAccess(t, account.id, souani, { level: 'ADMIN' });
    const local = t.as(await t.login(account.email, password));
    const outside = await local.gql(mutation, { input: { unitCode: 'PAM-MA-TNG-MGHOGHA', aliases: ['x'] } });
    const absent = await local.gql(mutation, { input: { unitCode: 'PAM-MA-TNG-NOWHERE', aliases: ['x'] } });
    expect(expectError(outside, 'NOT_FOUND').replace('MGHOGHA', 'X')).toBe(
      expectError(absent, 'NOT_FOUND').replace('NOWHERE', 'X'),
    );
    // Searching from Charf-Souani finds nothing of Beni Makada, however it is spelled.
    expect(await people('Laaziri', local as TestApp)).toEqual([]);
    expect(await people('لعزيري', local as TestApp)).toEqual([]);
  });
});
