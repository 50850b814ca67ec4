import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { Joined } from '../common/related';
import { CalendarDate, DateTimeScalar } from '../common/scalars';
import { ConnectionType } from '../common/pagination';
import {
  MANDATE_END_REASONS,
  MANDATE_STATUSES,
  Mandate,
  MandateEndReason,
  MandateStatus,
} from './mandate.entity';
import { Person } from '../people/person.entity';
import { Position } from './position.entity';
import { Role } from './role.entity';

export const MandateStatusEnum = enumOf(
  MANDATE_STATUSES,
  'MandateStatus',
  'ACTIVE: holds the post; ACTING: holds it ad interim; SUSPENDED: holds it but is suspended.',
  {
    ACTIVE: 'Holds the post.',
    ACTING: 'Holds it ad interim.',
    SUSPENDED: 'Holds it but is suspended.',
  },
);
export const ConfirmationStateEnum = enumOf(
  ['CONFIRMED', 'UNCONFIRMED'] as const,
  'ConfirmationState',
  'Whether a source still vouches for a mandate on the day read for.',
  {
    CONFIRMED:
      'Its start is known, or a source attested it within the confirmation period (MANDATE_CONFIRMATION_MONTHS, 12 by default) before that day.',
    UNCONFIRMED:
      'Attested on a day (start unknown) and not confirmed since for longer than the period: it may have ended unrecorded, and grants no access.',
  },
);
export const VacancyStateEnum = enumOf(
  ['KNOWN_VACANT', 'HOLDER_UNKNOWN', 'MIXED'] as const,
  'VacancyState',
  'What is known of a post’s seats without a recorded holder.',
  {
    KNOWN_VACANT: 'A source says every such seat is vacant (declareVacancy).',
    HOLDER_UNKNOWN: 'No source says who holds these seats, nor that they are vacant.',
    MIXED: 'Some seats are known to be vacant, the holder of the others is unknown.',
  },
);
export type VacancyState = keyof typeof VacancyStateEnum;

export const MandateEndReasonEnum = enumOf(MANDATE_END_REASONS, 'MandateEndReason', 'Why a mandate ended.', {
  TERM_COMPLETED: 'The term ran its course.',
  REPLACED: 'Someone else was appointed to the seat.',
  RESIGNED: 'The holder resigned.',
  DISMISSED: 'The holder was dismissed.',
  DECEASED: 'The holder died.',
  UNIT_DISSOLVED: 'The unit was dissolved.',
  OTHER: 'Any other reason (say which in source).',
});

/** A role of the catalogue (secretary-general, treasurer, …). */
@ObjectType('Role', {
  description: 'A role of the catalogue (secretary-general, treasurer…), which posts instantiate.',
})
export class RoleModel {
  @Field({ description: 'Stable code, e.g. SECRETARY_GENERAL.' }) code: string;
  @Field({ description: 'Title in Arabic.' }) titleAr: string;
  @Field({ description: 'Title in French.' }) titleFr: string;
}

export const toRoleModel = (row: Role): RoleModel =>
  Object.assign(new RoleModel(), { code: row.code, titleAr: row.titleAr, titleFr: row.titleFr });

/** A post in a unit, e.g. "provincial secretary-general of Tangier–Asilah". It exists even when vacant. */
@ObjectType('Position', {
  description: 'A post of a unit (its secretary-general, its treasurer…), held by mandates.',
})
export class PositionModel {
  @Field(() => ID, { description: 'Stable id (position(id:) finds it).' }) id: string;
  @Field({ description: 'Title in Arabic.' }) titleAr: string;
  @Field({ description: 'Title in French.' }) titleFr: string;
  @Field(() => Int, { description: 'How many people hold it at once (1 for most posts).' }) seats: number;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  unitId: string;
  roleCode: string;
  /** The date this post was read for; its holders default to it. */
  asOf?: string;
  /** Its role, when the read that found the post brought it along (see common/related). */
  joined?: Partial<PositionJoins>;
}

/** What a read of posts may bring along with each. */
export interface PositionJoins {
  role: Role;
}

export const toPositionModel = (
  row: Position & Joined<PositionJoins>,
  asOf?: string,
  joined: Partial<PositionJoins> | undefined = row.joined,
): PositionModel =>
  Object.assign(new PositionModel(), {
    id: row.id,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    seats: row.seats,
    version: row.version,
    unitId: row.orgUnitId,
    roleCode: row.roleCode,
    asOf,
    joined,
  });

