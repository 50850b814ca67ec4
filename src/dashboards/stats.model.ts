import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { enumOf } from '../common/names';
import { ConnectionType } from '../common/pagination';
import { CalendarDate } from '../common/scalars';
import { MeetingKindEnum } from '../meetings/meeting.model';
import { MEETING_KINDS, MeetingKind } from '../meetings/meeting.entity';
import { OrgUnitModel } from '../org-units/org-unit.model';
import { OrgUnitLevelEnum } from '../org-units/org-unit.model';
import { ORG_UNIT_LEVELS, OrgUnitLevel } from '../org-units/org-unit.entity';
import { GenderEnum } from '../people/person.model';
import { Gender, GENDERS } from '../people/person.entity';

/** The plain lists of the roll-ups are as long as the catalogues they count by (genders: and not recorded). */
const MEETING_KIND_COUNT = MEETING_KINDS.length;
const LEVEL_COUNT = ORG_UNIT_LEVELS.length;
const GENDER_COUNT = GENDERS.length + 1;

export const STATS_BUCKETS = ['WEEK', 'MONTH', 'QUARTER'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];
export const StatsBucketEnum = enumOf(STATS_BUCKETS, 'StatsBucket', 'How the activity of a window is cut.', {
  WEEK: 'Weeks, from Monday.',
  MONTH: 'Calendar months.',
  QUARTER: 'Calendar quarters (January, April, July, October).',
});

export const UNIT_STATS_SORT_KEYS = [
  'TREE',
  'NAME',
  'MEETINGS_HELD',
  'LAST_HELD_ON',
  'DAYS_SILENT',
  'ATTENDANCE_RATE',
  'VACANT_SEATS',
  'OFFICIALS',
  'WOMEN_OFFICIALS',
  'OPEN_OUTCOMES',
  'OVERDUE_OUTCOMES',
  'SERIES_COVERAGE',
] as const;
export type UnitStatsSortKey = (typeof UNIT_STATS_SORT_KEYS)[number];
export const UnitStatsSortKeyEnum = enumOf(
  UNIT_STATS_SORT_KEYS,
  'UnitStatsSortKey',
  'What the rows of byUnit are sorted by (ties, and unknown values last, in tree order).',
  {
    TREE: 'Tree order (a unit before the units below it).',
    NAME: 'French name.',
    MEETINGS_HELD: 'meetingsHeld.',
    LAST_HELD_ON: 'lastHeldOn (units that never met last).',
    DAYS_SILENT: 'daysSilent (units that never met last).',
    ATTENDANCE_RATE: 'attendanceRate (units with no known attendance last).',
    VACANT_SEATS: 'vacantSeats.',
    OFFICIALS: 'officials.',
    WOMEN_OFFICIALS: 'womenOfficials.',
    OPEN_OUTCOMES: 'openOutcomes.',
    OVERDUE_OUTCOMES: 'overdueOutcomes.',
    SERIES_COVERAGE: 'seriesCoverage (units no series targets last).',
  },
);

