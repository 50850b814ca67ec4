import { connect } from 'node:net';
import { EntityTarget, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { RequestContext } from './context';
import { BadInputError, timedOut } from './errors';
import { countOf, keysetQuery, cursorsOf, ListOrder, Page, SortKey } from './pagination';
import { nameSkeleton } from './skeleton';
import { normalizeName } from './text';

/** Longest search accepted, checked on the raw string before any work is done on it. */
export const SEARCH_MAX_LENGTH = 200;
/** Words per search: each one is a condition the index answers. */
export const SEARCH_MAX_WORDS = 10;
/**
 * Results are ranked by how close the search is to the start of a row's search text, where its names
 * and titles are (text.ts, `searchText`): ranking reads that much of each match, not all of it.
 */
const RANKED_LENGTH = 300;

export interface SearchTerms {
  /** The whole query, normalised: ranks results by word similarity. */
  query: string;
  /** One LIKE pattern per word: every word must appear somewhere (partial words match). */
  patterns: string[];
  /** The query's skeleton (skeleton.ts); empty when it has no consonant or digit to match. */
  key: string;
  /**
   * How each skeleton word must appear in a row's key: as a part of a word when it has three letters
   * or more (a LIKE pattern: Ghalb finds Ghalbzouri; the trigram index serves it), as a whole word
   * when shorter (`sn` for Swani is a word, not every name holding s-n): the key is that word, starts
   * or ends with it, or has it between spaces. Four LIKE patterns rather than one regular expression:
   * pg_trgm reads the spaces of a pattern as word edges and finds a fifth of the candidates it found
   * for `(^| )sn( |$)`.
   */
  keyParts: string[];
  keyWords: string[][];
}

/** Shortest skeleton word matched as a part of a word; shorter ones match whole words only. */
const KEY_PART_MIN = 3;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Normalises a user's search the way names are stored; refuses a search with nothing to look for. */
export function searchTerms(raw: string): SearchTerms {
  // Before normalising: a long string costs its length in work before anything else is decided.
  const tooLong = `search is limited to ${SEARCH_MAX_LENGTH} characters.`;
  if (raw.length > SEARCH_MAX_LENGTH) throw new BadInputError(tooLong, 'search');
  const query = normalizeName(raw);
  if (!query) throw new BadInputError('search must contain at least one letter or digit.', 'search');
  // Compatibility forms can grow when decomposed (one ligature is many letters).
  if (query.length > SEARCH_MAX_LENGTH) throw new BadInputError(tooLong, 'search');
  const words = query.split(' ');
  if (words.length > SEARCH_MAX_WORDS) {
    throw new BadInputError(`search is limited to ${SEARCH_MAX_WORDS} words.`, 'search');
  }
  const key = nameSkeleton(query);
  const skeletonWords = key ? key.split(' ') : [];
  return {
    query,
    patterns: words.map((word) => `%${escapeLike(word)}%`),
    key,
    keyParts: skeletonWords.filter((word) => word.length >= KEY_PART_MIN).map((word) => `%${word}%`),
    // Skeleton words hold only a-z and 0-9: nothing to escape.
    keyWords: skeletonWords
      .filter((word) => word.length < KEY_PART_MIN)
      .map((word) => [word, `${word} %`, `% ${word}`, `% ${word} %`]),
  };
}

/**
 * Filters and ranks a query on a stored, trigram-indexed `search_text` column: a row matches when
 * every word of the search appears in it (partial words too) or when the whole search is close in
 * spelling to a part of it (`<%`). With a `keyColumn` (the stored skeletons of the row's names,
 * `search_key`), a row also matches when every word of the search's skeleton is in its key: Ghelbzouri
 * finds الغلبزوري, Ghalb finds it too (a part of a word, for skeleton words of three letters or more),
 * Swani finds السواني (a shorter skeleton word must be a whole word). Best match first: word similarity (a match
 * of the skeleton counts a little less than one of the spelling typed), then whole-text similarity
 * (so "Hoceima" puts the province before the region whose name contains it). Answers those two
 * ranks as the first keys of the list's order, to which the caller adds its tiebreaks; run the query
 * with `searchPage` and that order, which makes the index find the candidates.
 */
export function applySearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  raw: string,
  keyColumn?: string,
): SortKey[] {
  const terms = searchTerms(raw);
  // One LIKE per word, not `LIKE ALL(array)`: the trigram index serves each LIKE (and `<%`), never an
  // array comparison, and without it a search read every meeting of a national registry (seconds).
  const patterns = Object.fromEntries(terms.patterns.map((pattern, i) => [`searchPattern${i}`, pattern]));
  const everyWord = Object.keys(patterns)
    .map((name) => `${column} LIKE :${name}`)
    .join(' AND ');
  const ranked = `left(${column}, ${RANKED_LENGTH})`;
  const params: Record<string, string> = { ...patterns, searchQuery: terms.query };
  // Each row the index finds is tested again (a trigram index only narrows the rows down), and
  // PostgreSQL evaluates an OR in the order written, stopping at the first true test: the tests are
  // written cheapest first, the skeleton's and the words' LIKEs, and the similarity to the whole
  // search last, which compares it with every part of the row's text (many times a LIKE's work).
  // Written first, it ran on every candidate of a common name. It is written `column %> search`, the
  // form the index answers (`search <% column` turned around): written the other way, the planner
  // did not see that the index's recheck already tested the row and tested it once more.
  const matches = [`(${everyWord})`];
  let rank = `word_similarity(:searchQuery, ${ranked})`;
  if (keyColumn && terms.key) {
    // Every word of the skeleton must be there, each one a condition the index answers.
    params.searchKey = terms.key;
    const every = [
      ...terms.keyParts.map((pattern, i) => {
        params[`searchKeyPart${i}`] = pattern;
        return `${keyColumn} LIKE :searchKeyPart${i}`;
      }),
      ...terms.keyWords.map((patterns, i) => {
        const names = patterns.map((pattern, j) => {
          params[`searchKeyWord${i}_${j}`] = pattern;
          return `${keyColumn} LIKE :searchKeyWord${i}_${j}`;
        });
        return `(${names.join(' OR ')})`;
      }),
    ];
    // The skeleton first: a short column, and the test most candidates of a name pass.
    matches.unshift(`(${every.join(' AND ')})`);
    const weight = terms.key.replace(/ /g, '').length >= KEY_PART_MIN ? SKELETON_RANK : SHORT_SKELETON_RANK;
    rank = `GREATEST(${rank}, ${weight} * strict_word_similarity(:searchKey, ${keyColumn}))`;
  }
  matches.push(`${column} %> :searchQuery`);
  qb.andWhere(`(${matches.join(' OR ')})`, params);
  return searchRanks(rank, `similarity(:searchQuery, ${ranked})`);
}

