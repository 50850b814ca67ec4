import { DEMO_MEETING, DEMO_SERIES } from './demo-meeting';
import { seedId } from './demo-tangier';

/**
 * What the seed report says beyond who met whom: the event it cites, what the participants said,
 * that its agenda is given only in part, who owns each commitment, and the series' reach over the
 * prefecture's communes. Kept apart from the meeting's own rows so that each can change alone.
 */

/** "منذ المؤتمر الوطني الرابع": the party's 4th national congress, El Jadida, 7–9 February 2020. */
export const DEMO_CONGRESS = {
  id: seedId(701),
  kind: 'CONGRESS',
  titleAr: 'المؤتمر الوطني الرابع لحزب الأصالة والمعاصرة',
  titleFr: '4e congrès national du Parti Authenticité et Modernité',
  startsOn: '2020-02-07',
  endsOn: '2020-02-09',
  place: 'الجديدة (El Jadida)',
  territoryCode: 'MA-JDI',
  unitCode: 'PAM',
  source:
    'Press reports of the congress (le360, MAP via maghress: "أيام 7/8/9 فبراير", El Jadida); the seed report cites it only as "the 4th national congress".',
  /** The meeting's relation to it, in the report's words. */
  relation: 'IMPLEMENTS_STRATEGY_OF',
  note:
    'يأتي اللقاء في سياق تفعيل التوجهات الكبرى للاستراتيجية التنظيمية الجديدة التي يتبناها حزب الأصالة والمعاصرة منذ المؤتمر الوطني الرابع، ' +
    'والرامية إلى تقوية الشق التنظيمي باعتباره أحد الركائز الأساسية والمهمة لإنجاح عملية تجديد البناء الحزبي، وخاصة على مستوى الأمانات المحلية.',
};

const [, , SOUANI, BNIMAKADA, MGHOGHA] = DEMO_MEETING.participants.map((p) => p.id);
const LIMOURI = DEMO_MEETING.participants[0].id;
const LOCAL_SECRETARIES = [SOUANI, BNIMAKADA, MGHOGHA];

/**
 * The interventions the report gives, in its order. The local secretaries' statements are given to
 * the three of them together, as the report does; it quotes no one alone.
 */
