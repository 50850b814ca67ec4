/**
 * What an import can find wrong with a file or a row, each with a code (stable, for programs) and a
 * message in Arabic and French (and English), for the administrator who fixes the spreadsheet.
 */

export type ProblemCode =
  // the file as a whole
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'ENCODING'
  | 'UNREADABLE'
  | 'SHEET_NOT_FOUND'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'TOO_MANY_ROWS'
  // a cell
  | 'REQUIRED'
  | 'INVALID_VALUE'
  | 'FORMULA'
  | 'FORBIDDEN_CHARACTER'
  | 'TOO_LONG'
  // a row against the others or the registry
  | 'DUPLICATE_ROW'
  | 'UNIT_NOT_FOUND'
  | 'FORBIDDEN'
  | 'PARENT_NOT_FOUND'
  | 'CYCLE'
  | 'LEVEL_MISMATCH'
  | 'LEVEL_CHANGE'
  | 'CODE_TAKEN'
  | 'TERRITORY_NOT_FOUND'
  | 'ROLE_NOT_FOUND'
  | 'PERSON_NOT_FOUND'
  | 'MEMBERSHIP_NUMBER_TAKEN'
  | 'UNIT_NOT_EXISTING'
  | 'NO_FREE_SEAT'
  | 'TERM_OVERLAP'
  | 'MEETING_MISMATCH'
  | 'SERIES_NOT_FOUND'
  | 'OWNER_NOT_FOUND'
  | 'MEETING_FULL'
  | 'LIKELY_DUPLICATE';

export type Severity = 'ERROR' | 'WARNING';

export interface Messages {
  ar: string;
  fr: string;
  en: string;
}

export interface ImportProblem {
  /** The row as a spreadsheet numbers it (the header is row 1); null for the file as a whole. */
  row: number | null;
  /** The column's header as written in the file, or the field's name when the column is absent. */
  column: string | null;
  code: ProblemCode;
  /** An ERROR blocks the commit; a WARNING (a likely duplicate) is reported and imported. */
  severity: Severity;
  message: Messages;
  /** Details a program may use (the existing person a row may duplicate, the sheet asked for, …). */
  details?: Record<string, unknown>;
}

type Params = Record<string, unknown>;
const p = (params: Params, key: string) => String(params[key] ?? '');

