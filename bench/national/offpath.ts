import { searchTerms } from '../../src/common/search';
import type { Call, ReadQuery } from './queries';

/**
 * The questions off the benched paths (Q8–Q12): searches, a deep page, a large series' coverage and a
 * count-only tile, as a dashboard author or a secretary asks them. Each against the hand-written SQL
 * baseline, and PostGraphile where its schema (with the functions of `bench/postgraphile/setup.sql`)
 * can express it.
 */

/**
 * Q8's searches, rotated: one word, two words, misspelled, Arabic, French with its accent, each finding
 * a town's meetings (a few hundred at scale 1), and a word that half the meetings hold (“bureau”:
 * 83,551 of 198,005 at scale 1), whose newest matches alone are ranked.
 */
export const MEETING_SEARCHES = ['berrechid', 'sidi rahhal', 'berechid', 'برشيد', 'Khénifra', 'bureau'];
/** Q9's searches of people's names, as a region's secretary types them (Latin, Arabic, partial). */
export const PEOPLE_SEARCHES = ['el amrani', 'العمراني', 'bennan'];
export const SEARCH_PAGE = 20;
/** Q10: page DEEP_PAGE of a province's subtree's meetings (its last page when it has fewer), DEEP_PAGE_SIZE a page. */
export const DEEP_PAGE = 200;
export const DEEP_PAGE_SIZE = 10;
/** Q11's series, found by its title, and how many of its missing targets are listed. */
export const NATIONAL_SERIES_TITLE = 'Tournée des sections locales 2021-2025';
export const MISSING_PAGE = 20;

/** The most selective LIKE pattern of a search (the longest word): the one the trigram index answers. */
const longest = (patterns: string[]) => patterns.reduce((a, b) => (b.length > a.length ? b : a));

const graphql = (query: string, variables: Record<string, unknown>): Call => ({
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});
const baseline = (name: string, params: Record<string, unknown>): Call => ({
  path: `/${name.toLowerCase()}`,
  body: JSON.stringify(params),
});

