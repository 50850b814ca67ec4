import { forgetRememberedUnits, UNIT_MEMORY_MS } from '../src/org-units/unit-memory';
import { createUnit, personWithMandate, unique } from './support/fixtures';
import { countStatements, statementsOf } from './support/statements';
import { expectError, startTestApp, TestApp } from './support/test-app';

const SUBTREE = `
  query Subtree($code: String!, $asOf: Date) {
    orgUnit(code: $code, asOf: $asOf) {
      code level nameAr nameFr status
      territory { code kind }
      officials { person { fullNameAr fullNameLatin } position { titleAr titleFr role { code } } startsOn attestedOn }
      children {
        code nameFr
        officials { person { fullNameLatin } }
        vacancies { position { titleFr } vacantSeats }
      }
    }
  }`;

describe('org units (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Charts three levels deep are costed past the default limit (each level of children counts its
    // declared bound): raised here, where statements per chart are what is counted.
    t = await startTestApp({ env: { GRAPHQL_MAX_COST: '10000000' } });
  });
  afterAll(() => t.close());

  /** The statements a query takes, with no unit remembered from an earlier request (see unit-memory). */
  const counted = (query: string) => {
    forgetRememberedUnits();
    return statementsOf(t, query);
  };
  /** A unit asked by code with these fields, and the statements it took. */
  const unitByCode = async (code: string, fields: string) => {
    const { statements, data } = await counted(`{ orgUnit(code: "${code}") { ${fields} } }`);
    return { statements, orgUnit: data.orgUnit };
  };

  const create = (input: Record<string, unknown>) =>
    t.gql(
      `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code level version parent { code } } }`,
      {
        input,
      },
    );
  const unitId = async (code: string) =>
    (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id as string;

  it('answers the README question: the Tangier–Asilah subtree with its officials on 2020-11-02', async () => {
    const { orgUnit } = await t.ok(SUBTREE, { code: 'PAM-MA-TNG', asOf: '2020-11-02' });
    expect(orgUnit).toMatchObject({
      code: 'PAM-MA-TNG',
      level: 'PROVINCIAL',
      status: 'ACTIVE',
      territory: { code: 'MA-TNG' },
    });
    expect(orgUnit.officials).toEqual([
      {
        person: { fullNameAr: 'منير ليموري', fullNameLatin: 'Mounir Limouri' },
        position: {
          titleAr: 'الأمين العام الإقليمي',
          titleFr: 'Secrétaire général provincial',
          role: { code: 'SECRETARY_GENERAL' },
        },
        startsOn: null,
        attestedOn: '2020-11-02',
      },
    ]);
    const children = Object.fromEntries(orgUnit.children.map((c: any) => [c.code, c]));
    expect(Object.keys(children).sort()).toEqual([
      'PAM-MA-TNG-BNIMAKADA',
      'PAM-MA-TNG-MEDINA',
      'PAM-MA-TNG-MGHOGHA',
      'PAM-MA-TNG-SOUANI',
    ]);
    expect(children['PAM-MA-TNG-SOUANI'].officials).toEqual([
      { person: { fullNameLatin: 'Redouane Alaoui Belghiti' } },
    ]);
    expect(children['PAM-MA-TNG-BNIMAKADA'].officials).toEqual([
      { person: { fullNameLatin: 'Omar Laaziri' } },
    ]);
    expect(children['PAM-MA-TNG-MGHOGHA'].officials).toEqual([
      { person: { fullNameLatin: 'Abdelhamid Bouchaib' } },
    ]);
    expect(children['PAM-MA-TNG-MEDINA'].officials).toEqual([]);
    expect(children['PAM-MA-TNG-MEDINA'].vacancies).toEqual([
      { position: { titleFr: 'Secrétaire local' }, vacantSeats: 1 },
    ]);
  });

  it('reads officials with their people, posts and roles in no more statements than officials alone', async () => {
    const statements = async (officials: string) =>
      (
        await counted(`{ orgUnit(code: "PAM-MA-TNG", asOf: "2020-11-02") { officials { ${officials} }
        children { officials { ${officials} } } } }`)
      ).statements;
    const alone = await statements('id');
    expect(await statements('id person { fullNameLatin } position { titleFr role { code } }')).toBe(alone);
  });

  it('answers every field of an official and of its post, asked alone, as whole rows read them', async () => {
    // A root of its own: the other tests count the units under PAM.
    const unit = await createUnit(t, { level: 'NATIONAL' });
    // Officials on 2021-01-01 holding every detail a field answers from, so a column left unread shows:
    // a start and a source; an attested day with no start; an end and its reason.
    await personWithMandate(t, unit, { mandate: { source: 'Décision n° 12 du bureau' } });
    await personWithMandate(t, unit, {
      roleCode: 'TREASURER',
      mandate: { startsOn: null, attestedOn: '2020-06-01' },
    });
    const ending = await personWithMandate(t, unit, { roleCode: 'DEPUTY_SECRETARY_GENERAL' });
    await t.ok(`mutation($input: EndMandateInput!) { endMandate(input: $input) { id } }`, {
      input: { id: ending.mandateId, endsOn: '2021-06-30', endReason: 'RESIGNED' },
    });
    const fieldsOf = async (type: string, objects: Record<string, string>) => {
      const { __type } = await t.ok(
        `query($type: String!) { __type(name: $type) { fields { name type { kind ofType { kind ofType { kind } } } } } }`,
        { type },
      );
      return (__type.fields as any[]).map((field) => {
        const kinds = [field.type.kind, field.type.ofType?.kind, field.type.ofType?.ofType?.kind];
        const leaf = kinds.some((kind) => kind === 'SCALAR' || kind === 'ENUM');
        // A new object field needs its selection here.
        expect({ field: field.name, selectable: leaf || field.name in objects }).toEqual({
          field: field.name,
          selectable: true,
        });
        return `${field.name} ${objects[field.name] ?? ''}`;
      });
    };
    const officials = async (selection: string) =>
      (
        await t.ok(
          `query($id: ID!) { orgUnit(id: $id) { officials(asOf: "2021-01-01") { id ${selection} } } }`,
          {
            id: unit,
          },
        )
      ).orgUnit.officials as any[];
    const posts = new Map((await officials('position { id }')).map((one) => [one.id, one.position.id]));
    expect(posts.size).toBe(3);
    for (const selection of await fieldsOf('Mandate', {
      position: '{ id }',
      person: '{ id }',
      confirmations: '{ totalCount }',
    })) {
      for (const official of await officials(selection)) {
        const { position } = await t.ok(
          `query($id: ID!) { position(id: $id) { holders(asOf: "2021-01-01") { id ${selection} } } }`,
          { id: posts.get(official.id) },
        );
        expect(official).toEqual(position.holders[0]);
      }
    }
    for (const selection of await fieldsOf('Position', {
      unit: '{ code }',
      role: '{ code titleFr }',
      // Holders default to the day the post was read for: a post read by id is read for today.
      holders: '(asOf: "2021-01-01") { id }',
      vacancyDeclarations: '{ totalCount }',
    })) {
      for (const { position } of await officials(`position { id ${selection} }`)) {
        const whole = await t.ok(`query($id: ID!) { position(id: $id) { id ${selection} } }`, {
          id: position.id,
        });
        expect(position).toEqual(whole.position);
      }
    }
  });

  it("reads the officials' whole people when more than their names is asked, beside a names-only list", async () => {
    const PERSON = 'id fullNameLatin gender membershipNumber version homeUnit { code }';
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG", asOf: "2020-11-02") {
      names: officials { person { id fullNameLatin } } whole: officials { person { ${PERSON} } } } }`);
    expect(orgUnit.names.length).toBeGreaterThan(0);
    for (const [i, { person }] of orgUnit.whole.entries()) {
      expect(orgUnit.names[i].person).toEqual({ id: person.id, fullNameLatin: person.fullNameLatin });
      const alone = await t.ok(`query($id: ID!) { person(id: $id) { ${PERSON} } }`, { id: person.id });
      expect(person).toEqual(alone.person);
    }
  });

  it('reads the officials of every level of a chart in one statement', async () => {
    const statements = async (officials: string) =>
      (
        await counted(`{ orgUnit(code: "PAM", asOf: "2020-11-02") { code ${officials}
        children { code ${officials} children { code ${officials} children { code ${officials} } } } } }`)
      ).statements;
    const units = await statements('');
    expect(await statements('officials { id person { fullNameLatin } }')).toBe(units + 1);
  });

  it('reads a unit by code with its ancestors in as many statements as the unit alone', async () => {
    const read = (fields: string) => unitByCode('pam-ma-tng-souani', fields);
    const alone = await read('code');
    const withAncestors = await read('code ancestors { code level } parent { code }');
    expect(withAncestors.orgUnit).toEqual({
      code: 'PAM-MA-TNG-SOUANI',
      ancestors: [
        { code: 'PAM', level: 'NATIONAL' },
        { code: 'PAM-MA-01', level: 'REGIONAL' },
        { code: 'PAM-MA-TNG', level: 'PROVINCIAL' },
      ],
      parent: { code: 'PAM-MA-TNG' },
    });
    expect(withAncestors.statements).toBe(alone.statements);
  });

  it('remembers a unit read by code for a few seconds, and forgets it when a unit changes', async () => {
    const code = 'PAM-MA-TNG-MGHOGHA';
    const fields = 'id nameFr version ancestors { code }';
    const read = async (asked = fields) => (await t.ok(`{ orgUnit(code: "${code}") { ${asked} } }`)).orgUnit;
    const first = await unitByCode(code, fields);
    const again = await read();
    const remembered = await countStatements(t, read);
    expect(remembered.result).toEqual(again);
    expect(remembered.statements).toBe(first.statements - 1);
    expect(again).toEqual(first.orgUnit);

    // A change through the API is seen at once.
    const { updateOrgUnit } = await t.ok(
      `mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { version } }`,
      {
        input: {
          id: first.orgUnit.id,
          nameFr: 'Secrétariat local de Mghogha',
          expectedVersion: first.orgUnit.version,
        },
      },
    );
    expect(await read()).toMatchObject({
      nameFr: 'Secrétariat local de Mghogha',
      version: updateOrgUnit.version,
    });

    // A change made elsewhere (another process of the deployment) is seen within the delay.
    const changedAt = Date.now();
    await t.sql(`UPDATE org_unit SET name_fr = 'Mghogha (renommé ailleurs)' WHERE code = $1`, [code]);
    expect((await read('nameFr')).nameFr).toBe('Secrétariat local de Mghogha');
    await new Promise((resolve) => setTimeout(resolve, UNIT_MEMORY_MS - (Date.now() - changedAt) + 50));
    expect((await read('nameFr')).nameFr).toBe('Mghogha (renommé ailleurs)');
    await t.sql(`UPDATE org_unit SET name_fr = $2 WHERE code = $1`, [code, first.orgUnit.nameFr]);
    forgetRememberedUnits();
  });

  it('reads a chart asked by code in as many statements as the unit alone', async () => {
    const read = (fields: string) => unitByCode('pam-ma-01', fields);
    const alone = await read('code');
    const chart = await read('code children { code children { code } }');
    expect(chart.orgUnit).toEqual({
      code: 'PAM-MA-01',
      children: [
        {
          code: 'PAM-MA-TNG',
          children: [
            'PAM-MA-TNG-BNIMAKADA',
            'PAM-MA-TNG-MEDINA',
            'PAM-MA-TNG-MGHOGHA',
            'PAM-MA-TNG-SOUANI',
          ].map((code) => ({ code })),
        },
      ],
    });
    expect(chart.statements).toBe(alone.statements);
  });

  it('reads a chart three levels deep in as many statements as one level deep', async () => {
    const chart = async (levels: number) => {
      let tree = 'code officials { person { fullNameLatin } }';
      for (let i = 0; i < levels; i++) {
        tree = `code officials { person { fullNameLatin } } children { ${tree} }`;
      }
      const { statements, data } = await counted(`{ orgUnit(code: "PAM", asOf: "2020-11-02") { ${tree} } }`);
      return { statements, orgUnit: data.orgUnit };
    };
    const one = await chart(1);
    const three = await chart(3);
    expect(three.orgUnit.children[0].children[0].children.map((u: { code: string }) => u.code)).toContain(
      'PAM-MA-TNG-SOUANI',
    );
    expect(three.statements).toBe(one.statements);
  });

  it('knows nobody held the posts before they are attested (start dates stay unknown)', async () => {
    const { orgUnit } = await t.ok(SUBTREE, { code: 'PAM-MA-TNG', asOf: '2020-11-01' });
    expect(orgUnit.officials).toEqual([]);
  });

  it('reads a unit by id with parent, ancestors, territory and name(lang)', async () => {
    const id = await unitId('PAM-MA-TNG-SOUANI');
    const { orgUnit } = await t.ok(
      `query($id: ID!) { orgUnit(id: $id) { code ar: name(lang: AR) fr: name(lang: FR) parent { code } ancestors { code level }
         territory { nameFr aliases } positions { titleAr seats holders { person { fullNameLatin } } } } }`,
      { id },
    );
    expect(orgUnit).toMatchObject({
      code: 'PAM-MA-TNG-SOUANI',
      ar: 'الأمانة المحلية لمقاطعة الشرف السواني',
      fr: 'Secrétariat local de Charf-Souani',
      parent: { code: 'PAM-MA-TNG' },
      ancestors: [
        { code: 'PAM', level: 'NATIONAL' },
        { code: 'PAM-MA-01', level: 'REGIONAL' },
        { code: 'PAM-MA-TNG', level: 'PROVINCIAL' },
      ],
      territory: { nameFr: 'Charf-Souani', aliases: expect.arrayContaining(['Souani']) },
      positions: [
        {
          titleAr: 'الأمين المحلي',
          seats: 1,
          holders: [{ person: { fullNameLatin: 'Redouane Alaoui Belghiti' } }],
        },
      ],
    });
  });

  it('lists units by level, subtree and search, as a paginated connection', async () => {
    const regionId = await unitId('PAM-MA-01');
    const first = await t.ok(
      `query($under: ID) { orgUnits(filter: { level: LOCAL, under: $under }, first: 3) {
         totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
      { under: regionId },
    );
    expect(first.orgUnits.totalCount).toBe(4);
    expect(first.orgUnits.edges).toHaveLength(3);
    expect(first.orgUnits.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = await t.ok(
      `query($under: ID, $after: String) { orgUnits(filter: { level: LOCAL, under: $under }, first: 3, after: $after) { edges { node { code } } pageInfo { hasNextPage } } }`,
      { under: regionId, after: first.orgUnits.pageInfo.endCursor },
    );
    expect(next.orgUnits.edges).toHaveLength(1);
    expect(next.orgUnits.pageInfo.hasNextPage).toBe(false);
    const codes = [...first.orgUnits.edges, ...next.orgUnits.edges].map((e: any) => e.node.code);
    expect(new Set(codes).size).toBe(4);

    for (const search of ['médina', 'MEDINA', 'طنجه المدينه', 'Tanger-Med']) {
      const { orgUnits } = await t.ok(
        `query($s: String) { orgUnits(filter: { search: $s }) { edges { node { code } } } }`,
        { s: search },
      );
      expect(orgUnits.edges[0]?.node.code).toBe('PAM-MA-TNG-MEDINA');
    }
  });

  it('lists descendants of one level', async () => {
    const { orgUnit } = await t.ok(
      `{ orgUnit(code: "PAM") { descendants(level: PROVINCIAL) { totalCount edges { node { code } } } all: descendants { totalCount } } }`,
    );
    expect(orgUnit.descendants.edges.map((e: any) => e.node.code)).toEqual(['PAM-MA-TNG']);
    expect(orgUnit.all.totalCount).toBe(6);
  });

  describe('changing the tree', () => {
    /** A chart of its own: a new national root with a regional and a provincial unit under it. */
    const ownChart = async () => {
      const root = await createUnit(t, { level: 'NATIONAL' });
      const region = await createUnit(t, { level: 'REGIONAL', parentId: root });
      const province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
      return { root, region, province };
    };
    const codeOf = async (id: string) =>
      (await t.ok(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id })).orgUnit.code as string;

    it('creates a unit under a parent one level up, linked to a territory inside the parent’s', async () => {
      const { province: parentId } = await ownChart();
      const { territory } = await t.ok(`{ territory(code: "01.511.01.01") { id nameFr } }`);
      const code = `asilah-${unique()}`;
      const result = await create({
        code,
        level: 'LOCAL',
        parentId,
        nameAr: 'الأمانة المحلية لأصيلة',
        nameFr: 'Secrétariat local d’Assilah',
        territoryId: territory.id,
        foundedOn: '2021-01-15',
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.createOrgUnit).toMatchObject({
        code: code.toUpperCase(),
        level: 'LOCAL',
        version: 1,
        parent: { code: await codeOf(parentId) },
      });

      const children = async (asOf: string) =>
        (
          await t.ok(`query($id: ID!, $asOf: Date) { orgUnit(id: $id, asOf: $asOf) { children { code } } }`, {
            id: parentId,
            asOf,
          })
        ).orgUnit.children.map((c: any) => c.code);
      expect(await children('2020-11-02')).toEqual([]);
      expect(await children('2021-02-01')).toEqual([code.toUpperCase()]);
    });

    it('allows several national roots', async () => {
      const roots = async () =>
        (await t.ok(`{ orgUnits(filter: { level: NATIONAL }) { totalCount } }`)).orgUnits
          .totalCount as number;
      const before = await roots();
      expect(before).toBeGreaterThanOrEqual(1);
      const result = await create({
        code: `PAM-YOUTH-${unique()}`,
        level: 'NATIONAL',
        nameAr: 'شبيبة الأصالة والمعاصرة',
        nameFr: 'Jeunesse du PAM',
      });
      expect(result.errors).toBeUndefined();
      expect(await roots()).toBe(before + 1);
    });

    it('updates names and code with an optimistic version check', async () => {
      const id = await createUnit(t, { level: 'NATIONAL', nameFr: 'Jeunesse du PAM' });
      const { orgUnit } = await t.ok(`query($id: ID!) { orgUnit(id: $id) { id version } }`, { id });
      const update = (input: Record<string, unknown>) =>
        t.gql(
          `mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { code nameFr version } }`,
          { input },
        );
      const code = `PAM-JEUNES-${unique()}`;
      const ok = await update({
        id: orgUnit.id,
        nameFr: 'Jeunesse PAM',
        code,
        expectedVersion: orgUnit.version,
      });
      expect(ok.data!.updateOrgUnit).toEqual({
        code,
        nameFr: 'Jeunesse PAM',
        version: orgUnit.version + 1,
      });
      const stale = await update({ id: orgUnit.id, nameFr: 'Autre', expectedVersion: orgUnit.version });
      expectError(stale, 'CONFLICT');
      const { orgUnit: unchanged } = await t.ok(`query($id: ID!) { orgUnit(id: $id) { nameFr } }`, {
        id: orgUnit.id,
      });
      expect(unchanged.nameFr).toBe('Jeunesse PAM');
      expect(
        (
          await t.ok(
            `query($id: ID) { orgUnits(filter: { search: "jeunes", under: $id }) { edges { node { code } } } }`,
            { id },
          )
        ).orgUnits.edges,
      ).toEqual([{ node: { code } }]);
    });

    it('moves a unit with its whole subtree in one go', async () => {
      const { region, province } = await ownChart();
      const local = await createUnit(t, { level: 'LOCAL', parentId: province });
      const otherRoot = await createUnit(t, { level: 'NATIONAL' });
      const moved = await t.gql(
        `mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { code parent { code } } }`,
        {
          input: { id: region, parentId: otherRoot },
        },
      );
      expect(moved.data!.moveOrgUnit).toEqual({
        code: await codeOf(region),
        parent: { code: await codeOf(otherRoot) },
      });
      const { orgUnit } = await t.ok(`query($id: ID!) { orgUnit(id: $id) { ancestors { id } } }`, {
        id: local,
      });
      expect(orgUnit.ancestors.map((a: any) => a.id)).toEqual([otherRoot, region, province]);
      const [{ ok }] = await t.sql(
        `SELECT bool_and(u.path <@ p.path) AS ok FROM org_unit u, org_unit p WHERE p.id = $1 AND u.id = ANY($2::uuid[])`,
        [otherRoot, [region, province, local]],
      );
      expect(ok).toBe(true);
    });

    it('dissolves a unit only after its children, ending its open mandates the day before', async () => {
      const { root, province } = await ownChart();
      const localName = `Jeunesse locale ${unique()}`;
      const local = await createUnit(t, { level: 'LOCAL', parentId: province, nameFr: localName });
      const dissolve = (id: string, dissolvedOn: string) =>
        t.gql(
          `mutation($input: DissolveOrgUnitInput!) { dissolveOrgUnit(input: $input) { code dissolvedOn status } }`,
          {
            input: { id, dissolvedOn },
          },
        );
      const found = async (search: string) =>
        (await t.ok(`query($s: String) { orgUnits(filter: { search: $s }) { totalCount } }`, { s: search }))
          .orgUnits.totalCount;
      expect(await found(localName)).toBe(1);
      expectError(await dissolve(province, '2025-01-01'), 'CONFLICT');
      const { personId, mandateId } = await personWithMandate(t, local, {
        person: { fullNameLatin: 'Sara Amrani', fullNameAr: 'سارة العمراني' },
        mandate: { startsOn: '2022-01-01' },
      });
      expect((await dissolve(local, '2025-01-01')).data!.dissolveOrgUnit).toEqual({
        code: await codeOf(local),
        dissolvedOn: '2025-01-01',
        status: 'DISSOLVED',
      });
      const ended = await t.ok(
        `{ mandates(filter: { person: "${personId}" }) { edges { node { id endsOn endReason } } } }`,
      );
      expect(ended.mandates.edges).toEqual([
        { node: { id: mandateId, endsOn: '2024-12-31', endReason: 'UNIT_DISSOLVED' } },
      ]);
      expect((await dissolve(province, '2025-01-01')).errors).toBeUndefined();
      const { orgUnits } = await t.ok(
        `query($root: ID) { orgUnits(filter: { status: DISSOLVED, under: $root }) { edges { node { id } } } }`,
        { root },
      );
      expect(orgUnits.edges.map((e: any) => e.node.id).sort()).toEqual([province, local].sort());
      expect(await found(localName)).toBe(0);
      expectError(await dissolve(local, '2025-02-01'), 'CONFLICT');
    });
  });

  describe('bad input: a coded error and nothing written', () => {
    const countUnits = async () => Number((await t.sql(`SELECT count(*) AS n FROM org_unit`))[0].n);

    it.each([
      [
        'a wrong child level',
        async () => ({
          code: 'BAD-1',
          level: 'LOCAL',
          parentId: await unitId('PAM-MA-01'),
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
        }),
        'BAD_USER_INPUT',
        /directly under a provincial unit/,
      ],
      [
        'a root that is not national',
        async () => ({ code: 'BAD-2', level: 'REGIONAL', nameAr: 'أمانة', nameFr: 'Secrétariat' }),
        'BAD_USER_INPUT',
        /needs a national parent/,
      ],
      [
        'an unknown parent',
        async () => ({
          code: 'BAD-3',
          level: 'REGIONAL',
          parentId: '7c0a35a4-6a43-4d0c-9d42-6c7e2f1e0b11',
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
        }),
        'NOT_FOUND',
        /not found/,
      ],
      [
        'a malformed parent id',
        async () => ({
          code: 'BAD-4',
          level: 'REGIONAL',
          parentId: 'not-a-uuid',
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
        }),
        'NOT_FOUND',
        /not found/,
      ],
      [
        'a duplicate code',
        async () => ({ code: 'PAM-MA-TNG', level: 'NATIONAL', nameAr: 'أمانة', nameFr: 'Secrétariat' }),
        'CONFLICT',
        /already uses the code/,
      ],
      [
        'an empty name',
        async () => ({ code: 'BAD-5', level: 'NATIONAL', nameAr: '   ', nameFr: 'Secrétariat' }),
        'BAD_USER_INPUT',
        /nameAr must be 1 to 200/,
      ],
      [
        'an over-long name',
        async () => ({ code: 'BAD-6', level: 'NATIONAL', nameAr: 'أ'.repeat(201), nameFr: 'Secrétariat' }),
        'BAD_USER_INPUT',
        /nameAr must be 1 to 200/,
      ],
      [
        'a Latin name in the Arabic field',
        async () => ({ code: 'BAD-7', level: 'NATIONAL', nameAr: 'Secretariat', nameFr: 'Secrétariat' }),
        'BAD_USER_INPUT',
        /Arabic script/,
      ],
      [
        'a territory of the wrong kind',
        async () => ({
          code: 'BAD-8',
          level: 'LOCAL',
          parentId: await unitId('PAM-MA-TNG'),
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
          territoryId: (await t.ok(`{ territory(code: "MA-01") { id } }`)).territory.id,
        }),
        'BAD_USER_INPUT',
        /covers a commune or arrondissement, not a region/,
      ],
      [
        'a territory outside the parent’s',
        async () => ({
          code: 'BAD-9',
          level: 'PROVINCIAL',
          parentId: await unitId('PAM-MA-01'),
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
          territoryId: (await t.ok(`{ territory(code: "MA-CAS") { id } }`)).territory.id,
        }),
        'BAD_USER_INPUT',
        /not inside the territory/,
      ],
      [
        'an impossible date',
        async () => ({
          code: 'BAD-10',
          level: 'NATIONAL',
          nameAr: 'أمانة',
          nameFr: 'Secrétariat',
          foundedOn: '2021-02-30',
        }),
        'BAD_USER_INPUT',
        /real day/,
      ],
      [
        'an unknown level',
        async () => ({ code: 'BAD-11', level: 'GALACTIC', nameAr: 'أمانة', nameFr: 'Secrétariat' }),
        'BAD_USER_INPUT',
        /GALACTIC/,
      ],
    ])('refuses %s', async (_case, input, code, message) => {
      const before = await countUnits();
      const result = await create(await input());
      expect(expectError(result, code)).toMatch(message);
      expect(await countUnits()).toBe(before);
    });

    it('refuses to move a unit under its own descendant, or to the wrong level', async () => {
      const move = (id: string, parentId: string) =>
        t.gql(`mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { id } }`, {
          input: { id, parentId },
        });
      const region = await unitId('PAM-MA-01');
      const province = await unitId('PAM-MA-TNG');
      const pathsBefore = await t.sql(`SELECT code, path::text FROM org_unit ORDER BY code`);
      expect(expectError(await move(region, province), 'BAD_USER_INPUT')).toMatch(/own descendants/);
      expect(expectError(await move(region, region), 'BAD_USER_INPUT')).toMatch(/own descendants/);
      expect(expectError(await move(province, await unitId('PAM')), 'BAD_USER_INPUT')).toMatch(
        /directly under a regional unit/,
      );
      expectError(await move('5eed0000-0000-4000-8000-00000000ffff', region), 'NOT_FOUND');
      expect(await t.sql(`SELECT code, path::text FROM org_unit ORDER BY code`)).toEqual(pathsBefore);
    });

    it('answers NOT_FOUND for unknown ids and codes, and BAD_USER_INPUT for an ambiguous lookup', async () => {
      expectError(await t.gql(`{ orgUnit(code: "NOPE") { id } }`), 'NOT_FOUND');
      expectError(await t.gql(`{ orgUnit(id: "5eed0000-0000-4000-8000-00000000ffff") { id } }`), 'NOT_FOUND');
      expectError(await t.gql(`{ orgUnit(id: "x'; DROP TABLE org_unit; --") { id } }`), 'NOT_FOUND');
      expectError(await t.gql(`{ orgUnit { id } }`), 'BAD_USER_INPUT');
      expectError(
        await t.gql(`{ orgUnits(filter: { under: "5eed0000-0000-4000-8000-00000000ffff" }) { totalCount } }`),
        'NOT_FOUND',
      );
    });

    it('refuses page sizes over 100 and foreign cursors', async () => {
      expect(expectError(await t.gql(`{ orgUnits(first: 101) { totalCount } }`), 'BAD_USER_INPUT')).toMatch(
        /first/,
      );
      expectError(await t.gql(`{ orgUnits(after: "garbage") { totalCount } }`), 'BAD_USER_INPUT');
      // The same rules on a field of each unit, called directly rather than through Nest's pipes.
      for (const field of ['meetings(first: 101)', 'descendants(first: -1)']) {
        const result = await t.gql(`{ orgUnit(code: "PAM-MA-TNG") { ${field} { totalCount } } }`);
        expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/first/);
      }
    });
  });
});
