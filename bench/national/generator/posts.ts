import { OrgUnitLevel } from '../../../src/org-units/org-unit.entity';
import { MandateEndReason } from '../../../src/positions/mandate.entity';
import { defaultPositionTitles } from '../../../src/positions/position.rules';
import { DATA_END, DATA_START } from '../shape';
import { dayOf, isoOf } from './calendar';
import { Post, Term, Unit } from './model';
import { personIn } from './people';
import { Random, uuidOf } from './random';

export interface RoleTitles {
  titleAr: string;
  titleFr: string;
}

/** The posts of a unit by level: one secretary-general everywhere, a full bureau higher up. */
const POSTS: Record<OrgUnitLevel, readonly (readonly [role: string, seats: number])[]> = {
  NATIONAL: [
    ['SECRETARY_GENERAL', 1],
    ['DEPUTY_SECRETARY_GENERAL', 2],
    ['COORDINATOR', 1],
    ['COUNCIL_PRESIDENT', 1],
    ['TREASURER', 1],
    ['SPOKESPERSON', 1],
    ['BUREAU_MEMBER', 12],
  ],
  REGIONAL: [
    ['SECRETARY_GENERAL', 1],
    ['DEPUTY_SECRETARY_GENERAL', 1],
    ['COORDINATOR', 1],
    ['TREASURER', 1],
    ['BUREAU_MEMBER', 5],
  ],
  PROVINCIAL: [
    ['SECRETARY_GENERAL', 1],
    ['DEPUTY_SECRETARY_GENERAL', 1],
    ['TREASURER', 1],
    ['BUREAU_MEMBER', 3],
  ],
  LOCAL: [['SECRETARY_GENERAL', 1]],
};
/** Larger local units also have a deputy secretary. */
const LOCAL_DEPUTY_SHARE = 0.15;

const FIRST_DAY = dayOf(DATA_START);
const LAST_DAY = dayOf(DATA_END);

/**
 * Seat turnover, tuned so that about 40,000 mandates fill ten years at scale 1 while about 2,000 run
 * on the last day: regular terms of a few months to a year, acting holders for a few weeks, often a
 * vacancy between two holders, and a few seats left empty for good.
 */
const ACTING_SHARE = 0.22;
const ACTING_DAYS = [20, 120] as const;
const REGULAR_DAYS = [100, 360] as const;
const HANDOVER_THE_NEXT_DAY = 0.5;
const VACANCY_DAYS = [5, 90] as const;
const RENEWED = 0.3;
const SUSPENDED = 0.02;
const ABANDONED_SEAT = 0.05;
const START_UNKNOWN = 0.04;
const ATTESTED_LATER = 0.15;
const WITH_SOURCE = 0.5;

const REASON_ON_HANDOVER: readonly (readonly [MandateEndReason, number])[] = [
  ['REPLACED', 0.6],
  ['TERM_COMPLETED', 0.4],
];
const REASON_BEFORE_VACANCY: readonly (readonly [MandateEndReason, number])[] = [
  ['RESIGNED', 0.45],
  ['TERM_COMPLETED', 0.25],
  ['DISMISSED', 0.1],
  ['DECEASED', 0.03],
  ['OTHER', 0.17],
];

/** Creates every unit's posts (ids, titles, seats); the mandates come with `fillPosts`. */
export function createPosts(units: readonly Unit[], roles: ReadonlyMap<string, RoleTitles>): Post[] {
  const random = new Random('posts');
  const posts: Post[] = [];
  for (const unit of units) {
    const hasDeputy = unit.level === 'LOCAL' && random.chance(LOCAL_DEPUTY_SHARE);
    const definitions: (readonly [string, number])[] = [...POSTS[unit.level]];
    if (hasDeputy) definitions.push(['DEPUTY_SECRETARY_GENERAL', 1]);
    for (const [roleCode, seats] of definitions) {
      const role = roles.get(roleCode);
      if (!role) throw new Error(`The role catalogue has no ${roleCode}.`);
      const post: Post = {
        id: uuidOf('position', posts.length),
        unit,
        roleCode,
        ...defaultPositionTitles(role, unit.level),
        seats,
        terms: [],
      };
      unit.posts.push(post);
      posts.push(post);
    }
  }
  return posts;
}

/**
 * Gives every seat of every post its succession of holders over the history, from the unit's
 * founding (or the registry's first day) to the last day of the data. Holders come from the unit's
 * area; a person may be renewed on a seat, and may hold another seat of the unit later, never two at
 * the same time.
 */
export function fillPosts(posts: readonly Post[]): Term[] {
  const random = new Random('mandates');
  const all: Term[] = [];
  const holdersOf = new Map<Unit, UnitHolders>();
  for (const post of posts) {
    const holders = holdersOf.get(post.unit) ?? new UnitHolders(random, post.unit);
    holdersOf.set(post.unit, holders);
    for (let seat = 1; seat <= post.seats; seat++) {
      const terms = seatHistory(random, post, seat, holders, all.length);
      post.terms.push(terms);
      all.push(...terms);
    }
  }
  return all;
}