export const SORT_DIRECTIONS = ['ASC', 'DESC'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const SortDirectionEnum = enumOf(SORT_DIRECTIONS, 'SortDirection', 'Ascending or descending.', {
  ASC: 'Smallest (or earliest) first.',
  DESC: 'Largest (or latest) first.',
});

/** The roll-ups of a unit's subtree over a window; each field reads its numbers when asked. */
@ObjectType('UnitStats', {
  description:
    'Roll-ups of a unit’s subtree (the unit and every unit below it) over the window [from, to], both ends included, and on the day asOf. Only what the caller may see is counted. A meeting belongs to a unit when the unit convened it or is listed among its units (coordinating, invited or attending); a meeting of the subtree is one that belongs to one of its units, counted once.',
})
export class UnitStatsModel {
  @Field(() => CalendarDate, { description: 'First day of the window (included).' }) from: string;
  @Field(() => CalendarDate, { description: 'Last day of the window (included).' }) to: string;
  @Field(() => CalendarDate, {
    description: 'The day posts, officials, outcomes’ state and silence are read for.',
  })
  asOf: string;
  unitId: string;
}

@ObjectType('MeetingKindCount', { description: 'How many meetings of one kind.' })
export class MeetingKindCount {
  @Field(() => MeetingKindEnum, { description: 'The kind.' }) kind: MeetingKind;
  @Field(() => Int, { description: 'Meetings of that kind in the window (any status).' }) count: number;
}

@ObjectType('MeetingStats', { description: 'Meetings of the subtree held on a day of the window.' })
export class MeetingStatsModel {
  @Field(() => Int, { description: 'Every meeting of the window, whatever its status.' }) total: number;
  @Field(() => Int, { description: 'Those with status HELD.' }) held: number;
  @Field(() => Int, { description: 'Those with status PLANNED.' }) planned: number;
  @Field(() => Int, { description: 'Those with status CANCELLED.' }) cancelled: number;
  @Field(() => [MeetingKindCount], {
    description: `Per kind, kinds with at least one meeting, in the catalogue’s order (at most ${MEETING_KIND_COUNT}).`,
  })
  @ListBound(MEETING_KIND_COUNT)
  byKind: MeetingKindCount[];
}

@ObjectType('AttendanceStats', {
  description:
    'Participants of the subtree’s HELD meetings of the window (people and guests, one each per meeting).',
})
export class AttendanceStatsModel {
  @Field(() => Int, { description: 'Participants marked invited.' }) invited: number;
  @Field(() => Int, { description: 'Participants marked ATTENDED.' }) attended: number;
  @Field(() => Int, { description: 'Participants marked EXCUSED.' }) excused: number;
  @Field(() => Int, { description: 'Participants marked ABSENT.' }) absent: number;
  @Field(() => Int, {
    description: 'Participants whose attendance is unknown (not recorded): never counted in rate.',
  })
  unknown: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'attended ÷ (attended + excused + absent): only known attendance counts, unknown is left out; null when none is known.',
  })
  rate: number | null;
}

@ObjectType('ActivityBucket', { description: 'The subtree’s activity in one week, month or quarter.' })
export class ActivityBucketModel {
  @Field(() => CalendarDate, {
    description:
      'First day of the bucket (a Monday, the 1st of a month or of a quarter); the first bucket may start before from, but only days of the window are counted.',
  })
  start: string;
  @Field(() => Int, { description: 'HELD meetings of the subtree in the bucket (within the window).' })
  meetingsHeld: number;
  @Field(() => Int, {
    description: 'Participants of those meetings (people and guests, one each per meeting).',
  })
  participants: number;
  @Field(() => Float, {
    nullable: true,
    description: 'attended ÷ (attended + excused + absent) over those participants; null when none is known.',
  })
  attendanceRate: number | null;
}

@ObjectType('UnitStatsRow', {
  description:
    'One unit of the subtree at the asked level, with the roll-ups of its own subtree (same window and definitions as UnitStats).',
})
export class UnitStatsRowModel {
  @Field(() => OrgUnitModel, { description: 'The unit the row is about.' }) unit: OrgUnitModel;
  @Field(() => Int, { description: 'HELD meetings of its subtree in the window.' }) meetingsHeld: number;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Day of its subtree’s latest HELD meeting on or before asOf (any window); null when none.',
  })
  lastHeldOn: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Days from lastHeldOn to asOf (0: a meeting was held on asOf); null when it never met.',
  })
  daysSilent: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'attended ÷ (attended + excused + absent) at its HELD meetings of the window; null when none is known.',
  })
  attendanceRate: number | null;
  @Field(() => Int, { description: 'Seats of its subtree’s posts without a holder on asOf.' })
  vacantSeats: number;
  @Field(() => Int, { description: 'People holding a post of its subtree on asOf (each once).' })
  officials: number;
  @Field(() => Int, { description: 'Those of them recorded as FEMALE.' }) womenOfficials: number;
  @Field(() => Int, {
    description: 'Outcomes of its meetings of the window still open on asOf (see OutcomeStats).',
  })
  openOutcomes: number;
  @Field(() => Int, { description: 'Those of them whose due day is before asOf.' }) overdueOutcomes: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Of the targets in its subtree of the meeting series the caller can see whose period meets the window (a series without dates always does), the share reached (as in MeetingSeries.coverage); null when it has no such target.',
  })
  seriesCoverage: number | null;
}

