import { searchKey } from './skeleton';

/**
 * One normalisation for every name the registry searches: Arabic spelling variants, Latin case and
 * accents, punctuation. The same function fills the stored `search_text` columns and normalises the
 * query, so a name is found however it was typed.
 */

const ARABIC_FOLDS: Record<string, string> = {
  ٱ: 'ا', // alef wasla
  ى: 'ي', // alef maqsura → ya
  ة: 'ه', // ta marbuta → ha
  ک: 'ك', // Persian/Urdu keheh
  ی: 'ي', // Farsi yeh
  ۀ: 'ه',
  ء: '', // a lone hamza carries no letter
  ـ: '', // tatweel (the seed writes "بوشعــــــــيب")
};

const LATIN_FOLDS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l' };

/** Arabic-Indic (U+0660…) and extended Arabic-Indic (U+06F0…) digits. */
const toAsciiDigit = (ch: string): string => {
  const code = ch.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return ch;
};

/**
 * Lower-cases, strips accents, harakat and hamza carriers (NFD splits أ into ا + hamza mark, which is then
 * dropped), folds ى→ي and ة→ه, removes tatweel, turns punctuation and hyphens into spaces and collapses
 * whitespace.
 *
 * @example normalizeName('Tanger-Médina') === 'tanger medina'
 * @example normalizeName('بوشعــــــــيب') === normalizeName('بوشعيب')
 */
export function normalizeName(input: string): string {
  const decomposed = input.normalize('NFKD').toLowerCase();
  let out = '';
  for (const ch of decomposed) {
    if (/\p{M}/u.test(ch)) continue; // accents, harakat, hamza/madda marks
    const folded = ARABIC_FOLDS[ch] ?? LATIN_FOLDS[ch] ?? toAsciiDigit(ch);
    out += /[\p{L}\p{N}]/u.test(folded) || folded === '' ? folded : ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Longest stored search text (a database constraint too): what a search reads and ranks per row stays
 * bounded however long the texts behind it are.
 */
export const SEARCH_TEXT_MAX_LENGTH = 1000;

/**
 * The stored search column: every spelling of a thing, normalised, deduplicated, separated by ` | `,
 * in the order given (names and titles first), cut at a word boundary after `SEARCH_TEXT_MAX_LENGTH`
 * characters: long notes are searched by their beginning.
 */
export function searchText(...names: ReadonlyArray<string | null | undefined | readonly string[]>): string {
  const parts = new Set<string>();
  let length = 0;
  for (const name of names.flat()) {
    if (length > SEARCH_TEXT_MAX_LENGTH) break;
    if (!name) continue;
    const normalized = normalizeName(name.slice(0, SEARCH_TEXT_MAX_LENGTH * 2));
    if (normalized && !parts.has(normalized)) {
      parts.add(normalized);
      length += normalized.length + 3;
    }
  }
  return bounded([...parts].join(' | '));
}

function bounded(text: string): string {
  if (text.length <= SEARCH_TEXT_MAX_LENGTH) return text;
  const cut = text.slice(0, SEARCH_TEXT_MAX_LENGTH + 1);
  // Drop the word the limit cuts through (a text without spaces is cut where the limit falls).
  const atWord = cut.replace(/\s+\S*$/, '');
  const kept = atWord.length <= SEARCH_TEXT_MAX_LENGTH ? atWord : cut.slice(0, SEARCH_TEXT_MAX_LENGTH);
  return kept.replace(/[\uD800-\uDBFF]$/, '').replace(/[\s|]+$/, '');
}

/**
 * The two stored search columns of a named row: its search text, and the skeleton of each of its names
 * (`skeleton.ts`), which finds a name across scripts and transliterations.
 */
export function searchColumns(...names: ReadonlyArray<string | null | undefined | readonly string[]>): {
  searchText: string;
  searchKey: string;
} {
  const text = searchText(...names);
  return { searchText: text, searchKey: searchKey(text) };
}