/**
 * Who held which seat of a unit's posts, and when. The database forbids one person two overlapping
 * terms on one post (mandate_no_double_term); beyond that, a secretary who is also the treasurer of
 * the same unit would read as a data error, so holders hold one seat of the unit at a time, unless
 * the unit's area is too small for that (at small scales).
 */
class UnitHolders {
  private readonly held = new Map<number, { post: Post; seat: number; from: number; to: number }[]>();

  constructor(
    private readonly random: Random,
    private readonly unit: Unit,
  ) {}

  /** Whether `person` holds no other seat of the unit (or, `postOnly`, of the post) over the term. */
  free(person: number, post: Post, seat: number, from: number, to: number, postOnly = false): boolean {
    return !(this.held.get(person) ?? []).some(
      (t) =>
        (t.post !== post || t.seat !== seat) &&
        (!postOnly || t.post === post) &&
        t.from <= to &&
        from <= t.to,
    );
  }

  /**
   * Someone of the unit's area free over the term, other than the previous holder when possible;
   * in a small area, someone free on this post only, or else someone of the parent's area.
   */
  pick(post: Post, seat: number, from: number, to: number, previous: number | null): number {
    for (let attempt = 0; attempt < 600; attempt++) {
      const area = attempt < 400 ? this.unit : (this.unit.parent ?? this.unit);
      const person = personIn(this.random, area);
      if (person === previous && attempt < 20) continue;
      if (this.free(person, post, seat, from, to, attempt >= 200)) return person;
    }
    throw new Error(`Nobody is free to hold a seat of ${this.unit.code}.`);
  }

  record(person: number, post: Post, seat: number, from: number, to: number): void {
    const terms = this.held.get(person) ?? [];
    terms.push({ post, seat, from, to });
    this.held.set(person, terms);
  }
}

function seatHistory(
  random: Random,
  post: Post,
  seat: number,
  holders: UnitHolders,
  firstOrdinal: number,
): Term[] {
  const terms: Term[] = [];
  const runningWhenRecordsBegin = post.unit.foundedOn < FIRST_DAY;
  const vacantFrom = random.chance(ABANDONED_SEAT) ? random.int(LAST_DAY - 900, LAST_DAY - 30) : Infinity;
  const lastHeldDay = Math.min(LAST_DAY, vacantFrom - 1);
  // A term already running when the registry begins is only attested, in its first weeks.
  let from = runningWhenRecordsBegin
    ? FIRST_DAY + random.int(0, 60)
    : post.unit.foundedOn + random.int(0, 30);
  let previous: number | null = null;
  let renewing = false;
  while (from <= lastHeldDay) {
    const acting = random.chance(ACTING_SHARE);
    let startsOn: number | null = from;
    let attestedOn: number | null = null;
    if (terms.length === 0 && runningWhenRecordsBegin) {
      startsOn = null;
      attestedOn = from;
    } else if (from + 20 <= lastHeldDay && random.chance(START_UNKNOWN)) {
      // The start was not recorded: the term runs from the day it was first attested.
      from += random.int(0, 20);
      startsOn = null;
      attestedOn = from;
    }
    const length = acting ? random.int(...ACTING_DAYS) : random.int(...REGULAR_DAYS);
    const last = from + length - 1 >= lastHeldDay;
    // The last term runs on past the data's last day, unless the seat is left vacant before.
    const to = !last ? from + length - 1 : vacantFrom === Infinity ? Infinity : lastHeldDay;
    if (startsOn !== null && random.chance(ATTESTED_LATER)) {
      attestedOn = Math.min(from + random.int(0, 60), to, lastHeldDay);
    }
    const person: number =
      renewing && previous !== null && holders.free(previous, post, seat, from, to)
        ? previous
        : holders.pick(post, seat, from, to, previous);
    holders.record(person, post, seat, from, to);
    const term: Term = {
      id: uuidOf('mandate', firstOrdinal + terms.length),
      person,
      seat,
      from,
      to,
      startsOn,
      attestedOn,
      status: acting ? 'ACTING' : random.chance(SUSPENDED) ? 'SUSPENDED' : 'ACTIVE',
      endReason: null,
      source: random.chance(WITH_SOURCE) ? sourceOf(random, from) : null,
    };
    terms.push(term);
    if (last) {
      if (Number.isFinite(to)) term.endReason = random.weighted(REASON_BEFORE_VACANCY);
      break;
    }
    const handover = random.chance(HANDOVER_THE_NEXT_DAY);
    renewing = handover && !acting && random.chance(RENEWED);
    term.endReason = renewing
      ? 'TERM_COMPLETED'
      : random.weighted(handover ? REASON_ON_HANDOVER : REASON_BEFORE_VACANCY);
    from = to + 1 + (handover ? 0 : random.int(...VACANCY_DAYS));
    previous = person;
  }
  return terms;
}

function sourceOf(random: Random, day: number): string {
  return random.chance(0.5)
    ? `محضر التعيين بتاريخ ${isoOf(day)}`
    : `Procès-verbal de désignation du ${isoOf(day)}`;
}

/** The term of a seat running on `day`, if any (terms are in time order). */
export function termOn(terms: readonly Term[], day: number): Term | undefined {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const term = terms[mid];
    if (day < term.from) high = mid - 1;
    else if (day > term.to) low = mid + 1;
    else return term;
  }
  return undefined;
}