/**
 * The ranks as sort keys. pg_trgm's similarities are float4 and a skeleton's weighted one float8:
 * both are read as float8 (exact for a float4), so that the value a cursor carries, as the database
 * wrote it, compares equal to the row's own rank.
 */
const searchRanks = (...ranks: string[]): SortKey[] =>
  ranks.map((rank) => ({ sql: `CAST(${rank} AS double precision)`, type: 'float8', desc: true }));

/**
 * How many of a word search's matches are ranked and counted: the newest ones (by the date the
 * caller names). A common word is in most meetings of a national registry; ranking and counting every
 * one of them reads most of the table, however the matches are found.
 */
export const WORD_SEARCH_CANDIDATES = 200;
/** Known words a word typed may stand for (itself, longer words holding it, close spellings), best first. */
const WORD_SEARCH_SPELLINGS = 16;
/** What a known word that is not the word typed (a longer word, a close spelling) weighs at most. */
const OTHER_SPELLING_RANK = 0.9;

/** A word typed, and the known words it stands for with what each weighs in the rank (1 = itself). */
export interface SearchWord {
  typed: string;
  words: string[];
  weights: number[];
}

/** The words of a stored search text, as a word search's GIN index holds them (see the migration). */
export const searchWordsOf = (column: string) => `string_to_array(replace(${column}, ' | ', ' '), ' ')`;

/**
 * Looks each word of a search up among the known words (`dictionary`: a table of the distinct words
 * of a table's search texts, trigram-indexed): the word itself, the words that hold it (Messaoud finds
 * Messaoudi) and those spelt closely (`<%`: renouvelement finds renouvellement), at most
 * `WORD_SEARCH_SPELLINGS` of them, the word itself first, then the closest. One small statement on a
 * table of words, whatever the number of rows holding them.
 */
