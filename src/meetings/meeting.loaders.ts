import { visibleMeeting, visibleSeries, visibleThroughUnit } from '../access/visibility';
import { byKey, groupByKey, KeyedPage, pagesByKey } from '../common/batch';
import { defineLoader } from '../common/context';
import { Page } from '../common/pagination';
import { Joined } from '../common/related';
import { byIdLoader, rowsByForeignKey } from '../database/loaders';
import { personColumns, PersonRead } from '../people/person.loaders';
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
 * The participants of each meeting, each with its person in the same statement (none for a guest).
 * The person needs no visibility check of its own: whoever took part in a meeting the caller can
 * see is someone the caller can see (see `visiblePerson`). A page of fifty meetings with their
 * participants was a statement more, whose visibility test cost Postgres as much as the rest.
 */
export const participantsByMeeting = defineLoader<
  string,
  (Participation & Joined<ParticipationJoins>)[],
  PersonRead
>('participantsByMeeting', (ctx, person) => async (meetingIds) => {
  const rows = await participantsOfMeetings(ctx, meetingIds, personColumns(person));
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
 * per meeting, twice, on a dashboard of hundreds). Units asked with the same arguments share a batch.
 */
export const meetingPagesByUnit = defineLoader<
  string,
  { meetings: Meeting[]; total: number; cursors: string[] },
  UnitMeetingsQuery
>('meetingPagesByUnit', (ctx, query) => async (unitIds) => {
  const { entities, raw } = await meetingPagesOfUnits(ctx, unitIds, query);
  return pagesByKey(unitIds, entities, raw, query.page, UNIT_MEETINGS_ORDER).map(
    ({ rows, total, cursors }) => ({
      meetings: rows,
      total,
      cursors,
    }),
  );
});
