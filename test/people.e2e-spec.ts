import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { NAME_FIELDS } from '../src/people/person.loaders';
import { createPerson, unique } from './support/fixtures';
import { expectError, startTestApp, TestApp } from './support/test-app';

/** A membership number taken before any test runs, so that the conflict case does not rely on another test. */
const TAKEN = 'PAM/2019/0042';

describe('people (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One spec reads every Person field at once, each under its own alias: more than the default limit.
    t = await startTestApp({ env: { GRAPHQL_MAX_ALIASES: '100' } });
    await createPerson(t, { membershipNumber: TAKEN });
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>) =>
    t.gql(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id fullNameAr fullNameLatin gender membershipNumber version homeUnit { code } } }`,
      {
        input,
      },
    );
  const update = (input: Record<string, unknown>) =>
    t.gql(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { fullNameAr fullNameLatin gender membershipNumber version homeUnit { code } } }`,
      {
        input,
      },
    );
  const searchPeople = async (search: string) =>
    (
      await t.ok(
        `query($s: String) { people(filter: { search: $s }) { edges { node { fullNameLatin } } } }`,
        { s: search },
      )
    ).people.edges.map((e: any) => e.node.fullNameLatin) as string[];
  const countPeople = async () => Number((await t.sql(`SELECT count(*) AS n FROM person`))[0].n);

  it.each([
    ['بوشعــــــــيب', 'Abdelhamid Bouchaib'],
    ['عبد الحميد بوشعيب', 'Abdelhamid Bouchaib'],
    ['ليموري', 'Mounir Limouri'],
    ['limouri', 'Mounir Limouri'],
    ['LIMOURI Mounir', 'Mounir Limouri'],
    ['Ghalbzouri', 'Abdellatif Ghalbzouri'],
    ['الغلبزوري', 'Abdellatif Ghalbzouri'],
    ['belghiti', 'Redouane Alaoui Belghiti'],
    ['laazi', 'Omar Laaziri'],
    ['Laâziri', 'Omar Laaziri'],
    ['Limoury', 'Mounir Limouri'],
  ])('finds the seed’s officials however they are typed: %s', async (search, expected) => {
    expect((await searchPeople(search))[0]).toBe(expected);
  });

  it('creates and updates a person, keeping what is not sent and clearing what is null', async () => {
    const unit = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-MEDINA") { id } }`)).orgUnit.id;
    const created = await create({
      fullNameAr: ' فاطمة الزهراء المنصوري ',
      gender: 'FEMALE',
      membershipNumber: 'PAM/2020/0001',
      homeUnitId: unit,
    });
    expect(created.data!.createPerson).toMatchObject({
      fullNameAr: 'فاطمة الزهراء المنصوري',
      fullNameLatin: null,
      gender: 'FEMALE',
      membershipNumber: 'PAM/2020/0001',
      version: 1,
      homeUnit: { code: 'PAM-MA-TNG-MEDINA' },
    });
    const id = created.data!.createPerson.id;
    const updated = await update({
      id,
      fullNameLatin: 'Fatima Zahra Mansouri',
      homeUnitId: null,
      expectedVersion: 1,
    });
    expect(updated.data!.updatePerson).toEqual({
      fullNameAr: 'فاطمة الزهراء المنصوري',
      fullNameLatin: 'Fatima Zahra Mansouri',
      gender: 'FEMALE',
      membershipNumber: 'PAM/2020/0001',
      version: 2,
      homeUnit: null,
    });
    expect(await searchPeople('fatima zahra')).toEqual(['Fatima Zahra Mansouri']);
    expect(await searchPeople('المنصوري')).toEqual(['Fatima Zahra Mansouri']);
    expectError(await update({ id, gender: 'MALE', expectedVersion: 1 }), 'CONFLICT');
    expectError(await update({ id, fullNameAr: null, fullNameLatin: null }), 'BAD_USER_INPUT');
    const { person } = await t.ok(`query($id: ID!) { person(id: $id) { gender name(lang: FR) } }`, { id });
    expect(person).toEqual({ gender: 'FEMALE', name: 'Fatima Zahra Mansouri' });
  });

  it('lists the people of a subtree: home unit there or a post held there', async () => {
    const province = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const { people } = await t.ok(
      `query($u: ID) { people(filter: { unit: $u }, first: 50) { totalCount edges { node { fullNameLatin } } } }`,
      { u: province },
    );
    const names = people.edges.map((e: any) => e.node.fullNameLatin);
    expect(names).toEqual(
      expect.arrayContaining([
        'Mounir Limouri',
        'Omar Laaziri',
        'Abdelhamid Bouchaib',
        'Redouane Alaoui Belghiti',
      ]),
    );
    expect(names).not.toContain('Abdellatif Ghalbzouri');
  });

  it.each([
    ['no name at all', { gender: 'MALE' }, 'BAD_USER_INPUT', /needs a name/],
    ['a blank name', { fullNameLatin: '  ' }, 'BAD_USER_INPUT', /fullNameLatin must be 1 to 200/],
    ['a Latin name in the Arabic field', { fullNameAr: 'Omar' }, 'BAD_USER_INPUT', /Arabic script/],
    ['an unknown gender', { fullNameLatin: 'X Y', gender: 'OTHER' }, 'BAD_USER_INPUT', /OTHER/],
    [
      'a taken membership number',
      { fullNameLatin: 'Other Person', membershipNumber: TAKEN },
      'CONFLICT',
      /already taken/,
    ],
    [
      'a malformed membership number',
      { fullNameLatin: 'Other Person', membershipNumber: 'a b' },
      'BAD_USER_INPUT',
      /membershipNumber/,
    ],
    [
      'an unknown home unit',
      { fullNameLatin: 'Other Person', homeUnitId: '5eed0000-0000-4000-8000-00000000ffff' },
      'NOT_FOUND',
      /not found/,
    ],
    ['a 1 MB name', { fullNameLatin: 'a'.repeat(1_000_000) }, 'BAD_USER_INPUT', /./],
  ])('refuses %s and writes nothing', async (_case, input, code, message) => {
    const before = await countPeople();
    expect(expectError(await create(input), code)).toMatch(message);
    expect(await countPeople()).toBe(before);
  });

  it('reads only the names of a person for exactly the fields that answer from the name columns', async () => {
    // A list of many people reads only their names when nothing but NAME_FIELDS is asked of them
    // (person.loaders.ts). Which Person fields answer from the name columns alone is found here from
    // the schema and the rows: a field whose answer changes with the names and with nothing else.
    const personType = t.app.get(GraphQLSchemaHost).schema.getType('Person') as GraphQLObjectType;
    const leaves = (type: GraphQLObjectType) =>
      Object.values(type.getFields())
        .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)))
        .map((f) => f.name)
        .join(' ');
    /** One aliased selection per field, and per value of an enum argument it requires. */
    const asked = Object.values(personType.getFields()).flatMap((field) => {
      const named = getNamedType(field.type);
      const selection = isObjectType(named) ? `{ ${leaves(named)} }` : '';
      const required = field.args.filter((a) => isNonNullType(a.type));
      const enumArg = required.find((a) => getNamedType(a.type) instanceof GraphQLEnumType);
      if (required.length > (enumArg ? 1 : 0)) {
        throw new Error(`Person.${field.name}: give its arguments here.`);
      }
      const values = enumArg ? (getNamedType(enumArg.type) as GraphQLEnumType).getValues() : [null];
      return values.map((value, i) => ({
        field: field.name,
        alias: `${field.name}_${i}`,
        text: `${field.name}_${i}: ${field.name}${value ? `(${enumArg!.name}: ${value.name})` : ''} ${selection}`,
      }));
    });
    const home = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-MEDINA") { id } }`)).orgUnit.id;
    const other = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)).orgUnit.id;
    const id = await createPerson(t, {
      fullNameAr: 'ليلى بناني',
      fullNameLatin: 'Leila Bennani',
      gender: 'FEMALE',
      membershipNumber: `TNG/${unique()}`,
      homeUnitId: home,
      contact: { phone: '+212 600 000 001', email: 'leila@example.ma', address: 'Tanger' },
    });
    const read = async () =>
      (await t.ok(`query($id: ID!) { person(id: $id) { ${asked.map((a) => a.text).join(' ')} } }`, { id }))
        .person;
    const changedFields = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      new Set(
        asked
          .filter(({ alias }) => JSON.stringify(a[alias]) !== JSON.stringify(b[alias]))
          .map((x) => x.field),
      );

    const original = await read();
    await t.sql(
      `UPDATE person SET full_name_ar = 'سلمى بناني', full_name_latin = 'Salma Bennani' WHERE id = $1`,
      [id],
    );
    const renamed = await read();
    await t.sql(
      `UPDATE person SET gender = 'MALE', membership_number = $2, home_unit_id = $3, phone = '+212 600 000 002',
         email = 'other@example.ma', address = 'Asilah', version = version + 1 WHERE id = $1`,
      [id, `TNG/${unique()}`, other],
    );
    const changed = await read();

    const readsNames = changedFields(original, renamed);
    const readsOthers = changedFields(renamed, changed);
    expect(readsNames.size).toBeGreaterThan(0);
    expect(readsOthers.size).toBeGreaterThan(0);
    const namesOnly = [...readsNames].filter((field) => !readsOthers.has(field));
    expect([...NAME_FIELDS].filter((f) => f !== 'id' && f !== '__typename').sort()).toEqual(namesOnly.sort());
  });

  it('answers NOT_FOUND for an unknown person', async () => {
    expectError(await t.gql(`{ person(id: "5eed0000-0000-4000-8000-00000000ffff") { id } }`), 'NOT_FOUND');
    expectError(await t.gql(`{ person(id: "12") { id } }`), 'NOT_FOUND');
  });
});
