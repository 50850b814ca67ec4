import { searchText } from '../../../src/common/text';
import {
  Attendance,
  MeetingKind,
  MeetingStatus,
  MeetingUnitRole,
  OutcomeKind,
  OutcomeStatus,
  ParticipantRole,
  PartOfDay,
} from '../../../src/meetings/meeting.entity';
import { OrgUnitLevel } from '../../../src/org-units/org-unit.entity';
import { DASHBOARD_FROM, DATA_END, DATA_START } from '../shape';
import { BulkTable } from './bulk';
import { dayOf, isoOf, momentOn } from './calendar';
import { Post, Term, Unit } from './model';
import { People, personIn } from './people';
import { termOn } from './posts';
import { Random, uuidOf } from './random';
import { Series, SeriesIndex } from './series';
import {
  Bilingual,
  CLOSING_ITEM,
  GUEST_QUALITIES,
  MEETING_TITLES,
  OPENING_ITEM,
  OUTCOME_PHRASES,
  TOPICS,
} from './vocabulary';

const FIRST_DAY = dayOf(DATA_START);
const LAST_DAY = dayOf(DATA_END);
const DASHBOARD_FIRST_DAY = dayOf(DASHBOARD_FROM);

/**
 * Meetings a unit convenes per year, by level. The fixed units (national, regional, provincial) keep
 * their rhythm at every scale; local units, whose number scales, bring about 180,000 of the 200,000
 * meetings at scale 1.
 */
const MEETINGS_PER_YEAR: Record<OrgUnitLevel, number> = {
  NATIONAL: 60,
  REGIONAL: 30,
  PROVINCIAL: 20,
  LOCAL: 11.3,
};

const KINDS: Record<OrgUnitLevel, readonly (readonly [MeetingKind, number])[]> = {
  NATIONAL: [
    ['BUREAU', 45],
    ['COUNCIL', 15],
    ['OUTREACH', 10],
    ['TRAINING', 10],
    ['CONGRESS', 1],
    ['OTHER', 19],
  ],
  REGIONAL: [
    ['BUREAU', 38],
    ['OUTREACH', 18],
    ['COUNCIL', 15],
    ['TRAINING', 15],
    ['CONGRESS', 1],
    ['OTHER', 13],
  ],
  PROVINCIAL: [
    ['BUREAU', 40],
    ['OUTREACH', 25],
    ['COUNCIL', 8],
    ['GENERAL_ASSEMBLY', 4],
    ['TRAINING', 12],
    ['CONGRESS', 1],
    ['OTHER', 10],
  ],
  LOCAL: [
    ['BUREAU', 45],
    ['OUTREACH', 25],
    ['GENERAL_ASSEMBLY', 6],
    ['TRAINING', 7],
    ['OTHER', 17],
  ],
};

/** People at a meeting, by the convener's level; assemblies and congresses draw more. */
const ATTENDANCE_RANGE: Record<OrgUnitLevel, readonly [number, number]> = {
  NATIONAL: [20, 60],
  REGIONAL: [15, 40],
  PROVINCIAL: [12, 30],
  LOCAL: [4, 12],
};
/** Sub-units asked to a meeting of a unit above the local level. */
const SUB_UNITS_ASKED: Record<OrgUnitLevel, readonly [number, number]> = {
  NATIONAL: [3, 12],
  REGIONAL: [2, 6],
  PROVINCIAL: [2, 8],
  LOCAL: [0, 0],
};
const COORDINATED_BY_PARENT = 0.12;
const PARENT_OFFICIAL_SPEAKS_LOCALLY = 0.06;
const OFFICIAL_ATTENDS = 0.75;
const WALK_IN = 0.12;
const RECENT_STILL_PLANNED = 0.3;
const CANCELLED = 0.04;
const IN_A_SERIES = 0.8;
const ATTENDANCE_RECORDED = 0.9;
const WITH_SUMMARY = 0.35;
const WITH_PLACE = 0.7;
const WITH_SOURCE = 0.04;

