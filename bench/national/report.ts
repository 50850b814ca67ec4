import { Asked } from './gate';
import { Statements, Timing } from './measure';
import { Key, LABELS, refusals, TANZIM_NODE_FLAGS } from './processes';
import { Q7_POSTGRAPHILE } from './q7';
import { QueryName, READ_QUERIES, ReadQuery } from './queries';
import { CONNECTIONS, EMBEDDED_QUERIES, settings } from './settings';

/** The Markdown report of a run: machine, data, statements, timings and verdicts. */
export interface ScaleResult {
  scale: number;
  generatedIn: number;
  counts: Record<string, string>;
  /** By `Qn:key`. */
  statements: Map<string, Statements>;
  answers: Map<string, Asked>;
  /** By `Qn:connections`; only at the timed scale. */
  timings?: Map<string, Map<Key, Timing>>;
  /** Meetings recorded through Tanzim during the run, and how many of them have their audit row. */
  tanzimWrites?: { meetings: number; audited: number };
}

export interface EmbeddedResult {
  scale: number;
  generatedIn: number;
  /** How its answers compare with PostgreSQL's at the same scale (null: that scale did not run there). */
  sameAsPostgres: string | null;
  timings: Map<string, Timing>;
}

export const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** autocannon measures latency in whole milliseconds. */
const ms = (value: number) => (value < 1 ? '< 1' : fixed(value));
const perRequest = (s: Statements | undefined) =>
  !s
    ? 'n/a'
    : `${fixed(s.data, Number.isInteger(s.data) ? 0 : 1)}${s.transaction ? ` (+${fixed(s.transaction, 1)} tx)` : ''}`;
const TITLES: Record<QueryName, string> = {
  ...(Object.fromEntries(READ_QUERIES.map((q) => [q.name, q.title])) as Record<
    Exclude<QueryName, 'Q5'>,
    string
  >),
  Q5: 'recordMeeting with 10 participants (the meeting, its participants, the idempotency key, the audit row)',
};
const PARTIAL = Object.fromEntries(READ_QUERIES.map((q) => [q.name, q.partial ?? {}])) as Partial<
  Record<QueryName, NonNullable<ReadQuery['partial']>>
>;
const ALL_QUERIES: QueryName[] = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12'];
const READ_NAMES = ALL_QUERIES.filter((q) => q !== 'Q5');
const SUBJECT_KEYS: Key[] = ['a', 'b', 'c', 'c20', 'cr'];
const SKIPS = Object.fromEntries(READ_QUERIES.map((q) => [q.name, q.skips ?? []])) as Partial<
  Record<QueryName, string[]>
>;
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** A target of the issue, judged for Tanzim on each Node. */
interface Verdict {
  text: string;
  node24: boolean;
  node20: boolean;
  detail: string;
}
type Measure = (key: 'c' | 'c20') => { met: boolean; detail: string };

