import { OrgUnitLevel } from '../org-units/org-unit.entity';

/**
 * The demo registry, read from the seed report: "ليموري يعقد لقاء تواصليا مع الأمناء المحليين للبام
 * بمقاطعات طنجة أصيلة" (Mourad Benali), on an outreach meeting of Monday 2 November 2020.
 * Ids are fixed so that seeding again on every start finds the rows and adds nothing.
 * No start date of a term is known: each mandate is attested on the day of the meeting and its
 * start stays unknown.
 */
export const seedId = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const id = seedId;

export const REPORT_DATE = '2020-11-02';
const REPORT =
  'Report «ليموري يعقد لقاء تواصليا مع الأمناء المحليين للبام بمقاطعات طنجة أصيلة» (Mourad Benali) ' +
  'on the outreach meeting of Monday 2 November 2020';

export interface DemoUnit {
  id: string;
  code: string;
  level: OrgUnitLevel;
  parentCode: string | null;
  territoryCode: string;
  nameAr: string;
  nameFr: string;
  /** Other names the unit goes by (name_alias): the report calls the party البام. */
  aliases?: string[];
  /** The unit's secretary post (none for the national unit: see DEMO_OFFICIALS). */
  secretary?: { positionId: string; titleAr: string; titleFr: string };
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    id: id(1),
    code: 'PAM',
    level: 'NATIONAL',
    parentCode: null,
    territoryCode: 'MA',
    nameAr: 'حزب الأصالة والمعاصرة',
    nameFr: 'Parti Authenticité et Modernité',
    aliases: ['PAM', 'البام', 'حزب الأصالة و المعاصرة'],
  },
  {
    id: id(2),
    code: 'PAM-MA-01',
    level: 'REGIONAL',
    parentCode: 'PAM',
    territoryCode: 'MA-01',
    nameAr: 'الأمانة الجهوية لجهة طنجة-تطوان-الحسيمة',
    nameFr: 'Secrétariat régional de Tanger-Tétouan-Al Hoceïma',
    secretary: {
      positionId: id(102),
      titleAr: 'الأمين العام الجهوي',
      titleFr: 'Secrétaire général régional',
    },
  },
  {
    id: id(3),
    code: 'PAM-MA-TNG',
    level: 'PROVINCIAL',
    parentCode: 'PAM-MA-01',
    territoryCode: 'MA-TNG',
    nameAr: 'الأمانة الإقليمية لعمالة طنجة-أصيلة',
    nameFr: 'Secrétariat provincial de Tanger-Assilah',
    aliases: ['Tangier', 'Tanja', 'طنجة'],
    secretary: {
      positionId: id(103),
      titleAr: 'الأمين العام الإقليمي',
      titleFr: 'Secrétaire général provincial',
    },
  },
  ...(
    [
      [4, 'SOUANI', '01.511.01.06', 'الشرف السواني', 'Charf-Souani'],
      [5, 'BNIMAKADA', '01.511.01.03', 'بني مكادة', 'Beni Makada'],
      [6, 'MGHOGHA', '01.511.01.05', 'الشرف مغوغة', 'Charf-Mghogha'],
      [7, 'MEDINA', '01.511.01.07', 'طنجة المدينة', 'Tanger-Médina'],
    ] as const
  ).map(([n, suffix, territoryCode, nameAr, nameFr]): DemoUnit => ({
    id: id(n),
    code: `PAM-MA-TNG-${suffix}`,
    level: 'LOCAL',
    parentCode: 'PAM-MA-TNG',
    territoryCode,
    nameAr: `الأمانة المحلية لمقاطعة ${nameAr}`,
    nameFr: `Secrétariat local de ${nameFr}`,
    secretary: { positionId: id(100 + n), titleAr: 'الأمين المحلي', titleFr: 'Secrétaire local' },
  })),
];

export interface DemoOfficial {
  personId: string;
  mandateId: string;
  /** The demo's own confirmation of the mandate, on the day it is loaded (see the README). */
  confirmationId: string;
  fullNameAr: string;
  fullNameLatin: string;
  unitCode: string;
  source: string;
}

/**
 * The five officials the report names. The report names no national official, so the national unit
 * gets no post (an empty post would read as a vacancy); Tangier–Médina's post exists and nobody is
 * recorded to hold it: its holder is unknown (the report names none, nor says the post is vacant).
 */
export const DEMO_OFFICIALS: DemoOfficial[] = [
  {
    personId: id(201),
    mandateId: id(301),
    confirmationId: id(311),
    fullNameAr: 'عبد اللطيف الغلبزوري',
    fullNameLatin: 'Abdellatif Ghalbzouri',
    unitCode: 'PAM-MA-01',
    source: `${REPORT}, which names him as regional secretary-general (coordinating the meeting).`,
  },
  {
    personId: id(202),
    mandateId: id(302),
    confirmationId: id(312),
    fullNameAr: 'منير ليموري',
    fullNameLatin: 'Mounir Limouri',
    unitCode: 'PAM-MA-TNG',
    source: `${REPORT}, which names him as provincial secretary-general (convening the meeting).`,
  },
  {
    personId: id(203),
    mandateId: id(303),
    confirmationId: id(313),
    fullNameAr: 'رضوان العلوي البلغيثي',
    fullNameLatin: 'Redouane Alaoui Belghiti',
    unitCode: 'PAM-MA-TNG-SOUANI',
    source: `${REPORT}, which names him as local secretary of Charf-Souani.`,
  },
  {
    personId: id(204),
    mandateId: id(304),
    confirmationId: id(314),
    fullNameAr: 'عمر لعزيري',
    fullNameLatin: 'Omar Laaziri',
    unitCode: 'PAM-MA-TNG-BNIMAKADA',
    source: `${REPORT}, which names him as local secretary of Beni Makada.`,
  },
  {
    personId: id(205),
    mandateId: id(305),
    confirmationId: id(315),
    fullNameAr: 'عبد الحميد بوشعيب',
    fullNameLatin: 'Abdelhamid Bouchaib',
    unitCode: 'PAM-MA-TNG-MGHOGHA',
    source: `${REPORT}, which names him as local secretary of Charf-Mghogha.`,
  },
];

/** What the demo's confirmations say: not a source, the demo itself (the report attests 2020-11-02 only). */
export const DEMO_CONFIRMATION_SOURCE =
  'Demo data: confirmed on the day the demo was loaded so that its accounts keep their access; the report attests the mandate on 2020-11-02 only.';

/** Demo sign-ins (SEED=demo only; documented in the README). One password for all of them. */
export const DEMO_PASSWORD = 'tanzim-demo-2020';
export const DEMO_ACCOUNTS = [
  { email: 'admin@tanzim.demo', personId: null, bindingId: id(601), note: 'national administrator' },
  { email: 'ghalbzouri@tanzim.demo', personId: id(201), bindingId: null, note: 'regional secretary-general' },
  { email: 'limouri@tanzim.demo', personId: id(202), bindingId: null, note: 'provincial secretary-general' },
  {
    email: 'belghiti@tanzim.demo',
    personId: id(203),
    bindingId: null,
    note: 'local secretary, Charf-Souani',
  },
];