/** The baseline's statements for Q8–Q12, served like the others (`BASELINE_SQL`). */
export const OFF_PATH_SQL: Record<string, { sql: string; params: string[] }> = {
  // Tanzim's rule (src/common/search.ts, applyWordSearch): each word typed stands for at most 16 known
  // words of the meetings' word table; a meeting holds one of them for every word typed; the newest 200
  // such meetings are ranked and counted. One statement for the page and its count.
  Q8: {
    params: ['query', 'patterns'],
    sql: `WITH typed AS (
        SELECT q.typed, q.pattern, q.i FROM unnest(string_to_array($1, ' '), $2::text[]) WITH ORDINALITY AS q (typed, pattern, i)),
      known AS (
        SELECT q.i, d.word, d.weight FROM typed q CROSS JOIN LATERAL (
          SELECT k.word, CASE WHEN k.word = q.typed THEN 1 ELSE 0.9 * word_similarity(q.typed, k.word) END AS weight
            FROM meeting_search_word k WHERE k.word LIKE q.pattern OR q.typed <% k.word
           ORDER BY weight DESC, length(k.word), k.word LIMIT 16) d),
      candidates AS (
        SELECT m.id FROM meeting m
         WHERE string_to_array(replace(m.search_text, ' | ', ' '), ' ') && ARRAY(SELECT word FROM known WHERE i = 1)
           AND NOT EXISTS (SELECT 1 FROM typed q WHERE NOT string_to_array(replace(m.search_text, ' | ', ' '), ' ')
                             && ARRAY(SELECT k.word FROM known k WHERE k.i = q.i))
         ORDER BY m.held_on DESC, m.id LIMIT 200),
      page AS (
        SELECT m.id, m.held_on, m.kind, m.title_fr, m.title_ar,
               (SELECT coalesce(sum(best), 0) FROM (
                  SELECT max(k.weight) AS best FROM known k
                   WHERE strpos(' ' || m.search_text || ' ', ' ' || k.word || ' ') > 0 GROUP BY k.i) b)::float8 AS rank
          FROM meeting m WHERE m.id = ANY(ARRAY(SELECT id FROM candidates))
         ORDER BY rank DESC, m.held_on DESC, m.id LIMIT ${SEARCH_PAGE})
      SELECT json_build_object(
        'totalCount', (SELECT count(*) FROM candidates),
        'meetings', COALESCE((SELECT json_agg(json_build_object('id', id, 'date', held_on, 'kind', kind,
                      'titleFr', title_fr, 'titleAr', title_ar) ORDER BY rank DESC, held_on DESC, id)
                      FROM page), '[]'))::text AS json`,
  },
  // Q9: the people a region's secretary may see (home unit or a post in the region) whose name
  // matches, ranked as Tanzim ranks them (the spelling typed, or its skeleton a little lower).
  Q9: {
    params: ['regionPath', 'query', 'first', 'patterns', 'key', 'firstKeyPart', 'keyParts', 'keyWeight'],
    sql: `WITH units AS (SELECT array_agg(id) AS ids FROM org_unit WHERE path <@ $1::ltree),
      found AS (
        SELECT p.id, p.full_name_ar, p.full_name_latin,
               GREATEST(word_similarity($2, left(p.search_text, 300)),
                        $8::float4 * strict_word_similarity($5, p.search_key)) AS rank,
               similarity($2, left(p.search_text, 300)) AS closeness
          FROM person p, units
         WHERE ((p.search_text LIKE $3 AND p.search_text LIKE ALL($4::text[])) OR $2 <% p.search_text
                OR (p.search_key LIKE $6 AND p.search_key LIKE ALL($7::text[])))
           AND array_append(p.attached_unit_ids, p.home_unit_id) && units.ids),
      page AS (SELECT *, count(*) OVER () AS total FROM found
                ORDER BY rank DESC, closeness DESC, full_name_latin, id LIMIT ${SEARCH_PAGE})
      SELECT json_build_object(
        'totalCount', COALESCE((SELECT max(total) FROM page), 0),
        'people', COALESCE((SELECT json_agg(json_build_object('id', id, 'fullNameAr', full_name_ar,
                    'fullNameLatin', full_name_latin) ORDER BY rank DESC, closeness DESC, full_name_latin, id)
                    FROM page), '[]'))::text AS json`,
  },
  // Q10: a keyset page (held_on, starts_at, id) of the meetings the province's subtree convened or
  // took part in, in Tanzim's order; the cursor is the last row's key.
  Q10: {
    params: ['path', 'heldOn', 'startsAt', 'id'],
    sql: `WITH ids AS (
        SELECT mc.id FROM meeting mc JOIN org_unit s ON s.id = mc.convening_unit_id WHERE s.path <@ $1::ltree
        UNION SELECT mu.meeting_id FROM meeting_unit mu JOIN org_unit s ON s.id = mu.org_unit_id WHERE s.path <@ $1::ltree),
      page AS (
        SELECT m.id, m.held_on, m.starts_at, m.kind, m.title_fr FROM meeting m
         WHERE m.id IN (SELECT id FROM ids)
           AND ($2::date IS NULL OR m.held_on < $2::date
                OR (m.held_on = $2::date AND (
                      ($3::timestamptz IS NOT NULL AND (m.starts_at < $3::timestamptz OR m.starts_at IS NULL))
                      OR (m.starts_at IS NOT DISTINCT FROM $3::timestamptz AND m.id > $4::uuid))))
         ORDER BY m.held_on DESC, m.starts_at DESC NULLS LAST, m.id LIMIT ${DEEP_PAGE_SIZE + 1}),
      shown AS (SELECT * FROM page ORDER BY held_on DESC, starts_at DESC NULLS LAST, id LIMIT ${DEEP_PAGE_SIZE})
      SELECT json_build_object(
        'hasNextPage', (SELECT count(*) FROM page) > ${DEEP_PAGE_SIZE},
        'endCursor', (SELECT json_build_object('heldOn', held_on, 'startsAt', starts_at, 'id', id)::text
                        FROM shown ORDER BY held_on, starts_at NULLS FIRST, id DESC LIMIT 1),
        'meetings', COALESCE((SELECT json_agg(json_build_object('id', id, 'date', held_on, 'kind', kind, 'titleFr', title_fr)
                      ORDER BY held_on DESC, starts_at DESC NULLS LAST, id) FROM shown), '[]'))::text AS json`,
  },
  // Q11: Tanzim's rule (src/meetings/meeting-series.queries.ts): the targets (explicit, or every unit
  // of the level under the root that existed during the series) and those a held meeting reached, as
  // the database keeps them per meeting (meeting_series_reach, kept by Tanzim's triggers).
  Q11: {
    params: ['seriesId'],
    sql: `WITH targets AS (
        SELECT t.org_unit_id AS id FROM meeting_series_target t WHERE t.series_id = $1::uuid
        UNION
        SELECT u.id FROM meeting_series s JOIN org_unit r ON r.id = s.target_root_id
          JOIN org_unit u ON u.path <@ r.path AND u.level = s.target_level
         WHERE s.id = $1::uuid
           AND (u.dissolved_on IS NULL OR s.starts_on IS NULL OR u.dissolved_on > s.starts_on)
           AND (u.founded_on IS NULL OR s.ends_on IS NULL OR u.founded_on <= s.ends_on)),
      reached AS (SELECT DISTINCT r.org_unit_id AS id FROM meeting_series_reach r WHERE r.series_id = $1::uuid),
      t AS (SELECT u.id, u.code, u.path, x.id IS NOT NULL AS reached
              FROM targets JOIN org_unit u ON u.id = targets.id LEFT JOIN reached x ON x.id = targets.id)
      SELECT json_build_object(
        'targets', (SELECT count(*) FROM t),
        'reached', (SELECT count(*) FROM t WHERE reached),
        'byRegion', COALESCE((SELECT json_agg(json_build_object('id', g.id, 'code', g.code, 'targets', g.targets,
                      'reached', g.reached) ORDER BY g.id)
                      FROM (SELECT r.id, r.code, count(*) AS targets, count(*) FILTER (WHERE t.reached) AS reached
                              FROM t JOIN org_unit r ON r.level = 'REGIONAL' AND r.path @> t.path
                             GROUP BY r.id, r.code) g), '[]'),
        'missingCount', (SELECT count(*) FROM t WHERE NOT reached),
        'missing', COALESCE((SELECT json_agg(json_build_object('id', id, 'code', code) ORDER BY path)
                     FROM (SELECT * FROM t WHERE NOT reached ORDER BY path LIMIT ${MISSING_PAGE}) mi), '[]'))::text AS json`,
  },
  // Q12: how many meetings a region's subtree convened or took part in.
  Q12: {
    params: ['path'],
    sql: `SELECT json_build_object('totalCount', (SELECT count(*) FROM (
        SELECT mc.id FROM meeting mc JOIN org_unit s ON s.id = mc.convening_unit_id WHERE s.path <@ $1::ltree
        UNION SELECT mu.meeting_id FROM meeting_unit mu JOIN org_unit s ON s.id = mu.org_unit_id WHERE s.path <@ $1::ltree) ids))::text AS json`,
  },
};

