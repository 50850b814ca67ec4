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
 * SQL condition and rank over a stored `search_text` column (trigram-indexed): every word as a
 * substring, or the whole query close enough in spelling (`<%`, word similarity).
 */
export function searchSql(column: string): { where: string; rank: string } {
  return {
    where: `(${column} LIKE ALL(:searchPatterns) OR :searchQuery <% ${column})`,
    rank: `word_similarity(:searchQuery, ${column})`,
  };
}

export function searchParams(terms: SearchTerms): Record<string, unknown> {
  return { searchPatterns: terms.patterns, searchQuery: terms.query };
}
