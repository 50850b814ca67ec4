import { referenceTerritories } from './reference-territories';

describe('referenceTerritories', () => {
  const all = referenceTerritories();
  const count = (kind: string) => all.filter((t) => t.kind === kind).length;

  it('holds the 2015 division and the Tangier–Asilah communes', () => {
    expect(count('COUNTRY')).toBe(1);
    expect(count('REGION')).toBe(12);
    expect(count('PREFECTURE') + count('PROVINCE')).toBe(75);
    expect(count('COMMUNE')).toBe(12);
    expect(count('ARRONDISSEMENT')).toBe(4);
  });

  it('lists parents before children and codes once', () => {
    const seen = new Set<string>();
    for (const territory of all) {
      if (territory.parentCode) expect(seen.has(territory.parentCode)).toBe(true);
      expect(seen.has(territory.code)).toBe(false);
      seen.add(territory.code);
    }
  });

  it('keeps the spellings in use as aliases', () => {
    const byName = (name: string) => all.find((t) => t.nameFr === name)!;
    expect(byName('Charf-Souani').aliases).toContain('Souani');
    expect(byName('Bni Makada').aliases).toContain('Beni Makada');
    expect(byName('Charf-Mghogha').aliases).toContain('الشرف امغوغة');
    expect(all.find((t) => t.code === 'MA-TNG')!.aliases).toEqual(
      expect.arrayContaining(['Tanger-Asilah', 'عمالة طنجة-أصيلة']),
    );
  });
});
