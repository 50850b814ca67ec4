import { expectError, startTestApp, TestApp } from './support/test-app';

describe('territories (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'reference' });
  });
  afterAll(() => t.close());

  const search = async (text: string, kind?: string) => {
    const { territories } = await t.ok(
      `query($filter: TerritoryFilterInput) { territories(filter: $filter, first: 5) { totalCount edges { node { code nameFr } } } }`,
      { filter: { search: text, kind } },
    );
    return territories.edges.map((e: any) => e.node.nameFr) as string[];
  };

  it('holds the reference division: 12 regions, 75 prefectures and provinces, Tangier–Asilah’s communes', async () => {
    const count = async (kind: string) =>
      (
        await t.ok(`query($kind: TerritoryKind) { territories(filter: { kind: $kind }) { totalCount } }`, {
          kind,
        })
      ).territories.totalCount;
    expect(await count('REGION')).toBe(12);
    expect((await count('PREFECTURE')) + (await count('PROVINCE'))).toBe(75);
    expect(await count('COMMUNE')).toBe(12);
    expect(await count('ARRONDISSEMENT')).toBe(4);
  });

  it('finds a territory by ISO code, HCP code or id, with its tree', async () => {
    const byIso = await t.ok(
      `{ territory(code: "ma-tng") { id code hcpCode kind nameAr parent { code } ancestors { code } children { nameFr } } }`,
    );
    expect(byIso.territory).toMatchObject({
      code: 'MA-TNG',
      hcpCode: '01.511',
      kind: 'PREFECTURE',
      nameAr: 'طنجة-أصيلة',
      parent: { code: 'MA-01' },
    });
    expect(byIso.territory.ancestors.map((a: any) => a.code)).toEqual(['MA', 'MA-01']);
    expect(byIso.territory.children).toHaveLength(12);
    const byHcp = await t.ok(
      `{ territory(code: "01.511.01.03") { nameFr name(lang: AR) aliases parent { nameFr } } }`,
    );
    expect(byHcp.territory).toEqual({
      nameFr: 'Bni Makada',
      name: 'بني مكادة',
      aliases: ['Beni Makada'],
      parent: { nameFr: 'Tanger' },
    });
    const byId = await t.ok(`query($id: ID) { territory(id: $id) { code } }`, { id: byIso.territory.id });
    expect(byId.territory.code).toBe('MA-TNG');
  });

  it.each([
    ['Souani', 'Charf-Souani'],
    ['charf souani', 'Charf-Souani'],
    ['Beni Makada', 'Bni Makada'],
    ['الشرف امغوغة', 'Charf-Mghogha'],
    ['الشرف مغوغة', 'Charf-Mghogha'],
    ['اصيلة', 'Assilah'],
    ['أصيلة', 'Assilah'],
    ['Tanger-Medina', 'Tanger-Médina'],
    ['médina', 'Tanger-Médina'],
    ['الحسيمه', 'Al Hoceïma'],
    ['Hoceima', 'Al Hoceïma'],
    ['كزناية', 'Gueznaia'],
    ['زناية', 'Gueznaia'],
    ['Sebt Zinat', 'Sebt Azzinate'],
    ['الناظور', 'Nador'],
  ])('finds %s → %s', async (text, expected) => {
    expect((await search(text))[0]).toBe(expected);
  });

  it('ranks the closest spelling first and tolerates a typo', async () => {
    expect((await search('Tanger'))[0]).toBe('Tanger');
    expect(await search('Chefchauen')).toContain('Chefchaouen');
  });

  it('narrows to what lies under a territory', async () => {
    const { territory } = await t.ok(`{ territory(code: "MA-01") { id } }`);
    const { territories } = await t.ok(
      `query($under: ID) { territories(filter: { under: $under, kind: ARRONDISSEMENT }) { totalCount } }`,
      { under: territory.id },
    );
    expect(territories.totalCount).toBe(4);
  });

  it('answers unknown codes and ids with NOT_FOUND and bad filters with BAD_USER_INPUT', async () => {
    expectError(await t.gql(`{ territory(code: "MA-XX") { id } }`), 'NOT_FOUND');
    expectError(await t.gql(`{ territory(id: "d3b07384-d113-4ec6-a5b2-000000000000") { id } }`), 'NOT_FOUND');
    expectError(await t.gql(`{ territories(filter: { under: "42" }) { totalCount } }`), 'NOT_FOUND');
    expectError(await t.gql(`{ territories(filter: { search: "---" }) { totalCount } }`), 'BAD_USER_INPUT');
    expectError(await t.gql(`{ territories(filter: { kind: PLANET }) { totalCount } }`), 'BAD_USER_INPUT');
  });
});
