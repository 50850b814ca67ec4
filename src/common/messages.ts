import Negotiator from 'negotiator';

/**
 * Error messages in Arabic, French and English, chosen by the request's `Accept-Language`; the code
 * (`extensions.code`) and the other extensions never change with the language. English is the
 * default (no header, or none of the three accepted): it is what the code writes, and what clients
 * of the API written before the catalogue read.
 *
 * Messages are written in English where the rule is (services, validators, the database's
 * constraints); this catalogue turns the common ones into French and Arabic by their English
 * wording, with the parts that vary (a code, a number, a field) carried over. A message it does not
 * know gets its code's general sentence in the asked language, so an Arabic reader never reads
 * English as the message; the English one is kept in `extensions.detail` for whoever needs it.
 */
export type Language = 'en' | 'fr' | 'ar';

export const LANGUAGES: readonly Language[] = ['en', 'ar', 'fr'];

/** The language asked by an `Accept-Language` header (quality values and regional variants honoured). */
export function negotiateLanguage(acceptLanguage: string | string[] | undefined): Language {
  if (!acceptLanguage) return 'en';
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  const chosen = new Negotiator({ headers: { 'accept-language': header } }).language([...LANGUAGES]);
  return (chosen as Language | undefined) ?? 'en';
}

type Translation = { fr: string; ar: string };

/** Each code's general sentence, for a message the catalogue does not know. */
const BY_CODE: Record<string, Translation> = {
  BAD_USER_INPUT: {
    fr: 'Les données envoyées ne sont pas valides.',
    ar: 'المعطيات المرسلة غير صالحة.',
  },
  NOT_FOUND: { fr: 'Élément introuvable.', ar: 'العنصر غير موجود.' },
  FORBIDDEN: {
    fr: 'Votre accès ne permet pas cette opération.',
    ar: 'صلاحياتك لا تسمح بهذه العملية.',
  },
  UNAUTHENTICATED: { fr: 'Connectez-vous d’abord.', ar: 'يرجى تسجيل الدخول أولاً.' },
  CONFLICT: {
    fr: 'Cette modification entre en conflit avec les données enregistrées.',
    ar: 'هذا التغيير يتعارض مع المعطيات المسجلة.',
  },
  SERVICE_UNAVAILABLE: {
    fr: 'Service momentanément indisponible ; rien n’a été enregistré. Veuillez réessayer.',
    ar: 'الخدمة غير متاحة مؤقتاً ولم يُسجَّل أي شيء. يرجى إعادة المحاولة.',
  },
  INTERNAL_SERVER_ERROR: { fr: 'Erreur interne du serveur.', ar: 'خطأ داخلي في الخادم.' },
};

/** What NOT_FOUND messages name (`NotFoundError`, `requireUnitAccess`). */
const THINGS: Record<string, Translation> = {
  'Org unit': { fr: 'L’unité', ar: 'الوحدة' },
  'Parent unit': { fr: 'L’unité parente', ar: 'الوحدة الأم' },
  'New parent unit': { fr: 'La nouvelle unité parente', ar: 'الوحدة الأم الجديدة' },
  'Home unit': { fr: 'L’unité de rattachement', ar: 'وحدة الانتماء' },
  'Convening unit': { fr: 'L’unité organisatrice', ar: 'الوحدة الداعية' },
  'Organising unit': { fr: 'L’unité organisatrice', ar: 'الوحدة المنظمة' },
  Person: { fr: 'La personne', ar: 'الشخص' },
  Territory: { fr: 'Le territoire', ar: 'المجال الترابي' },
  Position: { fr: 'Le poste', ar: 'المنصب' },
  Mandate: { fr: 'Le mandat', ar: 'الولاية' },
  Meeting: { fr: 'La réunion', ar: 'الاجتماع' },
  'Meeting series': { fr: 'La série de réunions', ar: 'سلسلة الاجتماعات' },
  Participant: { fr: 'Le participant', ar: 'المشارك' },
  Participation: { fr: 'La participation', ar: 'المشاركة' },
  Account: { fr: 'Le compte', ar: 'الحساب' },
  'Access binding': { fr: 'L’accès', ar: 'الصلاحية' },
  'API token': { fr: 'Le jeton d’API', ar: 'رمز الواجهة البرمجية' },
};

type Rule = [RegExp, (m: RegExpExecArray) => Translation];
const fixed = (fr: string, ar: string) => (): Translation => ({ fr, ar });

