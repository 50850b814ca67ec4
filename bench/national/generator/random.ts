/**
 * Reproducible randomness: every stream is a mulberry32 generator seeded from the generator's fixed
 * seed and the stream's name, so one phase drawing more numbers never shifts what another draws.
 */
export const SEED = 'tanzim-national-bench-v1';

/** FNV-1a: a stable 32-bit number from a string. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;

  constructor(stream: string) {
    this.state = hashString(`${SEED}:${stream}`);
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An item drawn with the given relative weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let draw = this.next() * total;
    for (const [item, weight] of choices) {
      draw -= weight;
      if (draw < 0) return item;
    }
    return choices[choices.length - 1][0];
  }

  /** `count` distinct items (fewer when there are not that many), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

/** murmur3's finaliser: a bijection on 32-bit integers that scatters neighbouring inputs. */
function scatter(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const hex8 = (x: number) => x.toString(16).padStart(8, '0');

/**
 * Ids are derived from (kind, ordinal) rather than drawn, so a row's id does not depend on how many
 * numbers were drawn before it. They look like random v4 uuids (as gen_random_uuid() makes) so that
 * indexes get the same shape as in production; the first word is a bijection of the ordinal, which
 * keeps them unique within a kind.
 */
export function uuidOf(kind: string, ordinal: number): string {
  const salt = hashString(kind);
  const a = scatter((ordinal ^ salt) >>> 0);
  const b = scatter((a ^ 0x9e3779b9) >>> 0);
  const c = scatter((b ^ salt ^ 0x7f4a7c15) >>> 0);
  const d = scatter((c ^ 0x94d049bb) >>> 0);
  const w1 = hex8(b);
  const w2 = hex8(((c & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex8(a)}-${w1.slice(0, 4)}-4${w1.slice(5)}-${w2.slice(0, 4)}-${w2.slice(4)}${hex8(d)}`;
}