export const DEMO_INTERVENTIONS = [
  {
    id: seedId(451),
    kind: 'INTERVENTION',
    speakers: LOCAL_SECRETARIES,
    textAr:
      'أبرزت مداخلات السادة الأمناء المحليين مدى جاهزيتهم للإعداد للاستحقاقات المقبلة على مستوى كل مقاطعة على حدى، ' +
      'من أجل دخول غمار الاستحقاقات المقبلة في أحسن الظروف تنظيميا وسياسيا.',
    textFr:
      'Les interventions des secrétaires locaux ont montré qu’ils sont prêts à préparer les prochaines échéances dans chaque ' +
      'arrondissement, pour les aborder dans les meilleures conditions, sur le plan organisationnel et politique.',
  },
  {
    id: seedId(452),
    kind: 'PRAISE',
    speakers: LOCAL_SECRETARIES,
    textAr:
      'استحسن الأمناء المحليون هذه المبادرة التواصلية للأمين الإقليمي للحزب، وهو ما يشكل لهم مجال تحفيز للاشتغال أكثر حاليا ' +
      'ومستقبلا، كما ثمنوا هذه المقاربة التشاركية الجيدة التي تعد مرجعية متميزة في العمل الحزبي.',
    textFr:
      'Les secrétaires locaux ont salué cette initiative de proximité du secrétaire provincial, qui les motive à travailler ' +
      'davantage, et ont apprécié cette bonne approche participative, référence distinguée du travail partisan.',
  },
  {
    id: seedId(453),
    kind: 'ASSESSMENT',
    speakers: LOCAL_SECRETARIES,
    textAr: 'اعتبروا أن هذا اللقاء يؤطر أسس تجديد بناء تنظيمي قوي بمساهمة المناضلات والمناضلين.',
    textFr:
      'Ils ont estimé que cette rencontre pose les bases du renouveau d’une organisation forte, avec la contribution des militantes et militants.',
  },
  {
    id: seedId(454),
    kind: 'COMMITMENT',
    speakers: LOCAL_SECRETARIES,
    textAr:
      'أعربوا بنفس المناسبة عن استعدادهم الكامل من أجل العمل على أن يتبوأ البام مرتبة جد متقدمة خلال الاستحقاقات القادمة.',
    textFr:
      'Ils se sont dits pleinement prêts à œuvrer pour que le PAM obtienne un rang très avancé aux prochaines élections.',
  },
  {
    id: seedId(455),
    kind: 'INSTRUCTION',
    speakers: [LIMOURI],
    textAr:
      'أكد الأمين العام الإقليمي على الأدوار الطلائعية التي من المفروض أن تلعبها الأمانة المحلية داخل تراب المقاطعة، وهي أدوار ' +
      'لا تقتصر على ما هو تنظيمي فحسب، لكنها مهام تتعلق أيضا بكونها أي الأمانة المحلية هي واجهة الحزب ولسانه داخل المقاطعة، ' +
      'وأداته التواصلية والترافعية عن قضايا تهم المواطنات والمواطنين.',
    textFr:
      'Le secrétaire général provincial a souligné le rôle d’avant-garde du secrétariat local dans son arrondissement, qui ne ' +
      's’arrête pas à l’organisation : le secrétariat local est la face et la langue du parti dans l’arrondissement, son outil de ' +
      'communication et de plaidoyer pour les causes des citoyennes et citoyens.',
  },
  {
    id: seedId(456),
    kind: 'INSTRUCTION',
    speakers: [LIMOURI],
    textAr:
      'أضاف الأمين العام الإقليمي أن النتائج المتوخاة خلال الاستحقاقات المقبلة، لن تتأتى إلا بالمشاركة والعمل وفق مقاربة ' +
      'جماعية تحترم الإطار التنظيمي من المحلي، إلى الإقليمي، فالجهوي ثم الوطني.',
    textFr:
      'Il a ajouté que les résultats attendus aux prochaines échéances ne viendront que par la participation et un travail ' +
      'collectif qui respecte le cadre organisationnel, du local au provincial, puis au régional et au national.',
  },
  {
    id: seedId(457),
    kind: 'COMMITMENT',
    speakers: [LIMOURI],
    textAr:
      'أكد ليموري كذلك على أن إدارة الحزب على مستوى طنجة-أصيلة تظل رهن إشارة السادة الأمناء المحليين بما يقدم لهم كل أشكال ' +
      'الدعم وتسهيل المهام المنوطة بهم.',
    textFr:
      'Limouri a assuré que l’administration du parti à Tanger-Assilah reste à la disposition des secrétaires locaux, pour ' +
      'tout soutien et pour faciliter leurs missions.',
  },
];

/**
 * Who owns each of the report's commitments (outcomes of demo-meeting.ts): the local secretaries'
 * readiness is the three of them; the provincial support is the provincial secretariat's.
 */
export const DEMO_OUTCOME_OWNERS = [
  { id: seedId(461), outcomeId: seedId(431), position: 1, personId: seedId(203), unitCode: null },
  { id: seedId(462), outcomeId: seedId(431), position: 2, personId: seedId(204), unitCode: null },
  { id: seedId(463), outcomeId: seedId(431), position: 3, personId: seedId(205), unitCode: null },
  { id: seedId(464), outcomeId: seedId(432), position: 1, personId: null, unitCode: 'PAM-MA-TNG' },
];

/**
 * "سلسلة اللقاءات التواصلية التي يعقدها مع المستشارات والمستشارين ومناضلات ومناضلي الحزب بمختلف الجماعات
 * الترابية الحضرية والقروية التابعة لتراب عمالة طنجة-أصيلة": the series reaches every commune of the
 * prefecture, urban and rural, and addresses councillors and activists; this meeting, part of it,
 * the local secretaries.
 */
export const DEMO_SERIES_REACH = {
  seriesId: DEMO_SERIES.id,
  territoryKind: 'COMMUNE',
  territoryRootCode: 'MA-TNG',
  audiences: ['SECRETARIES', 'COUNCILLORS', 'ACTIVISTS'],
};
