import { normalizeName } from '../../common/text';
import { NAME_MAX_LENGTH, TEXT_MAX_LENGTH, textProblem } from '../../common/validation';
import { RawRow } from './import-file';
import { FileProblem, ImportProblem, problem } from './import-problems';

export const IMPORT_KINDS = ['units', 'people', 'mandates', 'meetings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * A column an import reads: the field it fills, whether the header must be there, whether the text
 * is a name (strict text policy) or free text, and the headers that name it in Arabic, French and
 * English (compared folded: case, accents, hamza forms, punctuation and spaces do not matter).
 * The README's import table is this list.
 */
export interface ColumnSpec {
  field: string;
  required: boolean;
  text: 'name' | 'text';
  headers: { ar: string[]; fr: string[]; en: string[] };
}

const col = (
  field: string,
  required: boolean,
  headers: ColumnSpec['headers'],
  text: 'name' | 'text' = 'name',
): ColumnSpec => ({ field, required, text, headers });

const UNIT_CODE = { ar: ['رمز الهيئة', 'الهيئة'], fr: ['code unité', 'unité'], en: ['unit code', 'unit'] };
const PERSON_KEY = {
  ar: ['رقم العضوية', 'رقم الانخراط'],
  fr: ['numéro d’adhésion', 'n° adhésion', 'numéro adhérent'],
  en: ['membership number', 'member number'],
};

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  units: [
    col('code', true, { ar: ['الرمز', 'رمز الهيئة'], fr: ['code'], en: ['code'] }),
    col('parentCode', true, {
      ar: ['رمز الهيئة الأم', 'الهيئة الأم'],
      fr: ['code parent', 'unité parente', 'parent'],
      en: ['parent code', 'parent'],
    }),
    col('level', true, { ar: ['المستوى'], fr: ['niveau'], en: ['level'] }),
    col('nameAr', true, {
      ar: ['الاسم بالعربية', 'الاسم'],
      fr: ['nom arabe', 'nom en arabe'],
      en: ['arabic name', 'name ar'],
    }),
    col('nameFr', true, {
      ar: ['الاسم بالفرنسية'],
      fr: ['nom français', 'nom en français', 'nom'],
      en: ['french name', 'name fr'],
    }),
    col('territory', false, {
      ar: ['رمز المجال الترابي', 'المجال الترابي'],
      fr: ['code territoire', 'territoire'],
      en: ['territory code', 'territory'],
    }),
    col('foundedOn', false, { ar: ['تاريخ التأسيس'], fr: ['date de création'], en: ['founded on'] }),
  ],
  people: [
    col('membershipNumber', false, PERSON_KEY),
    col('externalId', false, {
      ar: ['المعرف', 'المعرف الخارجي'],
      fr: ['identifiant', 'identifiant externe'],
      en: ['external id', 'id'],
    }),
    col('fullNameAr', false, {
      ar: ['الاسم الكامل', 'الاسم بالعربية', 'الاسم'],
      fr: ['nom arabe', 'nom en arabe'],
      en: ['arabic name', 'name ar'],
    }),
    col('fullNameLatin', false, {
      ar: ['الاسم بالحروف اللاتينية', 'الاسم بالفرنسية'],
      fr: ['nom latin', 'nom et prénom', 'nom complet', 'nom'],
      en: ['latin name', 'full name', 'name'],
    }),
    col('gender', false, { ar: ['الجنس'], fr: ['sexe', 'genre'], en: ['gender', 'sex'] }),
    col('birthYear', false, {
      ar: ['سنة الازدياد', 'سنة الميلاد', 'تاريخ الازدياد'],
      fr: ['année de naissance', 'date de naissance'],
      en: ['birth year', 'year of birth', 'date of birth'],
    }),
    col('homeUnit', true, {
      ar: ['رمز الهيئة', 'الهيئة', 'هيئة الانتماء'],
      fr: ['code unité', 'unité', 'unité de rattachement'],
      en: ['unit code', 'unit', 'home unit'],
    }),
    col('phone', false, { ar: ['الهاتف'], fr: ['téléphone'], en: ['phone'] }),
    col('email', false, { ar: ['البريد الإلكتروني'], fr: ['courriel', 'e-mail', 'email'], en: ['email'] }),
    col('address', false, { ar: ['العنوان'], fr: ['adresse'], en: ['address'] }, 'text'),
  ],
  mandates: [
    col('person', true, {
      ar: [...PERSON_KEY.ar, 'الشخص', 'المعرف'],
      fr: [...PERSON_KEY.fr, 'personne', 'identifiant'],
      en: [...PERSON_KEY.en, 'person', 'external id'],
    }),
    col('unit', true, UNIT_CODE),
    col('role', true, { ar: ['المهمة', 'الصفة'], fr: ['fonction', 'rôle'], en: ['role'] }),
    col('startsOn', false, {
      ar: ['تاريخ البداية', 'تاريخ التعيين'],
      fr: ['date de début', 'début'],
      en: ['starts on', 'start'],
    }),
    col('attestedOn', false, {
      ar: ['تاريخ الإثبات'],
      fr: ['attesté le', 'date attestée'],
      en: ['attested on', 'attested'],
    }),
    col('endsOn', false, { ar: ['تاريخ النهاية'], fr: ['date de fin', 'fin'], en: ['ends on', 'end'] }),
    col('status', false, { ar: ['الوضعية'], fr: ['statut'], en: ['status'] }),
    col('endReason', false, { ar: ['سبب النهاية'], fr: ['motif de fin'], en: ['end reason'] }),
    col('source', false, { ar: ['المصدر'], fr: ['source'], en: ['source'] }, 'text'),
  ],
  meetings: [
    col('meeting', true, {
      ar: ['مرجع الاجتماع', 'الاجتماع'],
      fr: ['référence réunion', 'réunion'],
      en: ['meeting reference', 'meeting'],
    }),
    col('heldOn', true, { ar: ['التاريخ', 'تاريخ الاجتماع'], fr: ['date'], en: ['date', 'held on'] }),
    col('time', false, { ar: ['الساعة'], fr: ['heure'], en: ['time'] }),
    col('unit', true, {
      ar: ['الهيئة الداعية', ...UNIT_CODE.ar],
      fr: ['unité convocatrice', ...UNIT_CODE.fr],
      en: ['convening unit', ...UNIT_CODE.en],
    }),
    col('kind', true, { ar: ['النوع', 'نوع الاجتماع'], fr: ['type'], en: ['kind', 'type'] }),
    col('status', false, { ar: ['الوضعية'], fr: ['statut'], en: ['status'] }),
    col('titleAr', false, {
      ar: ['العنوان بالعربية', 'الموضوع'],
      fr: ['titre arabe', 'titre en arabe'],
      en: ['arabic title', 'title ar'],
    }),
    col('titleFr', false, {
      ar: ['العنوان بالفرنسية'],
      fr: ['titre', 'titre français'],
      en: ['french title', 'title fr', 'title'],
    }),
    col('place', false, { ar: ['المكان'], fr: ['lieu'], en: ['place'] }, 'text'),
    col('participant', false, {
      ar: ['المشارك', ...PERSON_KEY.ar],
      fr: ['participant', ...PERSON_KEY.fr],
      en: ['participant', ...PERSON_KEY.en],
    }),
    col('participantRole', false, {
      ar: ['صفة المشارك', 'الدور'],
      fr: ['rôle du participant', 'rôle'],
      en: ['participant role', 'role'],
    }),
    col('attendance', false, { ar: ['الحضور'], fr: ['présence'], en: ['attendance'] }),
    col('series', false, {
      ar: ['السلسلة', 'رمز السلسلة'],
      fr: ['série', 'code série'],
      en: ['series', 'series code'],
    }),
    col(
      'agendaItem',
      false,
      {
        ar: ['نقطة جدول الأعمال', 'جدول الأعمال'],
        fr: ['point de l’ordre du jour', 'ordre du jour'],
        en: ['agenda item', 'agenda'],
      },
      'text',
    ),
    col(
      'outcome',
      false,
      { ar: ['القرار', 'المخرجات', 'الخلاصة'], fr: ['décision', 'résultat'], en: ['outcome', 'decision'] },
      'text',
    ),
    col('outcomeKind', false, {
      ar: ['نوع القرار'],
      fr: ['type de décision', 'nature'],
      en: ['outcome kind'],
    }),
    col('outcomeOwner', false, {
      ar: ['المسؤول', 'المكلف'],
      fr: ['responsable'],
      en: ['owner', 'outcome owner'],
    }),
    col('outcomeDueOn', false, {
      ar: ['أجل الإنجاز', 'الأجل'],
      fr: ['échéance', 'date limite'],
      en: ['due on', 'due date'],
    }),
  ],
};

