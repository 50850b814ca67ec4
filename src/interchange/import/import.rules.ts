import { normalizeName } from '../../common/text';

/**
 * How the values people type in a spreadsheet are read: dates in ISO or day-first form, and each
 * closed list (levels, genders, statuses, kinds, roles of participants) by its code or its usual
 * Arabic, French or English word (compared folded). Each parser answers undefined when it cannot read
 * the value; `EXPECTED` says what it accepts, for the problem's message.
 */

const synonyms = <T extends string>(table: Record<T, string[]>) => {
  const byWord = new Map<string, T>();
  for (const [code, words] of Object.entries(table) as [T, string[]][]) {
    for (const word of [code, ...words]) {
      byWord.set(word, code);
      byWord.set(normalizeName(word), code);
    }
  }
  // Most cells hold a word as listed: found as written, they need no folding.
  return (value: string): T | undefined => byWord.get(value) ?? byWord.get(normalizeName(value));
};

export const parseLevel = synonyms({
  NATIONAL: ['وطني', 'وطنية', 'national', 'nationale'],
  REGIONAL: ['جهوي', 'جهوية', 'régional', 'régionale', 'regional'],
  PROVINCIAL: ['إقليمي', 'إقليمية', 'provincial', 'provinciale', 'préfectoral', 'préfectorale'],
  LOCAL: ['محلي', 'محلية', 'local', 'locale'],
});

export const parseGender = synonyms({
  FEMALE: ['F', 'أنثى', 'انثى', 'امرأة', 'femme', 'féminin', 'female', 'woman'],
  MALE: ['M', 'H', 'ذكر', 'رجل', 'homme', 'masculin', 'male', 'man'],
});

export const parseMandateStatus = synonyms({
  ACTIVE: ['فعلي', 'actif', 'active', 'titulaire'],
  ACTING: ['بالنيابة', 'intérimaire', 'par intérim', 'intérim', 'acting'],
  SUSPENDED: ['موقوف', 'معلق', 'suspendu', 'suspended'],
});

export const parseEndReason = synonyms({
  TERM_COMPLETED: ['انتهاء الولاية', 'fin de mandat', 'term completed'],
  REPLACED: ['تعويض', 'استبدال', 'remplacé', 'remplacement', 'replaced'],
  RESIGNED: ['استقالة', 'démission', 'démissionnaire', 'resigned'],
  DISMISSED: ['إعفاء', 'révoqué', 'révocation', 'dismissed'],
  DECEASED: ['وفاة', 'décès', 'décédé', 'deceased'],
  UNIT_DISSOLVED: ['حل الهيئة', 'dissolution', 'unit dissolved'],
  OTHER: ['آخر', 'أخرى', 'autre', 'other'],
});

export const parseMeetingKind = synonyms({
  OUTREACH: ['تواصلي', 'لقاء تواصلي', 'réunion de proximité', 'proximité', 'outreach'],
  BUREAU: ['مكتب', 'اجتماع المكتب', 'bureau'],
  GENERAL_ASSEMBLY: ['جمع عام', 'الجمع العام', 'assemblée générale', 'general assembly'],
  COUNCIL: ['مجلس', 'conseil', 'council'],
  CONGRESS: ['مؤتمر', 'congrès', 'congress'],
  TRAINING: ['تكوين', 'formation', 'training'],
  OTHER: ['آخر', 'autre', 'other'],
});

export const parseMeetingStatus = synonyms({
  PLANNED: ['مبرمج', 'prévu', 'prévue', 'planned'],
  HELD: ['منعقد', 'انعقد', 'tenu', 'tenue', 'held'],
  CANCELLED: ['ملغى', 'ألغي', 'annulé', 'annulée', 'cancelled', 'canceled'],
});

export const parseParticipantRole = synonyms({
  CONVENER: ['الداعي', 'المشرف', 'convocateur', 'convener'],
  COORDINATOR: ['المنسق', 'coordinateur', 'coordonnateur', 'coordinator'],
  ATTENDEE: ['حاضر', 'مشارك', 'participant', 'attendee'],
  SPEAKER: ['متدخل', 'intervenant', 'speaker'],
  GUEST: ['ضيف', 'invité', 'guest'],
  REPORTER: ['مقرر', 'rapporteur', 'reporter'],
});

export const parseAttendance = synonyms({
  ATTENDED: ['حاضر', 'حضر', 'présent', 'présente', 'attended', 'present'],
  ABSENT: ['غائب', 'absent', 'absente'],
  EXCUSED: ['معتذر', 'excusé', 'excusée', 'excused'],
});

export const parseOutcomeKind = synonyms({
  DECISION: ['قرار', 'décision', 'decision'],
  COMMITMENT: ['التزام', 'engagement', 'commitment'],
  RECOMMENDATION: ['توصية', 'recommandation', 'recommendation'],
});