export async function lookUpSearchWords(
  ctx: RequestContext,
  dictionary: string,
  raw: string,
): Promise<SearchWord[]> {
  const terms = searchTerms(raw);
  const typed = terms.query.split(' ');
  const rows = (await ctx.manager.query(
    `SELECT q.i::int AS i, d.word, d.weight
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q (typed, pattern, i)
      CROSS JOIN LATERAL (
        SELECT k.word, CASE WHEN k.word = q.typed THEN 1
                            ELSE ${OTHER_SPELLING_RANK} * word_similarity(q.typed, k.word) END AS weight
          FROM ${dictionary} k
         WHERE k.word LIKE q.pattern OR q.typed <% k.word
         ORDER BY weight DESC, length(k.word), k.word
         LIMIT ${WORD_SEARCH_SPELLINGS}) d
      ORDER BY q.i, d.weight DESC, length(d.word), d.word`,
    [typed, terms.patterns],
  )) as { i: number; word: string; weight: number | string }[];
  return typed.map((word, index) => {
    const found = rows.filter((row) => row.i === index + 1);
    return {
      typed: word,
      words: found.map((row) => row.word),
      weights: found.map((row) => Number(row.weight)),
    };
  });
}

/**
 * Filters and ranks a query by the words of a search (`lookUpSearchWords`): a row matches when, for
 * every word typed, it holds one of the known words that word stands for, which a GIN index on the
 * row's words (`searchWordsOf(column)`) answers. Of the matches, the newest `WORD_SEARCH_CANDIDATES`
 * (by `dateColumn`, then id) are ranked: best first by the sum over the words typed of the weight of
 * the best word the row holds (the word typed counts 1, another spelling less), then newest first.
 * Returns the query to page (with `searchPage`), whose rows are those candidates, and the rank as a
 * sort key, to be followed by the date and the id.
 *
 * The candidates come first, the rank second: the planner finds the newest matches either from the
 * index of dates (a common word: the first rows read match) or from the words' index (a rare word:
 * few rows to sort), and the rank, a few string searches per row, is computed for the candidates
 * only. The page's count is the candidates' count: exact up to the bound, the bound beyond it.
 */
export function applyWordSearch<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  column: string,
  dateColumn: string,
  words: SearchWord[],
): { query: SelectQueryBuilder<T>; ranks: SortKey[] } {
  const params: Record<string, unknown> = {};
  words.forEach((word, i) => {
    params[`searchWords${i}`] = word.words;
    qb.andWhere(`${searchWordsOf(column)} && CAST(:searchWords${i} AS text[])`);
  });
  qb.setParameters(params);
  const candidates = qb
    .clone()
    .select(`${alias}.id`)
    .orderBy(dateColumn, 'DESC')
    .addOrderBy(`${alias}.id`)
    .limit(WORD_SEARCH_CANDIDATES);
  // Whole words: a row's words are separated by spaces (and ` | ` between its texts).
  const padded = `(' ' || ${column} || ' ')`;
  const rank: string[] = [];
  words.forEach((word, i) => {
    if (word.words.length === 0) return;
    const cases = word.words.map((known, j) => {
      params[`searchRank${i}_${j}`] = ` ${known} `;
      return `WHEN strpos(${padded}, :searchRank${i}_${j}) > 0 THEN ${word.weights[j]}`;
    });
    rank.push(`(CASE ${cases.join(' ')} ELSE 0 END)`);
  });
  // A new query of the same entity, on the same connection or transaction as the one given.
  const query = qb
    .createQueryBuilder()
    .select(alias)
    .from(qb.expressionMap.mainAlias!.target as EntityTarget<T>, alias)
    // An array of ids, computed once before the rest: the page is then read by primary key. As `IN
    // (subquery)`, the planner read and sorted every row of the table before joining the candidates.
    .where(`${alias}.id = ANY(ARRAY(${candidates.getQuery()}))`)
    .setParameters({ ...candidates.getParameters(), ...params });
  return { query, ranks: searchRanks(rank.length ? rank.join(' + ') : '0') };
}

/**
 * What a match of the skeleton weighs beside a match of the spelling typed: less, so that Omar puts
 * Omar before Amr (both `mr`), but more than a distant spelling match.
 */
const SKELETON_RANK = 0.9;
/**
 * A skeleton of one or two letters (زناية, `zn`, is also Ouezzane) is weak evidence: its match ranks
 * below any match of the spelling typed (whose threshold, pg_trgm's word similarity, is 0.6).
 */
const SHORT_SKELETON_RANK = 0.5;

