import { REPORT_DATE, seedId } from './demo-tangier';

/**
 * The seed report as a meeting: an OUTREACH meeting on Monday 2 November 2020, in the afternoon
 * (its hour is not reported), convened by the provincial secretariat of Tangier–Asilah in
 * coordination with the regional secretary-general, with the local secretaries of three
 * arrondissements. It belongs to the provincial outreach series, whose targets are the prefecture's
 * local units: Tanger-Médina is not reached by it.
 */
export const DEMO_SERIES = {
  id: seedId(501),
  organizerCode: 'PAM-MA-TNG',
  titleAr: 'اللقاءات التواصلية للأمانة الإقليمية بعمالة طنجة-أصيلة',
  titleFr: 'Rencontres de proximité du secrétariat provincial de Tanger-Assilah',
  targetLevel: 'LOCAL',
};

export const DEMO_MEETING = {
  id: seedId(401),
  date: REPORT_DATE,
  partOfDay: 'AFTERNOON',
  convenerCode: 'PAM-MA-TNG',
  territoryCode: 'MA-TNG',
  titleAr: 'لقاء تواصلي للأمين الإقليمي مع الأمناء المحليين لمقاطعات طنجة',
  titleFr: 'Rencontre du secrétaire provincial avec les secrétaires locaux des arrondissements de Tanger',
  summaryAr:
    'لقاء تواصلي أطره الأمين العام الإقليمي بتنسيق مع الأمين العام الجهوي، مع الأمناء المحليين لمقاطعات الشرف السواني ' +
    'وبني مكادة والشرف امغوغة، في إطار سلسلة اللقاءات التواصلية بمختلف جماعات عمالة طنجة-أصيلة.',
  summaryFr:
    'Rencontre animée par le secrétaire général provincial, en coordination avec le secrétaire général régional, avec les ' +
    'secrétaires locaux de Charf-Souani, Beni Makada et Charf-Mghogha, dans la série de rencontres de proximité de la préfecture.',
  units: [
    { code: 'PAM-MA-01', role: 'COORDINATING' },
    { code: 'PAM-MA-TNG-SOUANI', role: 'ATTENDING' },
    { code: 'PAM-MA-TNG-BNIMAKADA', role: 'ATTENDING' },
    { code: 'PAM-MA-TNG-MGHOGHA', role: 'ATTENDING' },
  ],
  /**
   * Person, role, mandate (ids from demo-tangier), the unit represented, and attendance: the report
   * has the provincial secretary and the local secretaries at the meeting, but holds it only "in
   * coordination with" the regional secretary-general, so whether he was there is unknown (null).
   */
  participants: [
    {
      id: seedId(411),
      personId: seedId(202),
      mandateId: seedId(302),
      role: 'CONVENER',
      unitCode: 'PAM-MA-TNG',
      attendance: 'ATTENDED',
    },
    {
      id: seedId(412),
      personId: seedId(201),
      mandateId: seedId(301),
      role: 'COORDINATOR',
      unitCode: 'PAM-MA-01',
      attendance: null,
    },
    {
      id: seedId(413),
      personId: seedId(203),
      mandateId: seedId(303),
      role: 'ATTENDEE',
      unitCode: 'PAM-MA-TNG-SOUANI',
      attendance: 'ATTENDED',
    },
    {
      id: seedId(414),
      personId: seedId(204),
      mandateId: seedId(304),
      role: 'ATTENDEE',
      unitCode: 'PAM-MA-TNG-BNIMAKADA',
      attendance: 'ATTENDED',
    },
    {
      id: seedId(415),
      personId: seedId(205),
      mandateId: seedId(305),
      role: 'ATTENDEE',
      unitCode: 'PAM-MA-TNG-MGHOGHA',
      attendance: 'ATTENDED',
    },
  ],
  agenda: [
    {
      id: seedId(421),
      titleAr: 'الوضعية التنظيمية للحزب على مستوى كل مقاطعة',
      titleFr: 'Situation organisationnelle du parti dans chaque arrondissement',
    },
    {
      id: seedId(422),
      titleAr: 'جاهزية الأمانات المحلية للإعداد للاستحقاقات المقبلة',
      titleFr: 'Préparation des secrétariats locaux aux prochaines échéances électorales',
    },
  ],
  outcomes: [
    {
      id: seedId(431),
      kind: 'COMMITMENT',
      ownerCode: null,
      textAr:
        'أعرب الأمناء المحليون عن استعدادهم الكامل للعمل على أن يتبوأ البام مرتبة جد متقدمة خلال الاستحقاقات القادمة.',
      textFr:
        'Les secrétaires locaux se disent pleinement prêts à œuvrer pour que le PAM se classe parmi les premiers aux prochaines élections.',
    },
    {
      id: seedId(432),
      kind: 'COMMITMENT',
      ownerCode: 'PAM-MA-TNG',
      textAr:
        'إدارة الحزب على مستوى طنجة-أصيلة تظل رهن إشارة الأمناء المحليين بما يقدم لهم كل أشكال الدعم وتسهيل المهام المنوطة بهم.',
      textFr:
        'Le secrétariat provincial de Tanger-Assilah reste à la disposition des secrétaires locaux pour tout soutien dans leurs missions.',
    },
  ],
  source: {
    id: seedId(441),
    title: 'ليموري يعقد لقاء تواصليا مع الأمناء المحليين للبام بمقاطعات طنجة أصيلة',
    author: 'مراد بنعلي (Mourad Benali)',
    note: 'Press report published in November 2020 (it dates the meeting "Monday 02 November" of the current month); its address was not kept.',
  },
};
