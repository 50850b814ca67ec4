import { Unit } from './model';
import { Random, uuidOf } from './random';
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES } from './vocabulary';

/** At scale 1. */
export const PEOPLE = 60_000;

const FEMALE_SHARE = 0.32;
const COMPOUND_FAMILY_NAME = 0.12;
const ARABIC_NAME_ONLY = 0.03;
const LATIN_NAME_ONLY = 0.02;
/** Where members are registered: mostly in local units, a few directly at a higher level. */
const HOME_LEVEL_SHARES = [
  ['LOCAL', 0.93],
  ['PROVINCIAL', 0.05],
  ['REGIONAL', 0.015],
  ['NATIONAL', 0.005],
] as const;
/** Every local unit gets at least this many members, whatever the scale. */
const MEMBERS_PER_LOCAL_AT_LEAST = 3;

const enum NameForm {
  Both,
  ArabicOnly,
  LatinOnly,
}

/**
 * The people of the registry, column-wise (a name is built from its parts when needed, not kept).
 * Every person has a home unit; names, gender and membership year are drawn from fixed lists.
 */
export class People {
  readonly count: number;
  readonly ids: string[];
  readonly female: Uint8Array;
  private readonly given: Uint16Array;
  private readonly family: Uint16Array;
  /** A second family name ("Alaoui Belghiti"), or -1. */
  private readonly family2: Int16Array;
  private readonly form: Uint8Array;
  readonly home: Int32Array;
  readonly joinedIn: Uint16Array;

  constructor(count: number, units: readonly Unit[], locals: readonly Unit[]) {
    this.count = count;
    this.ids = Array.from({ length: count }, (_, i) => uuidOf('person', i));
    this.female = new Uint8Array(count);
    this.given = new Uint16Array(count);
    this.family = new Uint16Array(count);
    this.family2 = new Int16Array(count);
    this.form = new Uint8Array(count);
    this.home = new Int32Array(count);
    this.joinedIn = new Uint16Array(count);

    const random = new Random('people');
    const pickHome = homePicker(random, units, locals);
    const guaranteed = locals.length * MEMBERS_PER_LOCAL_AT_LEAST;
    for (let i = 0; i < count; i++) {
      const female = random.chance(FEMALE_SHARE);
      this.female[i] = female ? 1 : 0;
      this.given[i] = random.int(0, (female ? FEMALE_NAMES : MALE_NAMES).length - 1);
      this.family[i] = random.int(0, FAMILY_NAMES.length - 1);
      this.family2[i] = random.chance(COMPOUND_FAMILY_NAME) ? random.int(0, FAMILY_NAMES.length - 1) : -1;
      const formDraw = random.next();
      this.form[i] =
        formDraw < ARABIC_NAME_ONLY
          ? NameForm.ArabicOnly
          : formDraw < ARABIC_NAME_ONLY + LATIN_NAME_ONLY
            ? NameForm.LatinOnly
            : NameForm.Both;
      const home = i < guaranteed ? locals[i % locals.length] : pickHome();
      this.home[i] = home.ordinal;
      home.members.push(i);
      this.joinedIn[i] = random.int(2009, 2016);
    }
  }

  private parts(i: number, script: 0 | 1): string {
    const given = (this.female[i] ? FEMALE_NAMES : MALE_NAMES)[this.given[i]][script];
    const family = FAMILY_NAMES[this.family[i]][script];
    const second = this.family2[i] >= 0 ? ` ${FAMILY_NAMES[this.family2[i]][script]}` : '';
    return `${given} ${family}${second}`;
  }

  nameAr(i: number): string | null {
    return this.form[i] === NameForm.LatinOnly ? null : this.parts(i, 0);
  }

  nameLatin(i: number): string | null {
    return this.form[i] === NameForm.ArabicOnly ? null : this.parts(i, 1);
  }

  /** The name a French text would use: Latin when known. */
  nameForFrench(i: number): string {
    return this.nameLatin(i) ?? this.parts(i, 0);
  }

  nameForArabic(i: number): string {
    return this.nameAr(i) ?? this.parts(i, 1);
  }

  /** For the e-mail address: the Latin name without accents or spaces. */
  handle(i: number): string {
    return this.parts(i, 1)
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]+/g, '.');
  }
}

/** Draws home units: a level by its share, then a unit of it (local units by a fixed size weight). */
function homePicker(random: Random, units: readonly Unit[], locals: readonly Unit[]): () => Unit {
  const byLevel = new Map<string, Unit[]>();
  for (const unit of units) {
    const level = byLevel.get(unit.level) ?? [];
    level.push(unit);
    byLevel.set(unit.level, level);
  }
  const sizes = new Random('local-sizes');
  const cumulative: number[] = [];
  let total = 0;
  for (let l = 0; l < locals.length; l++) cumulative.push((total += 0.4 + 1.2 * sizes.next()));
  const pickLocal = () => {
    const draw = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] > draw) high = mid;
      else low = mid + 1;
    }
    return locals[low];
  };
  return () => {
    const level = random.weighted(HOME_LEVEL_SHARES);
    return level === 'LOCAL' ? pickLocal() : random.pick(byLevel.get(level)!);
  };
}

/**
 * Someone from a unit's area: its own members, or (for a unit above the local level, half the time)
 * someone from the area of one of its sub-units.
 */
export function personIn(random: Random, unit: Unit): number {
  let current = unit;
  for (;;) {
    const own = current.members.length > 0;
    if (own && (current.children.length === 0 || random.chance(0.5))) return random.pick(current.members);
    if (current.children.length === 0) throw new Error(`Unit ${unit.code} has nobody in its area.`);
    current = random.pick(current.children);
  }
}