const ITEM_COUNTS: readonly (readonly [number, number])[] = [
  [1, 20],
  [2, 35],
  [3, 30],
  [4, 15],
];
const OUTCOME_COUNTS: readonly (readonly [number, number])[] = [
  [0, 30],
  [1, 45],
  [2, 20],
  [3, 5],
];
const ATTENDANCE_OF_INVITED: readonly (readonly [Attendance, number])[] = [
  ['ATTENDED', 85],
  ['EXCUSED', 8],
  ['ABSENT', 7],
];
const OUTCOME_KINDS: readonly (readonly [OutcomeKind, number])[] = [
  ['DECISION', 40],
  ['COMMITMENT', 35],
  ['RECOMMENDATION', 25],
];
const PARTS_OF_DAY: readonly (readonly [PartOfDay, number])[] = [
  ['MORNING', 40],
  ['AFTERNOON', 40],
  ['EVENING', 20],
];

/** Which languages a meeting's record is written in (the secretary's habit, for the whole record). */
type Writing = 'both' | 'arabic only' | 'french only';
const WRITINGS: readonly (readonly [Writing, number])[] = [
  ['both', 90],
  ['arabic only', 5],
  ['french only', 5],
];

export type MeetingTables = ReturnType<typeof meetingTables>;

export const meetingTables = () => ({
  meeting: new BulkTable(
    'meeting',
    [
      ['id', 'uuid'],
      ['kind', 'text'],
      ['status', 'text'],
      ['title_ar', 'text'],
      ['title_fr', 'text'],
      ['summary_ar', 'text'],
      ['summary_fr', 'text'],
      ['held_on', 'date'],
      ['starts_at', 'timestamptz'],
      ['ends_at', 'timestamptz'],
      ['part_of_day', 'text'],
      ['place', 'text'],
      ['territory_id', 'uuid'],
      ['convening_unit_id', 'uuid'],
      ['series_id', 'uuid'],
      ['search_text', 'text'],
      ['created_at', 'timestamptz'],
    ],
    { updated_at: 'created_at' },
  ),
  meetingUnit: new BulkTable('meeting_unit', [
    ['meeting_id', 'uuid'],
    ['org_unit_id', 'uuid'],
    ['role', 'text'],
    // The meeting's day, start and convener: the database's trigger would copy them, but it is off
    // during the load.
    ['held_on', 'date'],
    ['starts_at', 'timestamptz'],
    ['convening_unit_id', 'uuid'],
  ]),
  participation: new BulkTable('participation', [
    ['id', 'uuid'],
    ['meeting_id', 'uuid'],
    ['person_id', 'uuid'],
    ['guest_name', 'text'],
    ['role', 'text'],
    ['represented_unit_id', 'uuid'],
    ['mandate_id', 'uuid'],
    ['invited', 'bool'],
    ['attendance', 'text'],
    ['created_at', 'timestamptz'],
  ]),
  agendaItem: new BulkTable('agenda_item', [
    ['id', 'uuid'],
    ['meeting_id', 'uuid'],
    ['position', 'int4'],
    ['title_ar', 'text'],
    ['title_fr', 'text'],
    ['notes', 'text'],
  ]),
  outcome: new BulkTable(
    'outcome',
    [
      ['id', 'uuid'],
      ['meeting_id', 'uuid'],
      ['kind', 'text'],
      ['text_ar', 'text'],
      ['text_fr', 'text'],
      ['due_on', 'date'],
      ['status', 'text'],
      ['closed_on', 'date'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    // A closed outcome was updated once, when it was closed.
    { version: `CASE WHEN status = 'OPEN' THEN 1 ELSE 2 END` },
  ),
  outcomeOwner: new BulkTable('outcome_owner', [
    ['id', 'uuid'],
    ['outcome_id', 'uuid'],
    ['position', 'int4'],
    ['person_id', 'uuid'],
    ['org_unit_id', 'uuid'],
  ]),
  source: new BulkTable('meeting_source', [
    ['id', 'uuid'],
    ['meeting_id', 'uuid'],
    ['title', 'text'],
    ['author', 'text'],
    ['published_on', 'date'],
    ['note', 'text'],
  ]),
});

/**
 * When and by whom every meeting is convened, in the order they are written: by day, as a registry
 * fills up. Each entry packs (day, unit, must-be-held) into one number so that sorting is numeric.
 */
export class MeetingPlan {
  private static readonly UNIT_SLOTS = 1 << 17;
  private readonly entries: Float64Array;

  constructor(units: readonly Unit[]) {
    if (units.length >= MeetingPlan.UNIT_SLOTS) throw new Error('Too many units for the meeting plan.');
    const random = new Random('meeting-plan');
    const entries: number[] = [];
    const add = (day: number, unit: Unit, mustBeHeld: boolean) =>
      entries.push((day * MeetingPlan.UNIT_SLOTS + unit.ordinal) * 2 + (mustBeHeld ? 1 : 0));
    for (const unit of units) {
      const first = Math.max(FIRST_DAY, unit.foundedOn + 7);
      const years = (LAST_DAY - first + 1) / 365.25;
      const count = Math.round(MEETINGS_PER_YEAR[unit.level] * years * (0.6 + 0.8 * random.next()));
      for (let k = 0; k < count; k++) add(random.int(first, LAST_DAY), unit, false);
      // Every local unit has held a meeting lately: the dashboard's last 90 days show each of them.
      if (unit.level === 'LOCAL') add(random.int(DASHBOARD_FIRST_DAY, LAST_DAY - 14), unit, true);
    }
    this.entries = Float64Array.from(entries).sort();
  }

  get length(): number {
    return this.entries.length;
  }

  at(i: number): { day: number; unit: number; mustBeHeld: boolean } {
    const entry = this.entries[i];
    const slot = Math.floor(entry / 2);
    return {
      day: Math.floor(slot / MeetingPlan.UNIT_SLOTS),
      unit: slot % MeetingPlan.UNIT_SLOTS,
      mustBeHeld: entry % 2 === 1,
    };
  }
}

interface Attendee {
  person: number;
  role: ParticipantRole;
  unit: Unit | null;
  term: Term | null;
  invited: boolean;
}

interface Official {
  post: Post;
  term: Term;
}

/** Who holds a unit's posts on a day, in the order of its posts (secretary-general first). */
function officialsOn(unit: Unit, day: number): Official[] {
  const officials: Official[] = [];
  for (const post of unit.posts) {
    for (const terms of post.terms) {
      const term = termOn(terms, day);
      if (term) officials.push({ post, term });
    }
  }
  return officials;
}

/** The head among a unit's officials: its secretary-general, else a deputy. */
function headOf(officials: readonly Official[]): Official | undefined {
  return (
    officials.find((o) => o.post.roleCode === 'SECRETARY_GENERAL') ??
    officials.find((o) => o.post.roleCode === 'DEPUTY_SECRETARY_GENERAL')
  );
}

const headOn = (unit: Unit, day: number) => headOf(officialsOn(unit, day));

/** Writes each planned meeting with its participants, units, agenda, outcomes and sources. */
export class MeetingWriter {
  private readonly random = new Random('meetings');
  private participations = 0;
  private agendaItems = 0;
  private outcomes = 0;
  private outcomeOwners = 0;
  private sources = 0;

  constructor(
    private readonly people: People,
    private readonly series: SeriesIndex,
    private readonly tables: MeetingTables,
  ) {}

  write(ordinal: number, unit: Unit, day: number, mustBeHeld: boolean): void {
    const random = this.random;
    const id = uuidOf('meeting', ordinal);
    const kind = random.weighted(KINDS[unit.level]);
    const status: MeetingStatus = mustBeHeld
      ? 'HELD'
      : day > LAST_DAY - 14 && random.chance(RECENT_STILL_PLANNED)
        ? 'PLANNED'
        : random.chance(CANCELLED)
          ? 'CANCELLED'
          : 'HELD';
    const series = kind === 'OUTREACH' && random.chance(IN_A_SERIES) ? this.series.find(unit, day) : null;
    const writing = random.weighted(WRITINGS);
    const ar = (text: string) => (writing === 'french only' ? null : text);
    const fr = (text: string) => (writing === 'arabic only' ? null : text);

    const topics = random.sample(TOPICS, random.weighted(ITEM_COUNTS));
    const items: Bilingual[] = [
      ...(kind === 'BUREAU' && random.chance(0.5) ? [OPENING_ITEM] : []),
      ...topics,
      ...(random.chance(0.3) ? [CLOSING_ITEM] : []),
    ];
    const [kindAr, kindFr] = MEETING_TITLES[kind];
    const titleAr =
      kind === 'TRAINING' ? `${kindAr}: ${topics[0][0]} — ${unit.nameAr}` : `${kindAr} — ${unit.nameAr}`;
    const titleFr =
      kind === 'TRAINING' ? `${kindFr} : ${topics[0][1]} — ${unit.nameFr}` : `${kindFr} — ${unit.nameFr}`;

    const { attendees, units } = this.attendeesOf(unit, day, kind, status, series);
    const chair = attendees[0].person;
    const withSummary = status === 'HELD' && random.chance(WITH_SUMMARY);
    const summaryAr = withSummary
      ? ar(`ترأس الاجتماع ${this.people.nameForArabic(chair)}، وتدارس الحاضرون: ${topics[0][0]}.`)
      : null;
    const summaryFr = withSummary
      ? fr(`Réunion présidée par ${this.people.nameForFrench(chair)} ; à l’ordre du jour : ${topics[0][1]}.`)
      : null;
    const place = random.chance(WITH_PLACE) ? this.placeOf(unit, writing) : null;

    const { startsAt, endsAt, partOfDay } = this.timingOn(day);
    const recordedOn =
      status === 'PLANNED'
        ? day - random.int(3, 20)
        : status === 'CANCELLED'
          ? day - random.int(1, 10)
          : Math.min(day + random.int(0, 4), LAST_DAY);
    const recordedAt = random.int(8 * 60, 21 * 60);

    const notes = items.map(() =>
      random.chance(0.08) ? this.noteBy(personIn(random, unit), writing) : null,
    );
    const agendaTitles = items.map(([itemAr, itemFr]) => [ar(itemAr), fr(itemFr)] as const);
    this.tables.meeting.add(
      id,
      kind,
      status,
      ar(titleAr),
      fr(titleFr),
      summaryAr,
      summaryFr,
      isoOf(day),
      startsAt,
      endsAt,
      partOfDay,
      place,
      random.chance(0.85) ? unit.territoryId : null,
      unit.id,
      series?.id ?? null,
      searchText(
        ar(titleAr),
        fr(titleFr),
        summaryAr,
        summaryFr,
        place,
        agendaTitles
          .flatMap(([itemAr, itemFr], i) => [itemAr, itemFr, notes[i]])
          .filter((t): t is string => !!t),
      ),
      momentOn(recordedOn, recordedAt),
    );
    for (const part of units) {
      this.tables.meetingUnit.add(id, part.unit.id, part.role, isoOf(day), startsAt, unit.id);
    }
    agendaTitles.forEach(([itemAr, itemFr], i) =>
      this.tables.agendaItem.add(
        uuidOf('agenda_item', this.agendaItems++),
        id,
        i + 1,
        itemAr,
        itemFr,
        notes[i],
      ),
    );
    this.writeParticipants(id, attendees, status, recordedOn, recordedAt);
    if (status === 'HELD') {
      this.writeOutcomes(id, unit, day, topics, attendees, units, writing, recordedOn, recordedAt);
      if (random.chance(WITH_SOURCE)) {
        this.tables.source.add(
          uuidOf('meeting_source', this.sources++),
          id,
          ar(titleAr) ?? titleFr,
          this.people.nameForFrench(personIn(random, unit)),
          isoOf(Math.min(day + random.int(0, 3), LAST_DAY)),
          writing === 'french only'
            ? 'Compte rendu publié sur la page du secrétariat'
            : 'تقرير منشور على صفحة الأمانة',
        );
      }
    }
  }

  /**
   * The convener (the unit's head, else any member), its other officials, the heads of sub-units
   * asked to come (or of a tour's targets), sometimes the parent's head, then members of the area.
   */
  private attendeesOf(
    unit: Unit,
    day: number,
    kind: MeetingKind,
    status: MeetingStatus,
    series: Series | null,
  ): { attendees: Attendee[]; units: { unit: Unit; role: MeetingUnitRole }[] } {
    const random = this.random;
    const attendees: Attendee[] = [];
    const units: { unit: Unit; role: MeetingUnitRole }[] = [];
    const add = (person: number, role: ParticipantRole, represented: Unit | null, term: Term | null) => {
      if (attendees.some((a) => a.person === person)) return false;
      attendees.push({ person, role, unit: represented, term, invited: true });
      return true;
    };

    const officials = officialsOn(unit, day);
    const head = headOf(officials);
    if (head) add(head.term.person, 'CONVENER', unit, head.term);
    else add(personIn(random, unit), 'CONVENER', unit, null);
    for (const official of officials) {
      if (official !== head && random.chance(OFFICIAL_ATTENDS)) {
        add(official.term.person, 'ATTENDEE', unit, official.term);
      }
    }

    const asked = series?.organizer === unit ? series.targets : unit.children;
    const [fewest, most] = SUB_UNITS_ASKED[unit.level];
    const existing = asked.filter((child) => child.foundedOn <= day);
    for (const child of random.sample(existing, random.int(fewest, most))) {
      const childHead = headOn(child, day);
      const came = childHead && add(childHead.term.person, 'ATTENDEE', child, childHead.term);
      units.push({ unit: child, role: came ? 'ATTENDING' : 'INVITED' });
    }

    if (unit.parent) {
      const coordinated = random.chance(COORDINATED_BY_PARENT);
      const visited = !coordinated && unit.level === 'LOCAL' && random.chance(PARENT_OFFICIAL_SPEAKS_LOCALLY);
      const parentHead = coordinated || visited ? headOn(unit.parent, day) : undefined;
      if (
        parentHead &&
        add(parentHead.term.person, coordinated ? 'COORDINATOR' : 'SPEAKER', unit.parent, parentHead.term)
      ) {
        units.push({ unit: unit.parent, role: coordinated ? 'COORDINATING' : 'ATTENDING' });
      }
    }

    const [smallest, largest] = ATTENDANCE_RANGE[unit.level];
    let size = random.int(smallest, largest);
    if (kind === 'GENERAL_ASSEMBLY' || kind === 'CONGRESS') size = Math.round(size * 2.5);
    if (status === 'CANCELLED') size = Math.min(size, attendees.length + 2);
    const firstMember = attendees.length;
    for (let attempt = 0; attendees.length < size && attempt < size * 3; attempt++) {
      const person = personIn(random, unit);
      if (add(person, 'ATTENDEE', null, null)) {
        attendees[attendees.length - 1].invited = !random.chance(WALK_IN);
      }
    }
    const members = attendees.slice(firstMember);
    if (members.length > 0) {
      if (kind === 'OUTREACH' || kind === 'TRAINING') {
        for (const speaker of random.sample(members, random.int(1, 2))) speaker.role = 'SPEAKER';
      }
      if (random.chance(0.5)) {
        const reporter = random.pick(members);
        if (reporter.role === 'ATTENDEE') reporter.role = 'REPORTER';
      }
    }
    return { attendees, units };
  }

  private writeParticipants(
    meetingId: string,
    attendees: readonly Attendee[],
    status: MeetingStatus,
    recordedOn: number,
    recordedAt: number,
  ): void {
    const random = this.random;
    const recorded = status === 'HELD' && random.chance(ATTENDANCE_RECORDED);
    const guests =
      status === 'HELD' && random.chance(attendees.some((a) => a.role === 'SPEAKER') ? 0.25 : 0.04)
        ? random.int(1, 2)
        : 0;
    let order = 0;
    for (const attendee of attendees) {
      const attendance: Attendance | null = !recorded
        ? null
        : attendee.role === 'CONVENER' || !attendee.invited
          ? 'ATTENDED'
          : random.weighted(ATTENDANCE_OF_INVITED);
      this.tables.participation.add(
        uuidOf('participation', this.participations++),
        meetingId,
        this.people.ids[attendee.person],
        null,
        attendee.role,
        attendee.unit?.id ?? null,
        attendee.term?.id ?? null,
        attendee.invited,
        attendance,
        momentOn(recordedOn, recordedAt, ++order),
      );
    }
    for (let g = 0; g < guests; g++) {
      const [qualityAr, qualityFr] = random.pick(GUEST_QUALITIES);
      const guest = random.int(0, this.people.count - 1);
      const guestName = random.chance(0.5)
        ? `${this.people.nameForArabic(guest)} (${qualityAr})`
        : `${this.people.nameForFrench(guest)} (${qualityFr})`;
      this.tables.participation.add(
        uuidOf('participation', this.participations++),
        meetingId,
        null,
        guestName,
        'GUEST',
        null,
        null,
        true,
        recorded ? 'ATTENDED' : null,
        momentOn(recordedOn, recordedAt, ++order),
      );
    }
  }

  private writeOutcomes(
    meetingId: string,
    unit: Unit,
    day: number,
    topics: readonly Bilingual[],
    attendees: readonly Attendee[],
    units: readonly { unit: Unit; role: MeetingUnitRole }[],
    writing: Writing,
    recordedOn: number,
    recordedAt: number,
  ): void {
    const random = this.random;
    const count = random.weighted(OUTCOME_COUNTS);
    for (let k = 0; k < count; k++) {
      const kind = random.weighted(OUTCOME_KINDS);
      const [phraseAr, phraseFr] = random.pick(OUTCOME_PHRASES[kind]);
      const [topicAr, topicFr] = random.pick(topics);
      const subUnits = units.filter((part) => part.role !== 'COORDINATING');
      const ownerUnit = random.weighted([
        [unit, 60],
        [subUnits.length > 0 ? random.pick(subUnits).unit : null, subUnits.length > 0 ? 15 : 0],
        [null, 25],
      ] as const);
      const owner = random.chance(0.35) ? random.pick(attendees).person : null;
      const dueOn = random.chance(0.6) ? day + random.int(15, 90) : null;
      const horizon = dueOn ?? day + 60;
      const firstClosingDay = recordedOn + 1;
      const lastClosingDay = Math.min(LAST_DAY, horizon + 30);
      let status: OutcomeStatus =
        horizon < LAST_DAY - 10
          ? random.weighted([
              ['DONE', 55],
              ['DROPPED', 10],
              ['OPEN', 35],
            ] as const)
          : random.chance(0.15)
            ? 'DONE'
            : 'OPEN';
      if (firstClosingDay > lastClosingDay) status = 'OPEN';
      const closedOn = status === 'OPEN' ? null : random.int(firstClosingDay, lastClosingDay);
      const createdAt = momentOn(recordedOn, recordedAt + 1, k + 1);
      const outcomeId = uuidOf('outcome', this.outcomes++);
      this.tables.outcome.add(
        outcomeId,
        meetingId,
        kind,
        writing === 'french only' ? null : phraseAr(topicAr),
        writing === 'arabic only' ? null : phraseFr(topicFr),
        dueOn === null ? null : isoOf(dueOn),
        status,
        closedOn === null ? null : isoOf(closedOn),
        createdAt,
        closedOn === null ? createdAt : momentOn(closedOn, random.int(9 * 60, 20 * 60)),
      );
      // Its owners: the person first, then the unit, as one of each was drawn.
      const owners: [string | null, string | null][] = [];
      if (owner !== null) owners.push([this.people.ids[owner], null]);
      if (ownerUnit) owners.push([null, ownerUnit.id]);
      owners.forEach(([personId, unitId], i) =>
        this.tables.outcomeOwner.add(
          uuidOf('outcome-owner', this.outcomeOwners++),
          outcomeId,
          i + 1,
          personId,
          unitId,
        ),
      );
    }
  }

  /** Most meetings have an hour (and often an end), some only a part of the day, some neither. */
  private timingOn(day: number): {
    startsAt: string | null;
    endsAt: string | null;
    partOfDay: PartOfDay | null;
  } {
    const random = this.random;
    const timing = random.next();
    if (timing < 0.55) {
      const startMinute = random.int(18, 38) * 30;
      const endMinute = Math.min(startMinute + random.int(3, 6) * 30, 23 * 60 + 30);
      return {
        startsAt: momentOn(day, startMinute),
        endsAt: random.chance(0.7) ? momentOn(day, endMinute) : null,
        partOfDay: null,
      };
    }
    return { startsAt: null, endsAt: null, partOfDay: timing < 0.85 ? random.weighted(PARTS_OF_DAY) : null };
  }

  private placeOf(unit: Unit, writing: Writing): string {
    const random = this.random;
    const [placeAr, placeFr] = unit.place;
    const [nameAr, nameFr] = random.pick<Bilingual>([
      [`مقر ${unit.nameAr}`, `Siège — ${unit.nameFr}`],
      [`قاعة الاجتماعات، ${placeAr}`, `Salle de réunion, ${placeFr}`],
      [`دار الشباب، ${placeAr}`, `Maison des jeunes, ${placeFr}`],
    ]);
    const arabic = writing === 'arabic only' || (writing === 'both' && random.chance(0.5));
    return arabic ? nameAr : nameFr;
  }

  private noteBy(person: number, writing: Writing): string {
    return writing === 'french only'
      ? `Rapporteur : ${this.people.nameForFrench(person)}`
      : `المقرر: ${this.people.nameForArabic(person)}`;
  }
}
