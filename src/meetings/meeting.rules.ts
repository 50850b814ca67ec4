import { moroccoDate } from '../common/morocco-time';
import { MeetingStatus } from './meeting.entity';

/** Why a meeting's timing is inconsistent, or null. Times are instants; `date` is the day in Morocco. */
export function timingProblem(when: {
  date: string;
  startsAt: Date | null;
  endsAt: Date | null;
  partOfDay: string | null;
}): string | null {
  if (when.endsAt && !when.startsAt) return 'endsAt needs startsAt.';
  if (when.startsAt && moroccoDate(when.startsAt) !== when.date) {
    return `startsAt falls on ${moroccoDate(when.startsAt)} in Morocco, not on the meeting's date ${when.date}.`;
  }
  if (when.startsAt && when.endsAt && when.endsAt <= when.startsAt) {
    return 'A meeting must end after it starts.';
  }
  if (when.startsAt && when.partOfDay) return 'Give startsAt or partOfDay, not both.';
  return null;
}

/** Why a meeting cannot have this status on `date`, given `today`, or null. */
export function statusProblem(status: MeetingStatus, date: string, today: string): string | null {
  if (status === 'HELD' && date > today) {
    return `A meeting on ${date} cannot be HELD yet: it is in the future.`;
  }
  return null;
}

/** What a status may become: a cancelled meeting stays cancelled, a held one cannot be cancelled. */
export function transitionProblem(from: MeetingStatus, to: MeetingStatus): string | null {
  if (from === to) return null;
  if (from === 'CANCELLED') return 'A cancelled meeting cannot be reopened; record a new meeting instead.';
  if (from === 'HELD' && to === 'CANCELLED') return 'A meeting that was held cannot be cancelled.';
  return null;
}

/** The default status of a newly recorded meeting: past days were held, future ones are planned. */
export const defaultStatus = (date: string, today: string): MeetingStatus =>
  date <= today ? 'HELD' : 'PLANNED';