interface Nodes<X> {
  nodes: X[];
}
interface Edges<X> {
  edges: { node: X }[];
}

// ── Q8 ─────────────────────────────────────────────────────────────────────────────────────────────
interface FoundMeeting {
  id: string;
  date: string;
  kind: string;
  titleFr: string | null;
  titleAr: string | null;
}
const Q8: ReadQuery = {
  name: 'Q8',
  title: `meeting search, the first ${SEARCH_PAGE} and how many (${MEETING_SEARCHES.map((s) => `“${s}”`).join(', ')}, rotated)`,
  variants: MEETING_SEARCHES.length,
  call(implementation, _targets, _after, variant = 0) {
    const raw = MEETING_SEARCHES[variant];
    const terms = searchTerms(raw);
    if (implementation === 'baseline') {
      return baseline('Q8', { query: terms.query, patterns: terms.patterns });
    }
    if (implementation === 'tanzim') {
      return graphql(
        `query Q8($search: String!) { meetings(filter: { search: $search }, first: ${SEARCH_PAGE}) {
          totalCount edges { node { id date kind titleFr titleAr } } } }`,
        { search: raw },
      );
    }
    return graphql(
      `query Q8($query: String!, $patterns: [String]!) {
        searchMeetings(query: $query, patterns: $patterns, first: ${SEARCH_PAGE}) {
          totalCount nodes { rowId heldOn kind titleFr titleAr } } }`,
      { query: terms.query, patterns: terms.patterns },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return data;
    if (implementation === 'tanzim') {
      const { meetings } = data as { meetings: { totalCount: number } & Edges<FoundMeeting> };
      return { totalCount: meetings.totalCount, meetings: meetings.edges.map((e) => e.node) };
    }
    type Pg = { rowId: string; heldOn: string; kind: string; titleFr: string | null; titleAr: string | null };
    const { searchMeetings } = data as { searchMeetings: { totalCount: number } & Nodes<Pg> };
    return {
      totalCount: searchMeetings.totalCount,
      meetings: searchMeetings.nodes.map((m) => ({
        id: m.rowId,
        date: m.heldOn,
        kind: m.kind,
        titleFr: m.titleFr,
        titleAr: m.titleAr,
      })),
    };
  },
};

// ── Q9 ─────────────────────────────────────────────────────────────────────────────────────────────
/** The weight of a skeleton match (src/common/search.ts: SKELETON_RANK for skeletons of 3 letters or more). */
const KEY_WEIGHT = 0.9;
const Q9: ReadQuery = {
  name: 'Q9',
  title: `people search by a region's secretary (region-scoped token), the first ${SEARCH_PAGE} and how many (${PEOPLE_SEARCHES.map((s) => `“${s}”`).join(', ')}, rotated)`,
  variants: PEOPLE_SEARCHES.length,
  // PostGraphile runs here without authentication: it has no caller whose scope is a region.
  skips: ['postgraphile'],
  scoped: true,
  call(implementation, targets, _after, variant = 0) {
    const raw = PEOPLE_SEARCHES[variant];
    if (implementation === 'baseline') {
      const terms = searchTerms(raw);
      if (terms.keyWords.length || !terms.keyParts.length) {
        throw new Error(`Q9's baseline expects skeleton words of three letters or more: “${raw}”.`);
      }
      return baseline('Q9', {
        regionPath: targets.regionPath,
        query: terms.query,
        first: longest(terms.patterns),
        patterns: terms.patterns,
        key: terms.key,
        firstKeyPart: longest(terms.keyParts),
        keyParts: terms.keyParts,
        keyWeight: KEY_WEIGHT,
      });
    }
    return graphql(
      `query Q9($search: String!) { people(filter: { search: $search }, first: ${SEARCH_PAGE}) {
        totalCount edges { node { id fullNameAr fullNameLatin } } } }`,
      { search: raw },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return data;
    type P = { id: string; fullNameAr: string | null; fullNameLatin: string | null };
    const { people } = data as { people: { totalCount: number } & Edges<P> };
    return { totalCount: people.totalCount, people: people.edges.map((e) => e.node) };
  },
};

// ── Q10 ────────────────────────────────────────────────────────────────────────────────────────────
interface PageMeeting {
  id: string;
  date: string;
  kind: string;
  titleFr: string | null;
}
const Q10: ReadQuery = {
  name: 'Q10',
  title: `page ${DEEP_PAGE} (${DEEP_PAGE_SIZE} a page; the last page at a scale with fewer) of the meetings of a province's subtree, newest first; the cursor found by walking the pages through each API`,
  startPage: (targets) => targets.deepPage,
  call(implementation, targets, after) {
    if (implementation === 'baseline') {
      const key = after
        ? (JSON.parse(after) as { heldOn: string; startsAt: string | null; id: string })
        : { heldOn: null, startsAt: null, id: null };
      return baseline('Q10', { path: targets.provincePath, ...key });
    }
    if (implementation === 'tanzim') {
      return graphql(
        `query Q10($unit: ID!, $after: String) {
          meetings(filter: { unit: $unit, includeDescendants: true }, first: ${DEEP_PAGE_SIZE}, after: $after) {
            pageInfo { hasNextPage endCursor } edges { node { id date kind titleFr } } } }`,
        { unit: targets.provinceId, after: after ?? null },
      );
    }
    // PostGraphile pages a function's rows by offset (its cursors for a function are positions too).
    return graphql(
      `query Q10($code: String!, $offset: Int) { orgUnitByCode(code: $code) {
        subtreeMeetings(first: ${DEEP_PAGE_SIZE}, offset: $offset) {
          pageInfo { hasNextPage } nodes { rowId heldOn kind titleFr } } } }`,
      { code: targets.provinceCode, offset: after === undefined ? null : Number(after) },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') {
      const { endCursor: _cursor, ...page } = data as { endCursor: string };
      return page;
    }
    if (implementation === 'tanzim') {
      const { meetings } = data as {
        meetings: { pageInfo: { hasNextPage: boolean } } & Edges<PageMeeting>;
      };
      return { hasNextPage: meetings.pageInfo.hasNextPage, meetings: meetings.edges.map((e) => e.node) };
    }
    type Pg = { rowId: string; heldOn: string; kind: string; titleFr: string | null };
    const page = (
      data as {
        orgUnitByCode: { subtreeMeetings: { pageInfo: { hasNextPage: boolean } } & Nodes<Pg> };
      }
    ).orgUnitByCode.subtreeMeetings;
    return {
      hasNextPage: page.pageInfo.hasNextPage,
      meetings: page.nodes.map((m) => ({ id: m.rowId, date: m.heldOn, kind: m.kind, titleFr: m.titleFr })),
    };
  },
  nextCursor(implementation, data, pagesBefore = 0) {
    if (implementation === 'baseline') return (data as { endCursor: string }).endCursor;
    if (implementation === 'tanzim') {
      return (data as { meetings: { pageInfo: { endCursor: string } } }).meetings.pageInfo.endCursor;
    }
    return String((pagesBefore + 1) * DEEP_PAGE_SIZE);
  },
};

// ── Q11 ────────────────────────────────────────────────────────────────────────────────────────────
interface Coverage {
  targets: number;
  reached: number;
  byRegion: { id: string; code: string; targets: number; reached: number }[];
  missingCount: number;
  missing: { id: string; code: string }[];
}
const Q11: ReadQuery = {
  name: 'Q11',
  title: `coverage of a national series (every local unit a target): targets, reached, by region, the first ${MISSING_PAGE} missing and how many`,
  // Its targets and reached units are sets over three relations with a rule (a level under a root,
  // a period): PostGraphile's generated schema has no field for them; a function could return them,
  // but that is the baseline's statement behind a GraphQL field, not PostGraphile's work.
  skips: ['postgraphile'],
  call(implementation, targets) {
    const seriesId = targets.seriesId;
    if (implementation === 'baseline') return baseline('Q11', { seriesId });
    return graphql(
      `query Q11($id: ID!) { meetingSeries(id: $id) { coverage { targets reached
        byUnit(level: REGIONAL) { unit { id code } targets reached }
        missing(first: ${MISSING_PAGE}) { totalCount edges { node { id code } } } } } }`,
      { id: seriesId },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return data;
    const { coverage } = (
      data as {
        meetingSeries: {
          coverage: {
            targets: number;
            reached: number;
            byUnit: { unit: { id: string; code: string }; targets: number; reached: number }[];
            missing: { totalCount: number } & Edges<{ id: string; code: string }>;
          };
        };
      }
    ).meetingSeries;
    const answer: Coverage = {
      targets: coverage.targets,
      reached: coverage.reached,
      byRegion: coverage.byUnit
        .map((u) => ({ id: u.unit.id, code: u.unit.code, targets: u.targets, reached: u.reached }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      missingCount: coverage.missing.totalCount,
      missing: coverage.missing.edges.map((e) => e.node),
    };
    return answer;
  },
};

// ── Q12 ────────────────────────────────────────────────────────────────────────────────────────────
const Q12: ReadQuery = {
  name: 'Q12',
  title: "a count-only dashboard tile: how many meetings a region's subtree convened or took part in",
  call(implementation, targets) {
    const t = targets;
    if (implementation === 'baseline') return baseline('Q12', { path: t.regionPath });
    if (implementation === 'tanzim') {
      return graphql(
        `
          query Q12($unit: ID!) {
            meetings(filter: { unit: $unit, includeDescendants: true }, first: 0) {
              totalCount
            }
          }
        `,
        { unit: t.regionId },
      );
    }
    return graphql(
      `
        query Q12($code: String!) {
          orgUnitByCode(code: $code) {
            subtreeMeetings {
              totalCount
            }
          }
        }
      `,
      { code: t.regionCode },
    );
  },
  normalize(implementation, data) {
    if (implementation === 'baseline') return data;
    if (implementation === 'tanzim') {
      return { totalCount: (data as { meetings: { totalCount: number } }).meetings.totalCount };
    }
    return {
      totalCount: (data as { orgUnitByCode: { subtreeMeetings: { totalCount: number } } }).orgUnitByCode
        .subtreeMeetings.totalCount,
    };
  },
};

export const OFF_PATH_QUERIES: ReadQuery[] = [Q8, Q9, Q10, Q11, Q12];