/** Known messages by their English wording; `m[1]`… are the parts that vary. */
const RULES: Rule[] = [
  [
    /^(.+?) (\S+) was not found\.$/,
    (m) => {
      const thing = THINGS[m[1]] ?? { fr: m[1], ar: m[1] };
      return { fr: `${thing.fr} ${m[2]} est introuvable.`, ar: `${thing.ar} ${m[2]} غير موجود(ة).` };
    },
  ],
  [
    /^search is limited to (\d+) characters\.$/,
    (m) => ({ fr: `La recherche est limitée à ${m[1]} caractères.`, ar: `البحث محدود في ${m[1]} حرفاً.` }),
  ],
  [
    /^search is limited to (\d+) words\.$/,
    (m) => ({ fr: `La recherche est limitée à ${m[1]} mots.`, ar: `البحث محدود في ${m[1]} كلمات.` }),
  ],
  [
    /^search must contain at least one letter or digit\.$/,
    fixed(
      'La recherche doit contenir au moins une lettre ou un chiffre.',
      'يجب أن يحتوي البحث على حرف أو رقم واحد على الأقل.',
    ),
  ],
  [
    /^Give either id or code\.$/,
    fixed('Indiquez soit id, soit code.', 'يرجى إدخال id أو code، وليس كليهما.'),
  ],
  [
    /^Give (\w+) or (\w+)\.$/,
    (m) => ({ fr: `Indiquez ${m[1]} ou ${m[2]}.`, ar: `يرجى إدخال ${m[1]} أو ${m[2]}.` }),
  ],
  [
    /^Give (\w+) or (\w+), not both\.$/,
    (m) => ({
      fr: `Indiquez ${m[1]} ou ${m[2]}, pas les deux.`,
      ar: `يرجى إدخال ${m[1]} أو ${m[2]}، وليس كليهما.`,
    }),
  ],
  [
    /^An alias must contain at least one letter or digit\.$/,
    fixed(
      'Un alias doit contenir au moins une lettre ou un chiffre.',
      'يجب أن يحتوي الاسم البديل على حرف أو رقم واحد على الأقل.',
    ),
  ],
  [
    /^An alias is limited to (\d+) characters\.$/,
    (m) => ({ fr: `Un alias est limité à ${m[1]} caractères.`, ar: `الاسم البديل محدود في ${m[1]} حرفاً.` }),
  ],
  [
    /^At most (\d+) aliases\.$/,
    (m) => ({ fr: `${m[1]} alias au plus.`, ar: `${m[1]} اسماً بديلاً على الأكثر.` }),
  ],
  [
    /^first must be between 0 and (\d+)\.$/,
    (m) => ({
      fr: `first doit être compris entre 0 et ${m[1]}.`,
      ar: `يجب أن تكون قيمة first بين 0 و${m[1]}.`,
    }),
  ],
  [
    /^after is not a cursor from this list\.$/,
    fixed('after n’est pas un curseur de cette liste.', 'قيمة after ليست مؤشراً من هذه القائمة.'),
  ],
  [
    /^There is no role (\S+) in the catalogue\.$/,
    (m) => ({ fr: `Le rôle ${m[1]} n’existe pas dans le catalogue.`, ar: `لا يوجد دور ${m[1]} في القائمة.` }),
  ],
  [
    /^(?:The parent unit|The new parent) (\S+) is dissolved\.$/,
    (m) => ({ fr: `L’unité parente ${m[1]} est dissoute.`, ar: `الوحدة الأم ${m[1]} منحلة.` }),
  ],
  [
    /^This post already has as many holders as it has seats for these dates\.$/,
    fixed(
      'Ce poste a déjà autant de titulaires que de sièges à ces dates.',
      'هذا المنصب مشغول بعدد مقاعده في هذه التواريخ.',
    ),
  ],
  [
    /^This person already holds this post for these dates\.$/,
    fixed('Cette personne occupe déjà ce poste à ces dates.', 'هذا الشخص يشغل هذا المنصب في هذه التواريخ.'),
  ],
  [
    /^Another unit already uses this code\.$/,
    fixed('Une autre unité utilise déjà ce code.', 'هذا الرمز مستعمل من طرف وحدة أخرى.'),
  ],
  [
    /^Another person already has this membership number\.$/,
    fixed('Une autre personne a déjà ce numéro d’adhérent.', 'رقم العضوية هذا لشخص آخر.'),
  ],
  [
    /^This unit already has a post with this role\.$/,
    fixed('Cette unité a déjà un poste pour ce rôle.', 'لهذه الوحدة منصب بهذا الدور.'),
  ],
  [
    /^A unit must sit exactly one level below its parent, and only national units can be roots\.$/,
    fixed(
      'Une unité se place exactement un niveau sous son unité parente ; seules les unités nationales sont des racines.',
      'تقع الوحدة في المستوى الموالي مباشرة لوحدتها الأم، ولا تكون بلا وحدة أم إلا الوحدات الوطنية.',
    ),
  ],
  [
    /^A term cannot end (?:\(\S+\) )?before it starts(?: \(\S+\))?\.$/,
    fixed('Un mandat ne peut pas finir avant de commencer.', 'لا يمكن أن تنتهي الولاية قبل أن تبدأ.'),
  ],
  [
    /^This would duplicate an existing record\.$/,
    fixed('Cela dupliquerait un enregistrement existant.', 'هذا يكرر سجلاً موجوداً.'),
  ],
  [
    /^Another change was made at the same time; please retry\.$/,
    fixed(
      'Une autre modification a été faite en même temps ; veuillez réessayer.',
      'أُجري تغيير آخر في الوقت نفسه؛ يرجى إعادة المحاولة.',
    ),
  ],
  [/^This is not a valid date\.$/, fixed('Cette date n’est pas valide.', 'هذا التاريخ غير صالح.')],
  [/^The database is unavailable; nothing was written\. Please retry\.$/, () => BY_CODE.SERVICE_UNAVAILABLE],
  [
    /^The request took too long and was stopped; nothing was written\. Please retry\.$/,
    fixed(
      'La requête a pris trop de temps et a été arrêtée ; rien n’a été enregistré. Veuillez réessayer.',
      'استغرق الطلب وقتاً طويلاً فأوقف، ولم يُسجَّل أي شيء. يرجى إعادة المحاولة.',
    ),
  ],
  [/^Sign in first.*$/, () => BY_CODE.UNAUTHENTICATED],
  [
    /^The credentials sent are not valid\.$/,
    fixed('Les identifiants envoyés ne sont pas valides.', 'بيانات الدخول المرسلة غير صالحة.'),
  ],
  [/^Your access does not allow (?:this change here|editing this person)\.$/, () => BY_CODE.FORBIDDEN],
  [
    /^You have no access that allows (\w+)\.$/,
    (m) => ({ fr: `Aucun de vos accès ne permet ${m[1]}.`, ar: `لا تملك صلاحية تسمح بـ ${m[1]}.` }),
  ],
  [
    /^The version you last read is (\d+); it is now (\d+)\..*$/,
    (m) => ({
      fr: `Vous avez lu la version ${m[1]} ; elle est maintenant ${m[2]}. Relisez puis réessayez.`,
      ar: `النسخة التي قرأتها هي ${m[1]}، والحالية ${m[2]}. أعد القراءة ثم حاول مجدداً.`,
    }),
  ],
  [
    /^Internal server error \(request (\S+)\)\.$/,
    (m) => ({
      fr: `Erreur interne du serveur (requête ${m[1]}).`,
      ar: `خطأ داخلي في الخادم (الطلب ${m[1]}).`,
    }),
  ],
  // class-validator's and the app's validators' wording: "<field> <problem>".
  [
    /^(\S+) is limited to (\d+) characters\.$/,
    (m) => ({ fr: `${m[1]} est limité à ${m[2]} caractères.`, ar: `${m[1]} محدود في ${m[2]} حرفاً.` }),
  ],
  [
    /^(\S+) must be a string$/,
    (m) => ({ fr: `${m[1]} doit être une chaîne de caractères.`, ar: `يجب أن يكون ${m[1]} نصاً.` }),
  ],
  [
    /^(\S+) must be an email$/,
    (m) => ({ fr: `${m[1]} doit être une adresse e-mail.`, ar: `يجب أن يكون ${m[1]} بريداً إلكترونياً.` }),
  ],
  [
    /^(\S+) must contain no more than (\d+) elements$/,
    (m) => ({
      fr: `${m[1]} contient au plus ${m[2]} éléments.`,
      ar: `يحتوي ${m[1]} على ${m[2]} عناصر على الأكثر.`,
    }),
  ],
  [
    /^(\S+) must be longer than or equal to (\d+) characters$/,
    (m) => ({
      fr: `${m[1]} doit compter au moins ${m[2]} caractères.`,
      ar: `يجب ألا يقل ${m[1]} عن ${m[2]} أحرف.`,
    }),
  ],
];

/**
 * The message in the asked language (unchanged in English); `known` is false when the catalogue did
 * not know it and the code's general sentence stands in for it.
 */
export function translateMessage(
  message: string,
  code: string,
  language: Language,
): { message: string; known: boolean } {
  if (language === 'en') return { message, known: true };
  // Validation answers several problems at once, joined by "; ": each is translated.
  const parts = message.split('; ').map((part) => {
    for (const [pattern, translate] of RULES) {
      const match = pattern.exec(part);
      if (match) return translate(match)[language];
    }
    return undefined;
  });
  if (parts.every((part) => part !== undefined)) {
    return { message: parts.join(language === 'ar' ? '؛ ' : ' ; '), known: true };
  }
  return { message: (BY_CODE[code] ?? BY_CODE.INTERNAL_SERVER_ERROR)[language], known: false };
}