const MESSAGES: Record<ProblemCode, (params: Params) => Messages> = {
  EMPTY_FILE: () => ({
    ar: 'الملف فارغ: لا يحتوي على صف عناوين ولا على بيانات.',
    fr: 'Le fichier est vide : ni ligne d’en-tête ni données.',
    en: 'The file is empty: no header row and no data.',
  }),
  FILE_TOO_LARGE: (x) => ({
    ar: `الملف أكبر من الحد المسموح به (${p(x, 'limitMb')} ميغابايت).`,
    fr: `Le fichier dépasse la taille permise (${p(x, 'limitMb')} Mo).`,
    en: `The file is larger than the limit (${p(x, 'limitMb')} MB).`,
  }),
  ENCODING: () => ({
    ar: 'تعذر التعرف على ترميز الملف: احفظه بصيغة CSV UTF-8 أو XLSX.',
    fr: 'L’encodage du fichier n’est pas reconnu : enregistrez-le en CSV UTF-8 ou en XLSX.',
    en: 'The file’s encoding was not recognised: save it as CSV UTF-8 or XLSX.',
  }),
  UNREADABLE: () => ({
    ar: 'تعذرت قراءة الملف: ليس ملف CSV أو XLSX سليما.',
    fr: 'Le fichier est illisible : ce n’est pas un CSV ou un XLSX valide.',
    en: 'The file cannot be read: it is not a valid CSV or XLSX file.',
  }),
  SHEET_NOT_FOUND: (x) => ({
    ar: `لا توجد في المصنف ورقة باسم «${p(x, 'sheet')}».`,
    fr: `Le classeur n’a pas de feuille « ${p(x, 'sheet')} ».`,
    en: `The workbook has no sheet named "${p(x, 'sheet')}".`,
  }),
  MISSING_COLUMN: (x) => ({
    ar: `العمود «${p(x, 'ar')}» مفقود في صف العناوين.`,
    fr: `La colonne « ${p(x, 'fr')} » manque dans la ligne d’en-tête.`,
    en: `The column "${p(x, 'en')}" is missing from the header row.`,
  }),
  DUPLICATE_COLUMN: () => ({
    ar: 'هذا العمود مكرر في صف العناوين.',
    fr: 'Cette colonne figure deux fois dans la ligne d’en-tête.',
    en: 'This column appears twice in the header row.',
  }),
  TOO_MANY_ROWS: (x) => ({
    ar: `يتجاوز الملف ${p(x, 'limit')} صف.`,
    fr: `Le fichier dépasse ${p(x, 'limit')} lignes.`,
    en: `The file has more than ${p(x, 'limit')} rows.`,
  }),
  REQUIRED: () => ({
    ar: 'هذه الخانة إلزامية.',
    fr: 'Cette cellule est obligatoire.',
    en: 'This cell is required.',
  }),
  INVALID_VALUE: (x) => ({
    ar: `قيمة غير مقبولة: «${p(x, 'value')}». المقبول: ${p(x, 'expected')}.`,
    fr: `Valeur non reconnue : « ${p(x, 'value')} ». Attendu : ${p(x, 'expected')}.`,
    en: `Value not recognised: "${p(x, 'value')}". Expected: ${p(x, 'expected')}.`,
  }),
  FORMULA: () => ({
    ar: 'الخانة تحتوي على صيغة حسابية؛ لا تنفذ الصيغ: اكتب القيمة نفسها.',
    fr: 'La cellule contient une formule ; les formules ne sont jamais exécutées : saisissez la valeur.',
    en: 'The cell holds a formula; formulas are never run: enter the value itself.',
  }),
  FORBIDDEN_CHARACTER: (x) => ({
    ar: `الخانة تحتوي على حرف غير مرئي أو حرف تحكم أو اتجاه (${p(x, 'codePoint')}).`,
    fr: `La cellule contient un caractère invisible, de contrôle ou de direction (${p(x, 'codePoint')}).`,
    en: `The cell holds an invisible, control or direction character (${p(x, 'codePoint')}).`,
  }),
  TOO_LONG: (x) => ({
    ar: `النص أطول من ${p(x, 'max')} حرفا.`,
    fr: `Le texte dépasse ${p(x, 'max')} caractères.`,
    en: `The text is longer than ${p(x, 'max')} characters.`,
  }),
  DUPLICATE_ROW: (x) => ({
    ar: `هذا الصف يكرر الصف ${p(x, 'firstRow')}.`,
    fr: `Cette ligne reprend la ligne ${p(x, 'firstRow')}.`,
    en: `This row repeats row ${p(x, 'firstRow')}.`,
  }),
  UNIT_NOT_FOUND: (x) => ({
    ar: `الهيئة «${p(x, 'code')}» غير موجودة.`,
    fr: `L’unité « ${p(x, 'code')} » est introuvable.`,
    en: `Unit "${p(x, 'code')}" was not found.`,
  }),
  FORBIDDEN: (x) => ({
    ar: `صلاحياتك لا تسمح بهذا التغيير في الهيئة «${p(x, 'code')}».`,
    fr: `Vos droits ne permettent pas ce changement dans l’unité « ${p(x, 'code')} ».`,
    en: `Your access does not allow this change in unit "${p(x, 'code')}".`,
  }),
  PARENT_NOT_FOUND: (x) => ({
    ar: `الهيئة الأم «${p(x, 'code')}» غير موجودة لا في السجل ولا في الملف.`,
    fr: `L’unité parente « ${p(x, 'code')} » n’existe ni dans le registre ni dans le fichier.`,
    en: `Parent unit "${p(x, 'code')}" is neither in the registry nor in the file.`,
  }),
  CYCLE: (x) => ({
    ar: `هذه الهيئات تجعل بعضها آباء لبعض في حلقة: ${p(x, 'codes')}.`,
    fr: `Ces unités sont parentes les unes des autres en boucle : ${p(x, 'codes')}.`,
    en: `These units are each other's parents in a cycle: ${p(x, 'codes')}.`,
  }),
  LEVEL_MISMATCH: () => ({
    ar: 'يجب أن تكون الهيئة في المستوى الذي يلي مستوى الهيئة الأم مباشرة، والهيئات الوطنية وحدها بلا أم.',
    fr: 'Une unité se place exactement un niveau sous son parent, et seules les unités nationales n’en ont pas.',
    en: 'A unit sits exactly one level below its parent, and only national units have none.',
  }),
  LEVEL_CHANGE: () => ({
    ar: 'لا يغير الاستيراد مستوى هيئة موجودة.',
    fr: 'Un import ne change pas le niveau d’une unité existante.',
    en: 'An import does not change the level of an existing unit.',
  }),
  CODE_TAKEN: (x) => ({
    ar: `الرمز «${p(x, 'code')}» مستعمل من قبل هيئة أخرى.`,
    fr: `Le code « ${p(x, 'code')} » est déjà utilisé par une autre unité.`,
    en: `Code "${p(x, 'code')}" is already used by another unit.`,
  }),
  TERRITORY_NOT_FOUND: (x) => ({
    ar: `المجال الترابي «${p(x, 'code')}» غير موجود.`,
    fr: `Le territoire « ${p(x, 'code')} » est introuvable.`,
    en: `Territory "${p(x, 'code')}" was not found.`,
  }),
  ROLE_NOT_FOUND: (x) => ({
    ar: `المهمة «${p(x, 'value')}» ليست في لائحة المهام.`,
    fr: `La fonction « ${p(x, 'value')} » n’est pas au catalogue.`,
    en: `Role "${p(x, 'value')}" is not in the catalogue.`,
  }),
  PERSON_NOT_FOUND: (x) => ({
    ar: `الشخص «${p(x, 'key')}» غير موجود.`,
    fr: `La personne « ${p(x, 'key')} » est introuvable.`,
    en: `Person "${p(x, 'key')}" was not found.`,
  }),
  MEMBERSHIP_NUMBER_TAKEN: () => ({
    ar: 'رقم العضوية أو المعرف هذا لشخص آخر.',
    fr: 'Ce numéro d’adhésion ou cet identifiant appartient à une autre personne.',
    en: 'Another person already has this membership number or identifier.',
  }),
  UNIT_NOT_EXISTING: (x) => ({
    ar: `لم تكن الهيئة «${p(x, 'code')}» قائمة في ${p(x, 'date')}.`,
    fr: `L’unité « ${p(x, 'code')} » n’existait pas le ${p(x, 'date')}.`,
    en: `Unit "${p(x, 'code')}" did not exist on ${p(x, 'date')}.`,
  }),
  NO_FREE_SEAT: () => ({
    ar: 'لهذا المنصب من الشاغلين في هذه التواريخ بقدر عدد مقاعده.',
    fr: 'Ce poste a déjà autant de titulaires que de sièges à ces dates.',
    en: 'This post already has as many holders as it has seats for these dates.',
  }),
  TERM_OVERLAP: () => ({
    ar: 'يشغل هذا الشخص هذا المنصب في تواريخ متداخلة مع هذه.',
    fr: 'Cette personne occupe déjà ce poste à des dates qui se chevauchent.',
    en: 'This person already holds this post for overlapping dates.',
  }),
  MEETING_MISMATCH: (x) => ({
    ar: `تفاصيل الاجتماع «${p(x, 'ref')}» تختلف عن الصف ${p(x, 'firstRow')}.`,
    fr: `Les détails de la réunion « ${p(x, 'ref')} » diffèrent de la ligne ${p(x, 'firstRow')}.`,
    en: `The details of meeting "${p(x, 'ref')}" differ from row ${p(x, 'firstRow')}.`,
  }),
  SERIES_NOT_FOUND: (x) => ({
    ar: `لا توجد سلسلة لقاءات واحدة بالمعرف أو العنوان «${p(x, 'value')}».`,
    fr: `Aucune série de réunions unique n’a l’identifiant ou le titre « ${p(x, 'value')} ».`,
    en: `No single meeting series has the id or title "${p(x, 'value')}".`,
  }),
  OWNER_NOT_FOUND: (x) => ({
    ar: `المسؤول «${p(x, 'key')}» ليس شخصا (رقم العضوية أو المعرف) ولا هيئة (الرمز) موجودة.`,
    fr: `Le responsable « ${p(x, 'key')} » n’est ni une personne (numéro d’adhésion ou identifiant) ni une unité (code) connue.`,
    en: `Owner "${p(x, 'key')}" is neither a known person (membership number or id) nor a unit (code).`,
  }),
  MEETING_FULL: (x) => ({
    ar: `بلغ هذا الاجتماع الحد الأقصى (${p(x, 'max')}) من ${p(x, 'ar')}.`,
    fr: `Cette réunion a déjà le maximum (${p(x, 'max')}) de ${p(x, 'fr')}.`,
    en: `This meeting already has the most ${p(x, 'en')} it may have (${p(x, 'max')}).`,
  }),
  LIKELY_DUPLICATE: () => ({
    ar: 'قد يكون هذا الشخص مسجلا من قبل (نفس الاسم وسنة الازدياد): يستورد كشخص جديد ولا يدمج، تحقق منه.',
    fr: 'Cette personne est peut-être déjà inscrite (même nom et année de naissance) : importée comme nouvelle, jamais fusionnée ; à vérifier.',
    en: 'This person may already be registered (same name and birth year): imported as a new person, never merged; check it.',
  }),
};

export function problem(
  code: ProblemCode,
  row: number | null,
  column: string | null,
  params: Params = {},
  severity: Severity = 'ERROR',
): ImportProblem {
  const details = Object.keys(params).length ? params : undefined;
  return { row, column, code, severity, message: MESSAGES[code](params), ...(details ? { details } : {}) };
}

/** A problem with the file as a whole: nothing of it can be read further. */
export class FileProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly params: Params = {},
    readonly column: string | null = null,
  ) {
    super(code);
    this.name = 'FileProblem';
  }

  toProblem(): ImportProblem {
    return problem(this.code, null, this.column, this.params);
  }
}
