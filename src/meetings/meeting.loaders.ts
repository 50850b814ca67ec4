import { GraphQLResolveInfo } from 'graphql';
import { visibleMeeting, visibleSeries, visibleThroughUnit } from '../access/visibility';
import { byKey, groupByKey, KeyedPage, pagesByKey, RankedRow } from '../common/batch';
import { defineLoader } from '../common/context';
import { propertiesAsked, selectedFields } from '../common/lookahead';
import { Cursors, Page } from '../common/pagination';
import { Joined } from '../common/related';
import { byIdLoader, rowsByForeignKey } from '../database/loaders';
import { personColumns, PersonRead, personReadAsked } from '../people/person.loaders';
import { ContextEvent, MeetingContext } from './context-event.entity';
import {
  AgendaItem,
  Intervention,
  Meeting,
  MeetingSource,
  MeetingUnit,
  Outcome,
  OutcomeOwner,
  Participation,
} from './meeting.entity';
import { MeetingSeries } from './meeting-series.entity';
import type { ParticipationJoins } from './meeting.model';
import {
  AttendanceCounts,
  attendanceOfMeetings,
  contextOfMeetings,
  interventionsOfMeetings,
  meetingPagesOfUnits,
  participantsOfMeetings,
  participationPagesOfPeople,
  PARTICIPATIONS_ORDER,
  UNIT_MEETINGS_ORDER,
  UnitMeetingsQuery,
} from './meetings.queries';

export type { AttendanceCounts, UnitMeetingsQuery } from './meetings.queries';

/**
 * The Meeting properties each field of a meeting answers from; the id is always read. A field that
 * is not listed (or that a later change makes read more) takes the whole row. A page of meetings
 * whose query asks a few of their fields (a dashboard's dates and kinds, their attendance) then
 * leaves the summaries, titles and times in the database: parsing them and collecting the strings
 * afterwards was much of such a page's CPU time. test/meetings.e2e-spec.ts asks each field alone
 * and with the whole row, and fails when this list reads too little.
 */
export const MEETING_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Meeting)[]>> = {
  __typename: [],
  id: [],
  kind: ['kind'],
  status: ['status'],
  titleAr: ['titleAr'],
  titleFr: ['titleFr'],
  title: ['titleAr', 'titleFr'],
  summaryAr: ['summaryAr'],
  summaryFr: ['summaryFr'],
  summary: ['summaryAr', 'summaryFr'],
  date: ['heldOn'],
  startsAt: ['startsAt'],
  endsAt: ['endsAt'],
  timeKnown: ['startsAt'],
  partOfDay: ['partOfDay'],
  place: ['place'],
  agendaPartial: ['agendaPartial'],
  version: ['version'],
  convener: ['conveningUnitId'],
  units: ['conveningUnitId'],
  series: ['seriesId'],
  territory: ['territoryId'],
  // Read by the meeting's id through their loaders.
  participants: [],
  attendance: [],
  agenda: [],
  outcomes: [],
  interventions: [],
  context: [],
  sources: [],
};

/** What a page's query asks of its meetings: the properties to read, and whether their attendance. */
export interface MeetingFieldsAsked {
  /** The Meeting properties the fields need; undefined (the whole row) when one is not listed. */
  columns: string[] | undefined;
  attendance: boolean;
}

/** What the fields under `path` ask of each meeting. */
export function meetingFieldsAsked(info: GraphQLResolveInfo, path: readonly string[]): MeetingFieldsAsked {
  return {
    columns: propertiesAsked(info, path, MEETING_FIELD_COLUMNS),
    attendance: selectedFields(info, path).has('attendance'),
  };
}

export const meetingById = byIdLoader('meetingById', Meeting, visibleMeeting);
export const seriesById = byIdLoader('seriesById', MeetingSeries, visibleSeries);
export const unitsByMeeting = rowsByForeignKey(
  'unitsByMeeting',
  MeetingUnit,
  'meeting_id',
  (r) => r.meetingId,
  'e.org_unit_id',
  (ctx, alias) => visibleThroughUnit(ctx, `${alias}.org_unit_id`),
);
/**
 * The Participation properties each field of a participant answers from (besides the id and the
 * meeting's, always read); a field not listed takes the whole row, as for meetings above. A page of
 * fifty meetings has about seven hundred participants: their rows then leave out the person, unit and
 * mandate ids that no field asked for.
 */
export const PARTICIPATION_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Participation)[]>> = {
  __typename: [],
  id: [],
  guestName: ['guestName'],
  role: ['role'],
  invited: ['invited'],
  attendance: ['attendance'],
  // Read with the participation, by its person's id in the statement.
  person: [],
  representedUnit: ['representedUnitId'],
  mandate: ['mandateId'],
  meeting: [],
};

/** What a list of participants reads: its people's columns, and its own (undefined: every one). */
export interface ParticipantsRead {
  person: PersonRead;
  columns?: readonly string[];
}