export const UnitStatsRowConnection = ConnectionType(UnitStatsRowModel, 'UnitStatsRow');

@ObjectType('LevelVacancies', { description: 'Vacant seats at one level of the tree.' })
export class LevelVacanciesModel {
  @Field(() => OrgUnitLevelEnum, { description: 'The level.' }) level: OrgUnitLevel;
  @Field(() => Int, {
    description:
      'Seats of the posts of that level’s units nobody is recorded to hold on asOf (knownVacantSeats + holderUnknownSeats).',
  })
  vacantSeats: number;
  @Field(() => Int, { description: 'Of those, seats a source says are vacant on asOf.' })
  knownVacantSeats: number;
  @Field(() => Int, {
    description: 'Of those, seats neither recorded held nor recorded vacant: holder unknown.',
  })
  holderUnknownSeats: number;
}

@ObjectType('VacancyStats', {
  description: 'Posts of the subtree’s units existing on asOf, and their seats without a holder that day.',
})
export class VacancyStatsModel {
  @Field(() => Int, { description: 'Posts.' }) posts: number;
  @Field(() => Int, { description: 'Seats of those posts.' }) seats: number;
  @Field(() => Int, {
    description: 'Seats nobody is recorded to hold on asOf: knownVacantSeats + holderUnknownSeats.',
  })
  vacantSeats: number;
  @Field(() => Int, { description: 'Of those, seats a source says are vacant on asOf (declareVacancy).' })
  knownVacantSeats: number;
  @Field(() => Int, {
    description:
      'Of those, seats neither recorded held nor recorded vacant on asOf: their holder is unknown.',
  })
  holderUnknownSeats: number;
  @Field(() => [LevelVacanciesModel], {
    description: `Per level that has posts, from the root down (at most ${LEVEL_COUNT}).`,
  })
  @ListBound(LEVEL_COUNT)
  byLevel: LevelVacanciesModel[];
}

@ObjectType('RoleCount', { description: 'How many mandates of one role.' })
export class RoleCountModel {
  @Field({ description: 'The role’s code in the catalogue (see roles).' }) role: string;
  @Field(() => Int, { description: 'Mandates of that role running on asOf.' }) count: number;
}

@ObjectType('GenderCount', { description: 'How many officials of one gender.' })
export class GenderCountModel {
  @Field(() => GenderEnum, { nullable: true, description: 'The gender; null when not recorded.' })
  gender: Gender | null;
  @Field(() => Int, { description: 'People (each once).' }) count: number;
}

@ObjectType('OfficialStats', {
  description: 'Who holds a post of the subtree’s units existing on asOf, on that day.',
})
export class OfficialStatsModel {
  @Field(() => Int, { description: 'People holding at least one post (each once).' }) total: number;
  @Field(() => [RoleCountModel], {
    description: `Mandates per role, roles with at least one, in the catalogue’s order (at most ${DECLARED_BOUNDS.roles}).`,
  })
  @ListBound(DECLARED_BOUNDS.roles)
  byRole: RoleCountModel[];
  @Field(() => [GenderCountModel], {
    description: `People per gender, FEMALE, MALE, then not recorded, those with at least one (at most ${GENDER_COUNT}).`,
  })
  @ListBound(GENDER_COUNT)
  byGender: GenderCountModel[];
}

@ObjectType('OutcomeStats', {
  description:
    'Outcomes (decisions, commitments, recommendations) of the subtree’s meetings of the window, by their state on asOf: one closed (DONE or DROPPED) after asOf was still open that day.',
})
export class OutcomeStatsModel {
  @Field(() => Int, { description: 'Open on asOf (overdue ones included).' }) open: number;
  @Field(() => Int, { description: 'Open on asOf with a due day before asOf.' }) overdue: number;
  @Field(() => Int, { description: 'Closed as DONE on or before asOf.' }) done: number;
  @Field(() => Int, { description: 'Closed as DROPPED on or before asOf.' }) dropped: number;
}
