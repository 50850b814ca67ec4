import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { CalendarDate } from '../common/scalars';
import {
  CONTEXT_EVENT_KINDS,
  CONTEXT_RELATIONS,
  ContextEvent,
  ContextEventKind,
  ContextRelation,
  MeetingContext,
} from './context-event.entity';

export const ContextEventKindEnum = enumOf(
  CONTEXT_EVENT_KINDS,
  'ContextEventKind',
  'What kind of event a meeting’s source cites.',
  {
    CONGRESS: 'A congress of the party (national, regional, provincial).',
    COUNCIL: 'A session of a council of the party.',
    ELECTION: 'An election (communal, regional, legislative).',
    CAMPAIGN: 'A campaign or programme of the party.',
    OTHER: 'Any other event.',
  },
);
export const ContextRelationEnum = enumOf(
  CONTEXT_RELATIONS,
  'ContextRelation',
  'How a meeting relates to an event its source cites.',
  {
    FOLLOWS_UP: 'Follows up on the event.',
    IMPLEMENTS_STRATEGY_OF: 'Carries out the strategy or orientations adopted at the event.',
    PREPARES: 'Prepares the event (a congress, an election).',
    PART_OF: 'Is part of the event.',
    REFERS_TO: 'Mentions the event, no more.',
  },
);

@ObjectType('ContextEvent', {
  description:
    'An event a meeting’s source cites, known by its days only (a three-day congress has a first and a last day, no hours).',
})
export class ContextEventModel {
  @Field(() => ID, { description: 'Stable id (linkMeetingContext and recordMeeting take it).' }) id: string;
  @Field(() => ContextEventKindEnum, { description: 'What kind of event.' }) kind: ContextEventKind;
  @Field(() => String, { nullable: true, description: 'Title in Arabic.' }) titleAr: string | null;
  @Field(() => String, { nullable: true, description: 'Title in French.' }) titleFr: string | null;
  @Field(() => CalendarDate, { description: 'First day.' }) startsOn: string;
  @Field(() => CalendarDate, { description: 'Last day (the first, for a one-day event).' }) endsOn: string;
  @Field(() => Int, { description: 'How many days it lasted.' }) days: number;
  @Field(() => String, { nullable: true, description: 'Where it took place (free text).' }) place:
    string | null;
  @Field(() => String, { nullable: true, description: 'Where the event is documented.' }) source:
    string | null;
  @Field(() => Int, { description: 'Changes with every update.' }) version: number;
  territoryId: string | null;
  unitId: string | null;
}

const DAY_MS = 86_400_000;

export const toContextEventModel = (row: ContextEvent): ContextEventModel =>
  Object.assign(new ContextEventModel(), {
    id: row.id,
    kind: row.kind,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    days: Math.round((Date.parse(row.endsOn) - Date.parse(row.startsOn)) / DAY_MS) + 1,
    place: row.place,
    source: row.source,
    version: row.version,
    territoryId: row.territoryId,
    unitId: row.orgUnitId,
  });

@ObjectType('MeetingContext', { description: 'An event a meeting relates to, and how.' })
export class MeetingContextModel {
  @Field(() => ContextRelationEnum, { description: 'How the meeting relates to the event.' })
  relation: ContextRelation;
  @Field(() => String, { nullable: true, description: 'What the source says of the relation.' })
  note: string | null;
  @Field(() => ContextEventModel, { description: 'The event.' }) event: ContextEventModel;
}

export const toMeetingContextModel = (row: MeetingContext, event: ContextEvent): MeetingContextModel =>
  Object.assign(new MeetingContextModel(), {
    relation: row.relation,
    note: row.note,
    event: toContextEventModel(event),
  });
