import { Injectable } from '@nestjs/common';
import ical, { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { addDays } from '../../common/dates';
import { loader, RequestContext } from '../../common/context';
import { Page } from '../../common/pagination';
import { Meeting, PartOfDay } from '../../meetings/meeting.entity';
import { MeetingsService } from '../../meetings/meetings.service';
import { orgUnitById } from '../../org-units/org-unit.loaders';
import { OrgUnitsService } from '../../org-units/org-units.service';

/**
 * How many meetings a feed holds at most: the newest ones (a phone calendar refreshes the whole feed
 * each time; a unit's last few years fit well inside).
 */
export const CALENDAR_MAX_EVENTS = 2_000;
const PAGE = 500;

const PART_OF_DAY: Record<PartOfDay, string> = {
  MORNING: 'صباحا · le matin',
  AFTERNOON: 'بعد الظهر · l’après-midi',
  EVENING: 'مساء · le soir',
};

/**
 * A unit's meetings and its subtree's as an iCalendar feed (RFC 5545), written by ical-generator.
 * A meeting whose hour is known is timed (in UTC, which every calendar converts); one known only by
 * its day is an all-day event, its part of day in the description: never an invented hour. A
 * cancelled meeting is `STATUS:CANCELLED`; UIDs are the meetings' ids, so a calendar app updates an
 * event rather than adding it again, and `SEQUENCE` is the meeting's version.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly meetings: MeetingsService,
  ) {}

  async feed(ctx: RequestContext, code: string): Promise<ICalCalendar> {
    const unit = await this.units.get(ctx, { code });
    const calendar = ical({
      name: `${unit.nameAr} · ${unit.nameFr}`,
      prodId: { company: 'Tanzim', product: 'meetings', language: 'AR' },
      // Phone calendars ask again after this long.
      ttl: 60 * 60,
    });
    let after: string | null = null;
    for (let offset = 0; offset < CALENDAR_MAX_EVENTS; offset += PAGE) {
      const pageCtx: RequestContext = { ...ctx, loaders: new Map() };
      // Not counted: the page reads one row past its end instead, which tells whether another follows.
      const limit = Math.min(PAGE, CALENDAR_MAX_EVENTS - offset);
      const page: Page = { limit, after, count: false };
      const [read] = await this.meetings.list(pageCtx, { unit: unit.id, includeDescendants: true }, page);
      const rows = read.slice(0, limit);
      const conveners = await Promise.all(
        rows.map((m) => loader(pageCtx, orgUnitById).load(m.conveningUnitId)),
      );
      rows.forEach((meeting, i) => addMeeting(calendar, meeting, conveners[i]));
      if (read.length <= limit) break;
      after = page.cursors![limit - 1];
    }
    return calendar;
  }
}

function addMeeting(
  calendar: ICalCalendar,
  m: Meeting,
  convener: { nameAr: string; nameFr: string; code: string } | undefined,
): void {
  const title = [m.titleAr, m.titleFr].filter(Boolean).join(' · ') || m.kind;
  const description = [
    !m.startsAt && m.partOfDay ? `${PART_OF_DAY[m.partOfDay]} (${m.partOfDay})` : null,
    convener ? `${convener.nameAr} · ${convener.nameFr} (${convener.code})` : null,
    m.summaryAr,
    m.summaryFr,
  ]
    .filter(Boolean)
    .join('\n');
  const timing = m.startsAt
    ? { start: m.startsAt, end: m.endsAt ?? undefined, allDay: false }
    : {
        // A calendar day: midnight UTC written as a DATE (the calendar carries no time zone).
        start: new Date(`${m.heldOn}T00:00:00Z`),
        end: new Date(`${addDays(m.heldOn, 1)}T00:00:00Z`),
        allDay: true,
      };
  calendar.createEvent({
    // The same on every server and every read, whatever address the feed was fetched from.
    id: `${m.id}@tanzim`,
    sequence: m.version,
    ...timing,
    summary: title,
    description: description || undefined,
    location: m.place ?? undefined,
    status: m.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}
