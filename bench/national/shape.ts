/**
 * The shape of the national benchmark party, shared by the data generator and the side-by-side run:
 * unit codes are deterministic, so every implementation asks about the same units.
 */
export const REGIONS = 12;
export const PROVINCES = 75;
/** At scale 1; the number of local units grows with the scale (people, mandates and meetings too). */
export const LOCALS = 1600;

export const NATIONAL_CODE = 'BN';
const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const regionCode = (r: number) => `${NATIONAL_CODE}-R${pad(r, 2)}`;
export const provinceCode = (r: number, p: number) => `${regionCode(r)}-P${pad(p, 2)}`;
export const localCode = (r: number, p: number, l: number) => `${provinceCode(r, p)}-L${pad(l, 3)}`;

/** The units the queries are asked about (the first of each level). */
export const TARGETS = {
  /** Q1: a unit by code with its ancestors. */
  unit: localCode(1, 1, 1),
  /** Q2 and Q3: a region's subtree, and its dashboard. */
  region: regionCode(1),
  /** Q4 and Q5: a province's latest meetings, and the convener of the recorded meeting. */
  province: provinceCode(1, 1),
};

/** The national administrator the benchmark signs in as (created by the generator's database). */
export const BENCH_ADMIN = { email: 'bench-admin@tanzim.bench', password: 'bench-password-2026' };

/** Ten years of history end on this day; "current" mandates are those holding on it. */
export const DATA_END = '2026-10-31';
export const DATA_START = '2016-11-01';
/** Q3's "last 90 days", fixed so that every run and every implementation sees the same meetings. */
export const DASHBOARD_FROM = '2026-08-03';
