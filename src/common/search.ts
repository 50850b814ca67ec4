import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors';
import { normalizeName } from './text';

export interface SearchTerms {
  /** The whole query, normalised: ranks results by word similarity. */
  query: string;
  /** One LIKE pattern per word: every word must appear somewhere (partial words match). */
  patterns: string[];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Normalises a user's search the way names are stored; refuses a search with nothing to look for. */
export function searchTerms(raw: string): SearchTerms {
  const query = normalizeName(raw);
  if (!query) throw new BadInputError('search must contain at least one letter or digit.', 'search');
  if (query.length > 200) throw new BadInputError('search is limited to 200 characters.', 'search');
  return { query, patterns: query.split(' ').map((word) => `%${escapeLike(word)}%`) };
}

/**
 * Filters and ranks a query on a stored, trigram-indexed `search_text` column: a row matches when
 * every word of the search appears in it (partial words too) or when the whole search is close in
 * spelling to a part of it (`<%`). Best match first: word similarity, then whole-text similarity
 * (so "Hoceima" puts the province before the region whose name contains it).
 */
export function applySearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  raw: string,
): SelectQueryBuilder<T> {
  const terms = searchTerms(raw);
  // One LIKE per word, not `LIKE ALL(array)`: the trigram index serves each LIKE (and `<%`), never an
  // array comparison, and without it a search read every meeting of a national registry (seconds).
  const patterns = Object.fromEntries(terms.patterns.map((pattern, i) => [`searchPattern${i}`, pattern]));
  const everyWord = Object.keys(patterns)
    .map((name) => `${column} LIKE :${name}`)
    .join(' AND ');
  return qb
    .andWhere(`((${everyWord}) OR :searchQuery <% ${column})`, { ...patterns, searchQuery: terms.query })
    .orderBy(`word_similarity(:searchQuery, ${column})`, 'DESC')
    .addOrderBy(`similarity(:searchQuery, ${column})`, 'DESC');
}