/** At least one of these columns must be there (a person is found by one of two keys, named in one of two scripts). */
export const ONE_OF: Partial<Record<ImportKind, string[][]>> = {
  people: [
    ['membershipNumber', 'externalId'],
    ['fullNameAr', 'fullNameLatin'],
  ],
};

/** A data row as the import reads it: each field's text (trimmed; absent when the cell is empty). */
export interface ImportRecord {
  row: number;
  values: Record<string, string | undefined>;
}

/** The mapping of a file's header row to fields, with each field's header as written. */
export interface HeaderMap {
  index: Map<string, number>;
  headerOf: Map<string, string>;
}

const fold = (header: string) => normalizeName(header.replace(/^\ufeff/, ''));

const LOOKUP: Record<ImportKind, Map<string, string>> = Object.fromEntries(
  IMPORT_KINDS.map((kind) => {
    const byHeader = new Map<string, string>();
    for (const spec of COLUMNS[kind]) {
      for (const header of [...spec.headers.ar, ...spec.headers.fr, ...spec.headers.en, spec.field]) {
        const key = fold(header);
        // The first field to claim a header keeps it (a key column before a name column).
        if (!byHeader.has(key)) byHeader.set(key, spec.field);
      }
    }
    return [kind, byHeader];
  }),
) as Record<ImportKind, Map<string, string>>;