/** What each parser accepts, as a problem's message shows it. */
export const EXPECTED = {
  date: 'YYYY-MM-DD, DD/MM/YYYY',
  time: 'HH:MM',
  year: 'YYYY',
  level: 'NATIONAL, REGIONAL, PROVINCIAL, LOCAL / وطني، جهوي، إقليمي، محلي',
  gender: 'F, M / أنثى، ذكر / femme, homme',
  mandateStatus: 'ACTIVE, ACTING, SUSPENDED',
  endReason: 'TERM_COMPLETED, REPLACED, RESIGNED, DISMISSED, DECEASED, UNIT_DISSOLVED, OTHER',
  meetingKind: 'OUTREACH, BUREAU, GENERAL_ASSEMBLY, COUNCIL, CONGRESS, TRAINING, OTHER',
  meetingStatus: 'PLANNED, HELD, CANCELLED',
  participantRole: 'CONVENER, COORDINATOR, ATTENDEE, SPEAKER, GUEST, REPORTER',
  attendance: 'ATTENDED, ABSENT, EXCUSED',
  outcomeKind: 'DECISION, COMMITMENT, RECOMMENDATION / قرار، التزام، توصية',
};

/** Free text typed in either script goes to the Arabic field when it holds Arabic letters. */
export const byScript = (text: string): { ar: string | null; fr: string | null } =>
  /[\u0600-\u06ff\u0750-\u077f]/.test(text) ? { ar: text, fr: null } : { ar: null, fr: text };

const toAsciiDigits = (value: string) =>
  value.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));

const validDay = (year: number, month: number, day: number): string | undefined => {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  if (year < 1900 || year > 2100) return undefined;
  return date.toISOString().slice(0, 10);
};

/** A calendar day: `2020-11-02`, `02/11/2020` or `2-11-2020` (day first, as in Morocco and France). */
export function parseDate(value: string): string | undefined {
  const text = toAsciiDigits(value.trim());
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return validDay(+match[1], +match[2], +match[3]);
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) return validDay(+match[3], +match[2], +match[1]);
  return undefined;
}

/** A birth year: `1975`, or the year of a full date of birth. */
export function parseBirthYear(value: string): number | undefined {
  const text = toAsciiDigits(value.trim());
  if (/^\d{4}$/.test(text)) {
    const year = Number(text);
    return year >= 1900 && year <= 2100 ? year : undefined;
  }
  const day = parseDate(text);
  return day ? Number(day.slice(0, 4)) : undefined;
}

/** A time of day, `18:30` or `18h30`. */
export function parseTime(value: string): string | undefined {
  const match = /^(\d{1,2})\s*[:hH]\s*(\d{2})$/.exec(toAsciiDigits(value.trim()));
  if (!match || +match[1] > 23 || +match[2] > 59) return undefined;
  return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/**
 * Orders units so that every parent comes before its children, whatever the file's order; the
 * units whose parents lead back to themselves are answered apart, as cycles.
 */
export function orderByParent<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  parentOf: (item: T) => string | undefined,
): { ordered: { item: T; depth: number }[]; cycles: T[][] } {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  const depth = new Map<string, number>();
  const state = new Map<string, 'visiting' | 'done' | 'cycle'>();
  const cycles: T[][] = [];
  const visit = (item: T): number | null => {
    const key = keyOf(item);
    const seen = state.get(key);
    if (seen === 'done') return depth.get(key)!;
    if (seen === 'cycle') return null;
    if (seen === 'visiting') return null;
    state.set(key, 'visiting');
    const parentKey = parentOf(item);
    const parent = parentKey !== undefined ? byKey.get(parentKey) : undefined;
    let mine: number | null = 0;
    if (parent) {
      const above = visit(parent);
      mine = above === null ? null : above + 1;
    }
    if (mine === null) {
      state.set(key, 'cycle');
      return null;
    }
    state.set(key, 'done');
    depth.set(key, mine);
    return mine;
  };
  for (const item of items) visit(item);
  // Units left in no order sit on or under a cycle; the cycle itself is where following parents comes back.
  const stuck = items.filter((item) => state.get(keyOf(item)) === 'cycle');
  const inCycle = new Set<string>();
  for (const start of stuck) {
    const path: string[] = [];
    let key: string | undefined = keyOf(start);
    while (key !== undefined && byKey.has(key) && !path.includes(key)) {
      path.push(key);
      key = parentOf(byKey.get(key)!);
    }
    if (key !== undefined && path.includes(key)) {
      const loop = path.slice(path.indexOf(key));
      if (!loop.some((k) => inCycle.has(k))) {
        loop.forEach((k) => inCycle.add(k));
        cycles.push(loop.map((k) => byKey.get(k)!));
      }
    }
  }
  const ordered = items
    .filter((item) => state.get(keyOf(item)) === 'done')
    .map((item) => ({ item, depth: depth.get(keyOf(item))! }))
    .sort((a, b) => a.depth - b.depth);
  return { ordered, cycles };
}
