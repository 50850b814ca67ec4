import { visibleMeeting, visibleSeries, visibleThroughUnit } from '../auth/visibility';
import { byIdLoader, rowsByForeignKey } from '../common/batch';
import { AgendaItem, Meeting, MeetingSource, MeetingUnit, Outcome, Participation } from './meeting.entity';
import { MeetingSeries } from './meeting-series.entity';

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
export const participantsByMeeting = rowsByForeignKey(
  'participantsByMeeting',
  Participation,
  'meeting_id',
  (r) => r.meetingId,
  'e.created_at',
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
export const sourcesByMeeting = rowsByForeignKey(
  'sourcesByMeeting',
  MeetingSource,
  'meeting_id',
  (r) => r.meetingId,
  'e.id',
);