/** Maps the header row; a required column missing, or one named twice, stops the import. */
export function mapHeader(kind: ImportKind, header: RawRow): HeaderMap {
  const index = new Map<string, number>();
  const headerOf = new Map<string, string>();
  header.cells.forEach((cell, at) => {
    const text = typeof cell === 'string' ? cell.trim() : '';
    const field = LOOKUP[kind].get(fold(text));
    if (!field) return;
    if (index.has(field)) throw new FileProblem('DUPLICATE_COLUMN', { header: text }, text);
    index.set(field, at);
    headerOf.set(field, text);
  });
  const missing = (field: string) => {
    const spec = COLUMNS[kind].find((c) => c.field === field)!;
    return new FileProblem(
      'MISSING_COLUMN',
      { field, ar: spec.headers.ar[0], fr: spec.headers.fr[0], en: spec.headers.en[0] },
      spec.headers.en[0],
    );
  };
  for (const spec of COLUMNS[kind]) if (spec.required && !index.has(spec.field)) throw missing(spec.field);
  for (const group of ONE_OF[kind] ?? []) {
    if (!group.some((field) => index.has(field))) throw missing(group[0]);
  }
  return { index, headerOf };
}

const MAX_LENGTH = { name: NAME_MAX_LENGTH, text: TEXT_MAX_LENGTH };

/**
 * Reads a data row's cells into fields. A formula is never evaluated (in a workbook it is a formula
 * cell; in CSV text, a cell starting with `=`); a cell breaking the text policy (NUL, a bidi
 * override, …) or too long is a problem of that cell, and the field is left out.
 */
export function readRecord(
  kind: ImportKind,
  header: HeaderMap,
  raw: RawRow,
  problems: ImportProblem[],
): ImportRecord {
  const values: Record<string, string | undefined> = {};
  for (const spec of COLUMNS[kind]) {
    const at = header.index.get(spec.field);
    if (at === undefined) continue;
    const column = header.headerOf.get(spec.field)!;
    const cell = raw.cells[at];
    if (cell === undefined) continue;
    if (typeof cell !== 'string' || cell.trimStart().startsWith('=')) {
      problems.push(problem('FORMULA', raw.row, column));
      continue;
    }
    const text = cell.replace(/^[ \u00a0]+|[ \u00a0]+$/g, '');
    if (text === '') continue;
    const bad = textProblem(text, spec.text);
    if (bad) {
      const codePoint = /\(U\+[0-9A-F]+\)/.exec(bad)?.[0].slice(1, -1) ?? '';
      problems.push(problem('FORBIDDEN_CHARACTER', raw.row, column, { codePoint }));
      continue;
    }
    if (text.length > MAX_LENGTH[spec.text]) {
      problems.push(problem('TOO_LONG', raw.row, column, { max: MAX_LENGTH[spec.text] }));
      continue;
    }
    values[spec.field] = text;
  }
  return { row: raw.row, values };
}
