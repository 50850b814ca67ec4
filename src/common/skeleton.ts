/**
 * The consonant skeleton of a name: one spelling for what Arabic script and the Maghrebi ways of
 * writing it in Latin letters have in common. عبد اللطيف الغلبزوري, Abdellatif Ghalbzouri,
 * Abdelatif Rhalbzouri and Abd el-Latif Ghelbzouri all give `bdltf rlbzr`.
 *
 * Arabic writes consonants and long vowels; Latin transliterations write every vowel, but differently
 * each time (Ghalbzouri, Ghelbzouri), and one Arabic letter several ways (غ: gh, rh, r). So the skeleton
 * keeps consonants only, each folded to the class that both scripts reach:
 *
 * - vowels and half-vowels are dropped on both sides (ا و ي ى ع ء; a e i o u w y), since Latin writes
 *   ou for و in Limouri (ليموري) but also for a short vowel in Mounir (منير);
 * - letters Moroccan spelling does not tell apart share a class: غ ر (gh, rh, r), ح ه خ (h, kh),
 *   ق ك گ (q, k, c, g), س ص (s, c), ت ط ث (t, th), د ض ذ ظ (d, dh), ب (b, p), ف (f, v, ph),
 *   ش (ch, sh), ج (j, dj, g before e/i: Tanger, طنجة);
 * - the article: a word starting with ال loses it, a Latin article word (el, al, ech …) is dropped;
 * - compounds are one word with or without their space (عبد اللطيف = عبداللطيف = Abdellatif; بن علي =
 *   Benali), the article's ل silent before a sun letter as Latin writes it (عبد الرحمان = Abderrahmane);
 * - doubled Latin letters count once (Bennani = بناني), a word's final h or ة is dropped (Tanja = طنجة).
 *
 * It works on text already normalised by `normalizeName` (lower case, no accents, Arabic letter forms
 * folded), so that the stored key can be computed from the stored search text. Digits are kept as
 * they are (Jeunesse 3 is not Jeunesse 4).
 */

/** Arabic letters to their class; letters absent here (vowels, ع, ء) are dropped. */
const ARABIC: Record<string, string> = {
  ب: 'b',
  پ: 'b',
  ت: 't',
  ط: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'h',
  ه: 'h',
  د: 'd',
  ض: 'd',
  ذ: 'd',
  ظ: 'd',
  ر: 'r',
  غ: 'r',
  ز: 'z',
  س: 's',
  ص: 's',
  ش: 'c',
  ف: 'f',
  ڤ: 'f',
  ق: 'k',
  ك: 'k',
  گ: 'k',
  ڭ: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

/** Latin spellings of one Arabic sound, read before single letters (upper case: already a class). */
const LATIN_DIGRAPHS: ReadonlyArray<[RegExp, string]> = [
  [/dj/g, 'J'],
  [/kh/g, 'H'],
  [/gh|rh/g, 'R'],
  [/ch|sh/g, 'C'],
  [/th/g, 'T'],
  [/dh/g, 'D'],
  [/ph/g, 'F'],
  [/ck|qu|gu(?=[eiy])/g, 'K'],
  [/g(?=[eiy])/g, 'J'],
  [/c(?=[eiy])/g, 'S'],
  [/x/g, 'KS'],
];

const LATIN: Record<string, string> = {
  b: 'b',
  p: 'b',
  t: 't',
  d: 'd',
  j: 'j',
  g: 'k',
  k: 'k',
  q: 'k',
  c: 'k',
  s: 's',
  z: 'z',
  f: 'f',
  v: 'f',
  l: 'l',
  m: 'm',
  n: 'n',
  r: 'r',
  h: 'h',
};

/** Latin article words, with the assimilated forms Moroccan names write (Ech-Charf, Er-Rachidia). */
const LATIN_ARTICLES = new Set([
  'el',
  'al',
  'l',
  'ech',
  'ach',
  'ed',
  'ad',
  'es',
  'as',
  'er',
  'ar',
  'ez',
  'az',
]);

/** Words that make one name with the next: عبد اللطيف, Abd el-Latif, بن علي, Ben Ali, Abou Bakr. */
const COMPOUND_HEADS = new Set([
  'عبد',
  'ابو',
  'بن',
  'abd',
  'abdel',
  'abdal',
  'abdul',
  'abdoul',
  'abou',
  'abu',
  'ben',
  'ibn',
  'bin',
]);

/** Arabic sun letters: the article's ل before them is not pronounced, nor written in Latin. */
const SUN_LETTERS = 'تثدذرزسشصضطظلن';

const isArabic = (word: string) => /[\u0600-\u06ff]/.test(word);

/** Joins compound heads to what follows (with a Latin article in between: Abd el Latif). */
function joinCompounds(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    while (COMPOUND_HEADS.has(word) && i + 1 < words.length) {
      const next = words[++i];
      if (LATIN_ARTICLES.has(next) && i + 1 < words.length) word += next + words[++i];
      else word += next;
    }
    out.push(word);
  }
  return out;
}

function arabicSkeleton(word: string): string {
  let w = word;
  // An article inside a compound (عبدالرحمان): its ل is kept unless a sun letter follows.
  const compound = /^(عبد|ابو|بن)ال(.)/.exec(w);
  if (compound && w.length > compound[1].length + 3) {
    const head = compound[1];
    const rest = w.slice(head.length + 2);
    w = head + (SUN_LETTERS.includes(compound[2]) ? '' : 'ل') + rest;
  } else if (/^(وال|ال)/.test(w) && w.length >= 4) {
    w = w.replace(/^(وال|ال)/, '');
  }
  if (w.length > 2) w = w.replace(/ه$/, '');
  let out = '';
  for (const ch of w) out += ARABIC[ch] ?? (/[0-9]/.test(ch) ? ch : '');
  return out;
}

function latinSkeleton(word: string): string {
  // Doubled letters are one sound (Arabic writes them once, with a shadda).
  let w = word.replace(/([a-z])\1+/g, '$1');
  if (w.length > 2) w = w.replace(/h$/, '');
  for (const [pattern, replacement] of LATIN_DIGRAPHS) w = w.replace(pattern, replacement);
  let out = '';
  for (const ch of w) out += LATIN[ch] ?? (/[A-Z]/.test(ch) ? ch.toLowerCase() : /[0-9]/.test(ch) ? ch : '');
  return out;
}

/** The skeleton of one normalised name: its words' skeletons, space-separated, empty words left out. */
export function nameSkeleton(name: string): string {
  const words = joinCompounds(name.split(' ').filter(Boolean)).filter(
    (word, _i, all) => all.length === 1 || !LATIN_ARTICLES.has(word),
  );
  return words
    .map((word) => (isArabic(word) ? arabicSkeleton(word) : latinSkeleton(word)))
    .filter(Boolean)
    .join(' ');
}

/**
 * The stored search key of a row: the skeleton of each name of its search text (`searchText`, parts
 * separated by ` | `), deduplicated, in the same order and with the same separator.
 */
export function searchKey(searchText: string): string {
  const parts = new Set<string>();
  for (const part of searchText.split(' | ')) {
    const skeleton = nameSkeleton(part);
    if (skeleton) parts.add(skeleton);
  }
  return [...parts].join(' | ');
}