/** What the `participants` field being resolved asks of each participant and its person. */
export const participantsReadAsked = (info: GraphQLResolveInfo): ParticipantsRead => ({
  person: personReadAsked(info),
  columns: propertiesAsked(info, [], PARTICIPATION_FIELD_COLUMNS),
});

/**
 * The participants of each meeting, each with its person in the same statement (none for a guest).
 * The person needs no visibility check of its own: whoever took part in a meeting the caller can
 * see is someone the caller can see (see `visiblePerson`). A page of fifty meetings with their
 * participants was a statement more, whose visibility test cost Postgres as much as the rest.
 */
export const participantsByMeeting = defineLoader<
  string,
  (Participation & Joined<ParticipationJoins>)[],
  ParticipantsRead
>('participantsByMeeting', (ctx, read) => async (meetingIds) => {
  const rows = await participantsOfMeetings(ctx, meetingIds, read.columns, personColumns(read.person));
  return groupByKey(meetingIds, rows, (row) => row.meetingId);
});
/**
 * One page of each person's participations in meetings the caller can see, newest meeting first,
 * with each person's total: a list of people with their participations asks the database once.
 */
export const participationPagesByPerson = defineLoader<string, KeyedPage<Participation>, Page>(
  'participationPagesByPerson',
  (ctx, page) => async (personIds) => {
    const { entities, raw } = await participationPagesOfPeople(ctx, personIds, page);
    return pagesByKey(personIds, entities, raw, page, PARTICIPATIONS_ORDER);
  },
);
export const agendaByMeeting = rowsByForeignKey(
  'agendaByMeeting',
  AgendaItem,
  'meeting_id',
  (r) => r.meetingId,
  'e.position',
);
export const outcomesByMeeting = rowsByForeignKey(
  'outcomesByMeeting',
  Outcome,
  'meeting_id',
  (r) => r.meetingId,
  'e.created_at',
);
export const ownersByOutcome = rowsByForeignKey(
  'ownersByOutcome',
  OutcomeOwner,
  'outcome_id',
  (r) => r.outcomeId,
  'e.position',
);

/** The interventions of each meeting in order, each with the ids of the participations that spoke it. */
export const interventionsByMeeting = defineLoader<string, { row: Intervention; speakerIds: string[] }[]>(
  'interventionsByMeeting',
  (ctx) => async (meetingIds) => {
    const { entities, raw } = await interventionsOfMeetings(ctx, meetingIds);
    const rows = entities.map((row, i) => ({ row, speakerIds: raw[i].speaker_ids }));
    return groupByKey(meetingIds, rows, (entry) => entry.row.meetingId);
  },
);

/** The events each meeting cites, with the relation: one statement per batch. */
export const contextByMeeting = defineLoader<string, (MeetingContext & Joined<{ event: ContextEvent }>)[]>(
  'contextByMeeting',
  (ctx) => async (meetingIds) =>
    groupByKey(meetingIds, await contextOfMeetings(ctx, meetingIds), (row) => row.meetingId),
);

export const sourcesByMeeting = rowsByForeignKey(
  'sourcesByMeeting',
  MeetingSource,
  'meeting_id',
  (r) => r.meetingId,
  'e.id',
);

/** Participants of each meeting counted by attendance, in one GROUP BY per batch. */
export const attendanceByMeeting = defineLoader<string, AttendanceCounts>(
  'attendanceByMeeting',
  (ctx) => async (meetingIds) => {
    const rows = await attendanceOfMeetings(ctx, meetingIds);
    const none: AttendanceCounts = { participants: 0, attended: 0, excused: 0, absent: 0, unknown: 0 };
    return byKey(meetingIds, rows, (row) => row.meeting_id).map((row) => row ?? none);
  },
);

/**
 * One page of meetings per unit (convened, or taken part in), newest first, with each unit's total:
 * a dashboard listing the meetings of a hundred units asks the database once, not a hundred times.
 * The page's meetings come in the same statement, and every match has passed the visibility test
 * already: they are handed back as read, rather than through `meetingById` (a page of fifty was
 * otherwise a statement more that tested them again; and going through its cache cost a promise
 * per meeting, twice, on a dashboard of hundreds). Likewise their attendance, when the query asks for
 * it: counted in the same statement, and handed back with each meeting. Units asked with the same
 * arguments share a batch.
 */
export const meetingPagesByUnit = defineLoader<
  string,
  { meetings: { row: Meeting; attendance?: AttendanceCounts }[]; total: number; cursors: Cursors },
  UnitMeetingsQuery
>('meetingPagesByUnit', (ctx, query) => async (unitIds) => {
  const { entities, raw } = await meetingPagesOfUnits(ctx, unitIds, query);
  const meetings = entities.map((row, i) => {
    if (!query.attendance) return { row };
    const { participants, attended, excused, absent, unknown } = raw[i] as AttendanceCounts & RankedRow;
    return { row, attendance: { participants, attended, excused, absent, unknown } };
  });
  return pagesByKey(unitIds, meetings, raw, query.page, UNIT_MEETINGS_ORDER).map(
    ({ rows, total, cursors }) => ({ meetings: rows, total, cursors }),
  );
});