function verdicts(timed: ScaleResult, scales: ScaleResult[]): Verdict[] {
  const all = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7'].every((q) => timed.timings!.has(`${q}:1`));
  if (!all || !timed.tanzimWrites) return [];
  const timing = (q: QueryName, c: number, key: Key) => timed.timings!.get(`${q}:${c}`)!.get(key)!;
  const judge = (text: string, measure: Measure, shared = ''): Verdict => {
    const [node24, node20] = [measure('c'), measure('c20')];
    return {
      text,
      node24: node24.met,
      node20: node20.met,
      detail: `Node 24: ${node24.detail}; Node 20: ${node20.detail}${shared}`,
    };
  };
  /** Tanzim's req/s over the other's, on every question and connection count. */
  const ratio =
    (queries: QueryName[], against: Key, factor: number): Measure =>
    (key) => {
      const ratios = queries.flatMap((q) =>
        CONNECTIONS.map((c) => ({ q, c, r: timing(q, c, key).rps / timing(q, c, against).rps })),
      );
      const worst = ratios.reduce((a, b) => (b.r < a.r ? b : a));
      return {
        met: ratios.every((x) => x.r >= factor),
        detail: `lowest ${fixed(worst.r, 2)}× (${worst.q}, ${worst.c} conn.)`,
      };
    };
  const statements: Measure = (key) => {
    const per = (['Q2', 'Q3', 'Q4'] as const).map((q) => {
      const all = scales.map((s) => s.statements.get(`${q}:${key}`)!).map((n) => n.data + n.transaction);
      // Rounded: Tanzim's loaders may split a batch in two when answers arrive apart, and its token
      // check writes the token's last use once a minute; both add a fraction now and then.
      const rounded = all.map(Math.round);
      return { q, all, met: rounded.every((n) => n <= 6 && n === rounded[0]) };
    });
    return {
      met: per.every((x) => x.met),
      detail: per.map((x) => `${x.q} ${x.all.map((n) => fixed(n, 1)).join(' → ')}`).join(', '),
    };
  };
  const constant: Measure = (key) => {
    const all = scales.map((s) => s.statements.get(`Q7:${key}`)!).map((n) => n.data + n.transaction);
    const rounded = all.map(Math.round);
    return { met: rounded.every((n) => n === rounded[0]), detail: all.map((n) => fixed(n, 1)).join(' → ') };
  };
  const latency: Measure = (key) => {
    const worst = (['Q1', 'Q2', 'Q3', 'Q4'] as const)
      .map((q) => ({ q, p99: timing(q, 10, key).p99 }))
      .reduce((a, b) => (b.p99 > a.p99 ? b : a));
    return { met: worst.p99 <= 50, detail: `worst ${ms(worst.p99)} ms (${worst.q})` };
  };
  const writes = timed.tanzimWrites!;
  const sustained: Measure = (key) => {
    const t = timing('Q5', 10, key);
    return {
      met: t.rps >= 200 && t.failures === 0 && writes.audited === writes.meetings,
      detail: `${fixed(t.rps)} writes/s, ${t.failures} failures`,
    };
  };
  return [
    judge('req/s ≥ 1.0× PostGraphile on Q1–Q4 and Q6', ratio(['Q1', 'Q2', 'Q3', 'Q4', 'Q6'], 'b', 1)),
    judge('req/s ≥ 0.5× the baseline on Q1–Q4', ratio(['Q1', 'Q2', 'Q3', 'Q4'], 'a', 0.5)),
    judge(
      `SQL statements per request on Q2–Q4 ≤ 6, the same at scale ${scales.map((s) => s.scale).join(' and ')}`,
      statements,
    ),
    judge('p99 ≤ 50 ms at 10 connections on Q1–Q4', latency),
    judge('Q7 req/s ≥ 0.5× the baseline (PostGraphile answers only part of Q7)', ratio(['Q7'], 'a', 0.5)),
    judge(
      `Q7 SQL statements per request the same at scale ${scales.map((s) => s.scale).join(' and ')}`,
      constant,
    ),
    judge(
      'Q5 ≥ 200 writes/s at 10 connections, each with its audit row, no errors',
      sustained,
      `; ${writes.audited} of the ${writes.meetings} meetings recorded through Tanzim have their audit row`,
    ),
  ];
}

export interface Machine {
  tanzim: string;
  cpu: string;
  memory: string;
  load: string;
  node20: string;
  node24: string;
  postgres: string;
  postgraphile: string;
  connectionFilter: string;
  aggregates: string;
  autocannon: string;
}

