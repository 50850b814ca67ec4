import { referenceTerritories } from '../../../src/seed/reference-territories';
import {
  DATA_START,
  DASHBOARD_FROM,
  LOCALS,
  NATIONAL_CODE,
  PROVINCES,
  REGIONS,
  localCode,
  provinceCode,
  regionCode,
} from '../shape';
import { dayOf } from './calendar';
import { Commune, Unit } from './model';
import { Random, uuidOf } from './random';
import { Bilingual, MARKET_DAY_PREFIXES, PLACE_NAMES, PLACE_PREFIXES, TRIBE } from './vocabulary';

export interface Tree {
  units: Unit[];
  national: Unit;
  locals: Unit[];
  communes: Commune[];
}

/** Made-up communes take territory ids after the reference territories' (which number about a hundred). */
const FIRST_COMMUNE_ORDINAL = 10_000;
const PARTY: Bilingual = ['الحزب الوطني التجريبي', 'Parti national d’essai'];
const PARTY_FOUNDED = dayOf('2009-03-15');
const FIRST_DAY = dayOf(DATA_START);
/** Units founded during the history are active for a year and a half before the dashboard's window. */
const LAST_FOUNDING = dayOf(DASHBOARD_FROM) - 540;
const FOUNDED_DURING_HISTORY = 0.08;

/**
 * How many local units each province gets (at least one each, so `totalLocals` ≥ PROVINCES): one, and
 * the rest shared out by fixed weights (drawn the same at every scale), largest remainders first.
 */
function localsPerProvince(totalLocals: number): number[] {
  const random = new Random('locals-per-province');
  const weights = Array.from({ length: PROVINCES }, () => 0.5 + random.next());
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const spare = totalLocals - PROVINCES;
  const shares = weights.map((w) => (spare * w) / weightSum);
  const counts = shares.map((share) => 1 + Math.floor(share));
  const byRemainder = shares
    .map((share, province) => ({ province, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder || a.province - b.province);
  let missing = totalLocals - counts.reduce((sum, n) => sum + n, 0);
  for (const { province } of byRemainder) {
    if (missing-- <= 0) break;
    counts[province]++;
  }
  return counts;
}

/** Every commune name the generator can give, in a fixed order: "Sidi Yahya", "Sebt Ouled Ahmed", … */
function communeNames(): Bilingual[] {
  const names: Bilingual[] = [];
  for (const [prefixAr, prefixFr] of PLACE_PREFIXES) {
    for (const [nameAr, nameFr] of PLACE_NAMES) {
      names.push([`${prefixAr} ${nameAr}`, `${prefixFr} ${nameFr}`]);
    }
  }
  for (const [dayAr, dayFr] of MARKET_DAY_PREFIXES) {
    for (const [nameAr, nameFr] of PLACE_NAMES) {
      names.push([`${dayAr} ${TRIBE[0]} ${nameAr}`, `${dayFr} ${TRIBE[1]} ${nameFr}`]);
    }
  }
  return names;
}

/**
 * The party's tree on Morocco's real division: the 12 regions and 75 prefectures and provinces of
 * the reference territories (so provinces are spread over regions as they are in the country), and
 * `localCount` local units spread over the provinces, each on a commune of its own.
 */
export function buildTree(localCount: number, territoryIds: ReadonlyMap<string, string>): Tree {
  const reference = referenceTerritories();
  const regions = reference.filter((t) => t.kind === 'REGION');
  const provinces = reference.filter((t) => t.kind === 'PREFECTURE' || t.kind === 'PROVINCE');
  if (regions.length !== REGIONS || provinces.length !== PROVINCES) {
    throw new Error(
      `The reference division has ${regions.length} regions and ${provinces.length} provinces.`,
    );
  }
  const territoryOf = (code: string) => {
    const id = territoryIds.get(code);
    if (!id) throw new Error(`Territory ${code} is missing from the territories.`);
    return id;
  };
  const random = new Random('tree');
  const allCommuneNames = communeNames();
  const localCounts = localsPerProvince(localCount);
  const units: Unit[] = [];
  const communes: Commune[] = [];
  const addUnit = (unit: Omit<Unit, 'ordinal' | 'id' | 'children' | 'members' | 'posts'>): Unit => {
    const ordinal = units.length;
    const id = uuidOf('org_unit', ordinal);
    const created: Unit = { ...unit, ordinal, id, children: [], members: [], posts: [] };
    unit.parent?.children.push(created);
    units.push(created);
    return created;
  };

  const national = addUnit({
    code: NATIONAL_CODE,
    level: 'NATIONAL',
    parent: null,
    nameAr: PARTY[0],
    nameFr: PARTY[1],
    place: ['المغرب', 'Maroc'],
    territoryId: territoryOf('MA'),
    foundedOn: PARTY_FOUNDED,
  });
  let provinceIndex = 0;
  regions.forEach((region, r) => {
    const regional = addUnit({
      code: regionCode(r + 1),
      level: 'REGIONAL',
      parent: national,
      nameAr: `الأمانة الجهوية لجهة ${region.nameAr}`,
      nameFr: `Secrétariat régional de ${region.nameFr}`,
      place: [region.nameAr, region.nameFr],
      territoryId: territoryOf(region.code),
      foundedOn: PARTY_FOUNDED + random.int(30, 1500),
    });
    provinces
      .filter((province) => province.parentCode === region.code)
      .forEach((province, p) => {
        const ofDivision = province.kind === 'PREFECTURE' ? 'لعمالة' : 'لإقليم';
        const provincial = addUnit({
          code: provinceCode(r + 1, p + 1),
          level: 'PROVINCIAL',
          parent: regional,
          nameAr: `الأمانة الإقليمية ${ofDivision} ${province.nameAr}`,
          nameFr: `Secrétariat provincial de ${province.nameFr}`,
          place: [province.nameAr, province.nameFr],
          territoryId: territoryOf(province.code),
          foundedOn: regional.foundedOn + random.int(30, 900),
        });
        // Names are drawn without repeats inside a province; past the list, a number tells them apart.
        const names = random.sample(allCommuneNames, allCommuneNames.length);
        for (let l = 0; l < localCounts[provinceIndex]; l++) {
          const [nameAr, nameFr] = names[l % names.length];
          const round = Math.floor(l / names.length);
          const suffix = round > 0 ? ` ${round + 1}` : '';
          const commune: Commune = {
            id: uuidOf('territory', FIRST_COMMUNE_ORDINAL + communes.length),
            code: `${NATIONAL_CODE}-C${String(communes.length + 1).padStart(5, '0')}`,
            parentId: provincial.territoryId,
            nameAr: nameAr + suffix,
            nameFr: nameFr + suffix,
          };
          communes.push(commune);
          const foundedOn = random.chance(FOUNDED_DURING_HISTORY)
            ? random.int(FIRST_DAY + 30, LAST_FOUNDING)
            : random.int(provincial.foundedOn + 30, FIRST_DAY - 1);
          addUnit({
            code: localCode(r + 1, p + 1, l + 1),
            level: 'LOCAL',
            parent: provincial,
            nameAr: `الأمانة المحلية لجماعة ${commune.nameAr}`,
            nameFr: `Secrétariat local de ${commune.nameFr}`,
            place: [commune.nameAr, commune.nameFr],
            territoryId: commune.id,
            foundedOn,
          });
        }
        provinceIndex++;
      });
  });
  return { units, national, locals: units.filter((u) => u.level === 'LOCAL'), communes };
}

/** Local units at a scale: the 1,600 at scale 1, never fewer than one per province. */
export const localCountAt = (scale: number): number => Math.max(PROVINCES, Math.round(LOCALS * scale));