/**
 * `getManyAndCount` of a query filtered by `applySearch`, so that one search never holds the database:
 *
 * - The trigram index finds the candidates and only they are ranked. The planner prices pg_trgm's
 *   similarity like `=`, so on a table of a few thousand rows it chose to read every row and compute
 *   similarity on each (seconds on long texts); sequential scans are off for this transaction only.
 *   So is JIT: a plan priced with sequential scans off (a table with no trigram index) looked
 *   expensive enough to compile, which cost more than running it.
 * - It stops at the request's deadline or when its client goes away. A search that waited for the
 *   connection meanwhile never starts. On a server the running statement is cancelled (and
 *   `statement_timeout` ends it at the deadline anyway). PGlite cannot interrupt a statement (it is
 *   single-threaded WebAssembly and ignores both statement_timeout and cancel requests): the client
 *   is answered at the deadline and the statement runs to its end, kept short by bounded search text.
 *
 * Either way the caller gets SERVICE_UNAVAILABLE with `retryable: true`.
 */
export async function searchPage<T extends ObjectLiteral>(
  ctx: RequestContext,
  qb: SelectQueryBuilder<T>,
  page: Page,
  order: ListOrder,
): Promise<[T[], number | null]> {
  const deadline = ctx.deadline;
  if (!deadline || ctx.inTransaction) return pageWithTotal(qb, page, order);
  if (deadline.signal.aborted) throw timedOut();
  const runner = ctx.manager.connection.createQueryRunner();
  let running = false;
  let cancelling: Promise<void> = Promise.resolve();
  const onAbort = () => {
    if (running && deadline.cancellable) cancelling = cancelStatement(runner);
  };
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  const search = (async () => {
    await runner.connect();
    try {
      if (deadline.signal.aborted) throw timedOut();
      await runner.startTransaction();
      running = true;
      const remaining = Math.max(1, Math.ceil(deadline.expiresAt - Date.now()));
      await runner.query(
        `SET LOCAL enable_seqscan = off; SET LOCAL jit = off; SET LOCAL statement_timeout = ${remaining}`,
      );
      const found = await pageWithTotal(qb.setQueryRunner(runner), page, order);
      running = false;
      await runner.commitTransaction();
      return found;
    } catch (error) {
      running = false;
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      // A cancel request names the connection: it must reach the server before another request may
      // use that connection.
      await cancelling;
      await runner.release();
      deadline.signal.removeEventListener('abort', onAbort);
    }
  })();
  const stopped = new Promise<never>((_resolve, reject) => {
    if (deadline.signal.aborted) reject(timedOut());
    deadline.signal.addEventListener('abort', () => reject(timedOut()), { once: true });
  });
  search.catch(() => undefined);
  stopped.catch(() => undefined);
  return Promise.race([search, stopped]);
}

/**
 * A page of matches after the page's cursor (one row past it, to tell whether more follow) and how
 * many there are. The first page reads both in one statement: the count is a window over the same
 * matches the page is ranked from, so the index finds them once, not once for the page and once more
 * for a separate COUNT. Only a first page with no match (no row to carry the total) reads no count,
 * and a later page counts the whole list apart (the window sees only the rows after the cursor).
 * Sets `page.cursors`.
 */
async function pageWithTotal<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: Page,
  order: ListOrder,
): Promise<[T[], number | null]> {
  const { counted } = keysetQuery(qb, page, order);
  qb.limit(page.limit + 1);
  const inWindow = counted && page.after == null;
  if (inWindow) qb.addSelect('COUNT(*) OVER ()', 'search_total');
  const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
  page.cursors = cursorsOf(order, raw);
  if (!counted) return [entities, null];
  if (inWindow) return [entities, raw.length ? Number(raw[0].search_total) : 0];
  return [entities, await countOf(counted)];
}

/**
 * Asks the server to cancel the statement running on the runner's connection, with the protocol's
 * cancel request on a connection of its own (the pool may have none free).
 */
function cancelStatement(runner: QueryRunner): Promise<void> {
  const client = (runner as unknown as { databaseConnection?: BackendClient }).databaseConnection;
  if (!client?.processID) return Promise.resolve();
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4); // CancelRequest
  request.writeInt32BE(client.processID, 8);
  request.writeInt32BE(client.secretKey, 12);
  return new Promise((resolve) => {
    const socket = client.host.startsWith('/')
      ? connect(`${client.host}/.s.PGSQL.${client.port}`)
      : connect(client.port, client.host);
    socket.once('connect', () => socket.end(request));
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

interface BackendClient {
  host: string;
  port: number;
  processID: number;
  secretKey: number;
}