export function report(
  machine: Machine,
  scales: ScaleResult[],
  embedded: EmbeddedResult | undefined,
  minutes: number,
): string {
  const timed = scales[scales.length - 1];
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .map(([name, value]) => `${name}=${value} `)
    .join('');
  const statementsAt = (q: QueryName, key: Key) =>
    scales.map((s) => perRequest(s.statements.get(`${q}:${key}`))).join(' → ');
  const lines: string[] = [
    `# Side by side: ${new Date().toISOString().slice(0, 10)}`,
    '',
    'The same questions asked of (a) a hand-written SQL baseline, (b) PostGraphile and (c) Tanzim in production mode, on one PostgreSQL loaded by the national generator (`bench/national/generate.ts`).',
    '',
    '## Machine and versions',
    '',
    `- Tanzim at commit ${machine.tanzim}`,
    `- CPU: ${machine.cpu}; memory ${machine.memory}; load average ${machine.load} when the run started; the load generator, the servers and PostgreSQL share these cores`,
    `- Node ${machine.node20} (the machine's) and Node ${machine.node24} (\`bench/node24\`)`,
    `- PostgreSQL ${machine.postgres}, a private server started for the run (fsync off, \`pg_stat_statements\`)`,
    `- PostGraphile ${machine.postgraphile} (amber preset, postgraphile-plugin-connection-filter ${machine.connectionFilter}, @graphile/pg-aggregates ${machine.aggregates}), autocannon ${machine.autocannon}`,
    '',
    '## Command',
    '',
    `\`${env}npm run bench\`: ${fixed(minutes, 1)} minutes in all. Scales ${settings.scales.join(', ')} (statements counted at each, timing at ${timed.scale}); rounds of ${settings.duration} s after a ${settings.warmUp} s warm-up per implementation (discarded), ${settings.rounds} interleaved rounds (a, b, c on Node 24, c on Node 20, a, …), each started once the database has no query of the previous one still running, medians; connections ${CONNECTIONS.join(' and ')}; autocannon on loopback in the orchestrating process.`,
    '',
    '## Data',
    '',
    table(
      ['', ...scales.map((s) => `scale ${s.scale}`)],
      [
        ...Object.keys(timed.counts).map((label) => [label, ...scales.map((s) => s.counts[label])]),
        ['generated in', ...scales.map((s) => `${fixed(s.generatedIn)} s`)],
      ],
    ),
    '',
    '## What runs',
    '',
    `- ${LABELS.a}: one SQL statement per request builds the whole JSON answer (\`json_agg\`/\`json_build_object\`), sent back as is; prepared (named) statements; pool of 10; no GraphQL, no authentication.`,
    `- ${LABELS.b}: \`bench/postgraphile/server.mjs\`, amber preset with the connection filter plugin and \`@graphile/pg-aggregates\` (for Q7), set up as its documentation recommends: the index restriction on (only indexed columns are filtered and ordered on; Q7's unindexed columns opted in one by one with \`@isIndexed\`), and the questions its relations answer only by filtering every row written as STABLE SQL functions (\`bench/postgraphile/setup.sql\`), exposed as computed columns and root fields: a unit's ancestors (Q1), sub-units and officials on a day (Q2, Q3, Q6), meetings in a window with their counts (Q3), meetings (Q4), its subtree's meetings (Q10, Q12), the meeting search (Q8). No index of its own: every index the functions read is Tanzim's. Nulls last, grafserv on node:http, pool of 10, same database and role. **Not authenticated**: it has no authentication here, hence no region-scoped caller (Q9); Q11 is a rule over three relations its schema has no field for. Its function connections page by \`offset\` (Q4's second page, Q10's walk).`,
    `- ${LABELS.c} and ${LABELS.c20}: \`NODE_ENV=production SEED=none DATABASE_URL=… node ${TANZIM_NODE_FLAGS.join(' ')} dist/src/main.js\` (pool of 10, request logs to a file), authenticated with a national, read-write API token (created by the generator's administrator through \`login\` and \`createApiToken\`) sent as \`Authorization: Bearer\`.`,
    ...(refusals.length
      ? [
          `- Tanzim's production limits refused ${refusals.map((r) => `${r.query} (“${r.message}”)`).join(', ')}; both Tanzim servers then ran with ${[...new Set(refusals.map((r) => r.setting))].join(', ')} (the documented setting).`,
        ]
      : ["- Tanzim's production limits (depth, aliases, tokens, cost) accepted every question as is."]),
    '- Correctness gate before any timing, at every scale: each implementation’s answers to Q1–Q4 and Q6–Q12 (Q4: both pages; Q8 and Q9: every search; Q10: the deep page) are mapped to one shape and must be deep-equal to the baseline’s (Q7: Tanzim’s whole answer, PostGraphile’s the parts it answers; officials, participants and a unit’s dashboard meetings compared in id order; units and the latest meetings in the order answered); Q5 must write one meeting, 10 participants and one audit row. The region-scoped token’s answers are compared with the baseline’s on Q9 only (the baseline answers as that caller); on the other questions its scope is not the baseline’s.',
    `- Statements per request: \`pg_stat_statements\` is reset, ${settings.countedRequests} requests are sent one at a time (Q4 alternates its two pages), then the calls of every top-level statement of the benchmark database are summed (the counting queries excluded) and divided by the requests. Shown as “data statements (+ transaction control)”: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE are counted apart; statements run inside functions or triggers are not counted. Tanzim’s count includes checking the API token on every request (and writing its last use, once a minute); a fraction also comes from its loaders, which split a batch in two when answers arrive apart.`,
    '- req/s counts 2xx answers per second of a round (a round with fewer than two answers per connection is run again until it has them); p50 and p99 are autocannon’s latency percentiles, in whole milliseconds; Q4 alternates page 1 and page 2 (each page is a request); Q5 sends a fresh body (new idempotency key) with every request, dated before the data’s ten years so no read question sees it. c ÷ a and c ÷ b: each Tanzim row’s req/s over (a)’s and (b)’s at the same connections.',
    '',
    `## Results at scale ${timed.scale}`,
    '',
  ];
  const timings = timed.timings!;
  for (const q of ALL_QUERIES) {
    if (!timings.has(`${q}:1`)) continue;
    lines.push(`### ${q}: ${TITLES[q]}`, '');
    const rows: string[][] = [];
    for (const c of CONNECTIONS) {
      const timing = timings.get(`${q}:${c}`)!;
      for (const key of SUBJECT_KEYS) {
        const t = timing.get(key);
        if (!t) {
          if (key === 'b' && SKIPS[q]?.includes('postgraphile')) {
            rows.push([String(c), LABELS[key], 'does not answer', '', '', '', '', '', '', '']);
          }
          continue;
        }
        const partial = (k: Key) =>
          PARTIAL[q]?.[k === 'a' ? 'baseline' : k === 'b' ? 'postgraphile' : 'tanzim'];
        // A partial answer is not the same work: no ratio against it.
        const ratio = (against: Key) => {
          const other = timing.get(against);
          return key.startsWith('c') && other && !partial(against) ? `${fixed(t.rps / other.rps, 2)}×` : '';
        };
        const label = partial(key) ? `${LABELS[key]} (${partial(key)!.label})` : LABELS[key];
        rows.push([
          String(c),
          label,
          fixed(t.rps, t.rps < 10 ? 1 : 0),
          ms(t.p50),
          ms(t.p99),
          t.maxStatement === undefined ? '' : fixed(t.maxStatement, 1),
          statementsAt(q, key),
          ratio('a'),
          ratio('b'),
          t.failures ? `**${t.failures}**` : '0',
        ]);
      }
    }
    lines.push(
      table(
        [
          'conn.',
          'implementation',
          'req/s',
          'p50 ms',
          'p99 ms',
          'longest statement ms',
          `statements/request (scale ${scales.map((s) => s.scale).join(' → ')})`,
          'c ÷ a',
          'c ÷ b',
          'failures',
        ],
        rows,
      ),
      '',
    );
    if (q !== 'Q5') {
      const bytes = (['a', 'b', 'c', 'cr'] as const)
        .filter((key) => timed.answers.has(`${q}:${key}`))
        .map((key) => `(${key}) ${fixed(timed.answers.get(`${q}:${key}`)!.bytes / 1024, 1)} KB`);
      lines.push(`Response size (one page): ${bytes.join(', ')}.`, '');
      if (q === 'Q7') lines.push(Q7_POSTGRAPHILE, '');
    }
  }
  lines.push(...summary(timed), '');
  if (embedded) {
    lines.push(
      `## Embedded PGlite (scale ${embedded.scale})`,
      '',
      `Tanzim with no DATABASE_URL (\`NODE_ENV=production SEED=none DATA_DIR=… node ${TANZIM_NODE_FLAGS.join(' ')} dist/src/main.js\`, Node ${machine.node20}), the data loaded by the same generator through Tanzim's embedded server (${fixed(embedded.generatedIn)} s). PGlite has one session: Tanzim's pool is one connection, so requests queue. Its answers ${embedded.sameAsPostgres ?? 'were not compared (this scale did not run on PostgreSQL)'}. Statements are not counted here (PGlite has no \`pg_stat_statements\`).`,
      '',
      table(
        ['query', 'conn.', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
        EMBEDDED_QUERIES.filter((q) => embedded.timings.has(`${q}:1`)).flatMap((q) =>
          CONNECTIONS.map((c) => {
            const t = embedded.timings.get(`${q}:${c}`)!;
            return [q, String(c), fixed(t.rps, t.rps < 10 ? 1 : 0), ms(t.p50), ms(t.p99), String(t.failures)];
          }),
        ),
      ),
      '',
    );
  }
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  const earlier = verdicts(timed, scales);
  if (earlier.length) {
    lines.push(
      '## Targets of the earlier issues (Tanzim)',
      '',
      table(
        ['target', 'Node 24', 'Node 20', 'measured'],
        earlier.map((v) => [v.text, verdict(v.node24), verdict(v.node20), v.detail]),
      ),
      '',
    );
  }
  lines.push(
    '## Targets of issue 20 (Tanzim on Node 24)',
    '',
    table(
      ['target', 'verdict', 'measured'],
      issue20(timed).map((v) => [v.text, v.met === null ? 'not measured' : verdict(v.met), v.detail]),
    ),
    '',
  );
  return lines.join('\n');
}

// ── the summary and issue 20's targets ─────────────────────────────────────────────────────────────
const OFF_PATH_NAMES: QueryName[] = ['Q8', 'Q9', 'Q10', 'Q11', 'Q12'];

/** Every question on one table: Tanzim (Node 24) against the others, and the region-scoped token against the national one. */
function summary(timed: ScaleResult): string[] {
  const timings = timed.timings!;
  const get = (q: QueryName, c: number, key: Key) => timings.get(`${q}:${c}`)?.get(key);
  const over = (q: QueryName, c: number, key: Key, against: Key) => {
    const t = get(q, c, key);
    const o = get(q, c, against);
    const partial = PARTIAL[q]?.[against === 'b' ? 'postgraphile' : 'baseline'];
    return t && o && !partial ? `${fixed(t.rps / o.rps, 2)}×` : '';
  };
  const latency = (q: QueryName, c: number, key: Key) => {
    const t = get(q, c, key);
    return t ? `${ms(t.p50)} / ${ms(t.p99)}` : '';
  };
  const longest = (q: QueryName, key: Key) => {
    const all = CONNECTIONS.map((c) => get(q, c, key)?.maxStatement).filter(
      (x): x is number => x !== undefined,
    );
    return all.length ? fixed(Math.max(...all), 1) : '';
  };
  const rows = ALL_QUERIES.filter((q) => timings.has(`${q}:1`)).map((q) => [
    q,
    ...CONNECTIONS.map((c) => over(q, c, 'c', 'a')),
    ...CONNECTIONS.map((c) => over(q, c, 'c', 'b')),
    ...CONNECTIONS.map((c) => latency(q, c, 'c')),
    latency(q, 10, 'a'),
    longest(q, 'c'),
    longest(q, 'a'),
    ...CONNECTIONS.map((c) => over(q, c, 'cr', 'c')),
  ]);
  return [
    '## Summary (Tanzim on Node 24)',
    '',
    'c ÷ a and c ÷ b: req/s over the baseline’s and PostGraphile’s (none against a partial answer); p50 / p99 in ms; longest statement: the longest execution of any statement in the database while that implementation’s rounds ran (`pg_stat_statements` `max_exec_time`, reset before each round), over both connection counts; scoped ÷ national: the region-scoped token’s req/s over the national token’s, same server (Q9: the same search, each caller in its own scope).',
    '',
    table(
      [
        'question',
        ...CONNECTIONS.map((c) => `c ÷ a (${c})`),
        ...CONNECTIONS.map((c) => `c ÷ b (${c})`),
        ...CONNECTIONS.map((c) => `c p50 / p99 (${c})`),
        'a p50 / p99 (10)',
        'c longest statement ms',
        'a longest statement ms',
        ...CONNECTIONS.map((c) => `scoped ÷ national (${c})`),
      ],
      rows,
    ),
  ];
}

interface Target20 {
  text: string;
  met: boolean | null;
  detail: string;
}
function issue20(timed: ScaleResult): Target20[] {
  const timings = timed.timings!;
  const get = (q: QueryName, c: number, key: Key) => timings.get(`${q}:${c}`)?.get(key);
  const judge = (
    text: string,
    checks: { what: string; value: number; ok: boolean }[],
    worst: 'min' | 'max',
    unit = '',
  ): Target20 => {
    if (!checks.length) return { text, met: null, detail: '' };
    const failing = checks.filter((x) => !x.ok);
    const pick = checks.reduce((a, b) => ((worst === 'min' ? b.value < a.value : b.value > a.value) ? b : a));
    return {
      text,
      met: failing.length === 0,
      detail: `${worst === 'min' ? 'lowest' : 'highest'} ${fixed(pick.value, 2)}${unit} (${pick.what})${failing.length ? `; missed on ${failing.map((x) => x.what).join(', ')}` : ''}`,
    };
  };
  const each = <X>(queries: QueryName[], conns: number[], f: (q: QueryName, c: number) => X | null) =>
    queries.flatMap((q) => conns.map((c) => f(q, c))).filter((x): x is X => x !== null);
  // Q9 is a region's secretary's search, which the baseline answers as that caller: judged by the
  // region-scoped token; the national token's search of the whole country is another question.
  const asker = (q: QueryName): Key => (q === 'Q9' ? 'cr' : 'c');
  const ratio = (q: QueryName, c: number, key: Key, against: Key, factor: number) => {
    const t = get(q, c, key);
    const o = get(q, c, against);
    if (!t || !o || PARTIAL[q]?.[against === 'b' ? 'postgraphile' : 'baseline']) return null;
    const value = t.rps / o.rps;
    return { what: `${q}, ${c} conn.`, value, ok: value >= factor };
  };
  return [
    judge(
      'Q8–Q12: p50 ≤ 50 ms at 1 connection',
      each(OFF_PATH_NAMES, [1], (q, c) => {
        const t = get(q, c, asker(q));
        return t ? { what: q, value: t.p50, ok: t.p50 <= 50 } : null;
      }),
      'max',
      ' ms',
    ),
    judge(
      'Q8–Q12: ≥ 0.5× the baseline at 10 connections',
      each(OFF_PATH_NAMES, [10], (q, c) => ratio(q, c, asker(q), 'a', 0.5)),
      'min',
      '×',
    ),
    judge(
      'Q8–Q12: no statement over 100 ms',
      each(OFF_PATH_NAMES, CONNECTIONS, (q, c) => {
        const t = get(q, c, asker(q));
        return t?.maxStatement === undefined
          ? null
          : { what: `${q}, ${c} conn.`, value: t.maxStatement, ok: t.maxStatement <= 100 };
      }),
      'max',
      ' ms',
    ),
    judge(
      'scoped ÷ national ≥ 0.8 on every read question a region asks',
      each(READ_NAMES, CONNECTIONS, (q, c) => ratio(q, c, 'cr', 'c', 0.8)),
      'min',
      '×',
    ),
    judge(
      '≥ 1.1× PostGraphile (expert set-up) on every read question it answers, 1 and 10 connections',
      each(READ_NAMES, CONNECTIONS, (q, c) => ratio(q, c, 'c', 'b', 1.1)),
      'min',
      '×',
    ),
    judge(
      'p99 at 10 connections ≤ 1.5× the baseline’s p99, every read question',
      each(READ_NAMES, [10], (q, c) => {
        const t = get(q, c, asker(q));
        const a = get(q, c, 'a');
        if (!t || !a) return null;
        const value = t.p99 / Math.max(a.p99, 1);
        return { what: q, value, ok: value <= 1.5 };
      }),
      'max',
      '×',
    ),
    judge(
      'Q5 ≥ 1.0× PostGraphile',
      each(['Q5'], CONNECTIONS, (q, c) => ratio(q, c, 'c', 'b', 1)),
      'min',
      '×',
    ),
  ];
}