/** A person holding a post for a term. */
@ObjectType('Mandate', { description: 'A person holding a post for a term.' })
export class MandateModel {
  @Field(() => ID, { description: 'Stable id (endMandate and updateMandate take it).' }) id: string;
  @Field(() => CalendarDate, { nullable: true, description: 'null when the start date is unknown.' })
  startsOn: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'A day the holder is known to have been in office (used as the start when startsOn is unknown).',
  })
  attestedOn: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day in office; null while open.' })
  endsOn: string | null;
  @Field(() => MandateStatusEnum, { description: 'How the post is held.' }) status: MandateStatus;
  @Field(() => MandateEndReasonEnum, {
    nullable: true,
    description: 'Why the mandate ended; null while it runs.',
  })
  endReason: MandateEndReason | null;
  @Field(() => String, { nullable: true, description: 'Where this is recorded (report, decision).' })
  source: string | null;
  @Field(() => CalendarDate, {
    description:
      'The latest day a source attests the mandate: its start or attestedOn, or a later confirmation (confirmMandate).',
  })
  lastConfirmedOn: string;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  positionId: string;
  personId: string;
  /** The date this mandate was read for (its post's holders default to it); none for a mandate read undated. */
  asOf?: string;
  joined?: Partial<MandateJoins>;
}

/**
 * What a read of officials brings along with each mandate (same statement): its post, the post's role
 * and the holder. The `position`, `role` and `person` fields then answer at once, without a loader
 * and a promise per field: an org chart of the whole country shows two thousand officials.
 */
export interface MandateJoins {
  position: Position;
  role: Role;
  person: Person;
}

export const toMandateModel = (row: Mandate & Joined<MandateJoins>, asOf?: string): MandateModel =>
  Object.assign(new MandateModel(), {
    id: row.id,
    startsOn: row.startsOn,
    attestedOn: row.attestedOn,
    endsOn: row.endsOn,
    status: row.status,
    endReason: row.endReason,
    source: row.source,
    lastConfirmedOn: row.lastConfirmedOn,
    version: row.version,
    positionId: row.positionId,
    personId: row.personId,
    asOf,
    joined: row.joined,
  });

@ObjectType('Vacancy', {
  description:
    'A post with fewer recorded holders than seats on the date read for: each such seat is either known to be vacant (a source says so) or its holder is unknown.',
})
export class VacancyModel {
  @Field(() => PositionModel, { description: 'The post with a free seat.' }) position: PositionModel;
  @Field(() => Int, {
    description: 'Seats without a recorded holder on that date: knownVacantSeats + holderUnknownSeats.',
  })
  vacantSeats: number;
  @Field(() => Int, { description: 'Of those, seats a source says are vacant that day (declareVacancy).' })
  knownVacantSeats: number;
  @Field(() => Int, { description: 'Of those, seats nobody is recorded to hold, nor recorded vacant.' })
  holderUnknownSeats: number;
  @Field(() => VacancyStateEnum, { description: 'Which of the two the free seats are.' })
  state: VacancyState;
  /** The date the vacancy was read for. */
  asOf: string;
}

@ObjectType('MandateConfirmation', {
  description:
    'A source attesting that a mandate ran on a day: an administrator’s check (confirmMandate), or a held meeting the holder attended in the post.',
})
export class MandateConfirmationModel {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => CalendarDate, { description: 'The day the source attests the mandate on.' })
  confirmedOn: string;
  @Field({ description: 'The source, as recorded (for a meeting: its day and title).' }) source: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The account that recorded it (null: an import or the demo).',
  })
  recordedByAccountId: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was recorded.' }) recordedAt: Date;
  /** The meeting whose participation attests it, when one does (the meetings feature answers `meeting`). */
  meetingId: string | null;
}

export const MandateConfirmationConnection = ConnectionType(MandateConfirmationModel, 'MandateConfirmation');

@ObjectType('VacancyDeclaration', {
  description: 'A seat recorded as known to be vacant from a day, on a source’s word (declareVacancy).',
})
export class VacancyDeclarationModel {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => Int, { description: 'The seat of the post (1 for a one-seat post).' }) seat: number;
  @Field(() => CalendarDate, { description: 'The first day the seat is known to be vacant.' })
  vacantFrom: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'The last day it was vacant (an appointment closes it the day before); null: still open.',
  })
  vacantUntil: string | null;
  @Field({ description: 'The source that says so.' }) source: string;
  @Field(() => ID, { nullable: true, description: 'The account that recorded it.' })
  recordedByAccountId: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was recorded.' }) recordedAt: Date;
  positionId: string;
}

export const VacancyDeclarationConnection = ConnectionType(VacancyDeclarationModel, 'VacancyDeclaration');
