import type {
  Attendance,
  MeetingKind,
  MeetingUnitRoleInput,
  OutcomeKind,
  ParticipantRole,
  PartOfDay,
  RecordMeetingInput,
} from '../../gql/graphql';
import { moroccoInstant, moroccoToday } from '../../ui/morocco-time';

/** A unit or person as the form shows it (both names, so the language can change under a draft). */
export interface NamedUnit {
  id: string;
  nameAr: string;
  nameFr: string;
}

export interface DraftParticipant {
  personId: string;
  nameAr: string | null;
  nameLatin: string | null;
  role: ParticipantRole;
  invited: boolean;
  /** '' when unknown. */
  attendance: Attendance | '';
  /** The post they hold on the meeting's day, looked up for that day (null: none; undefined: not yet). */
  mandate?: { id: string; unit: NamedUnit } | null;
  /** The day the mandate was looked up for. */
  mandateDay?: string;
}

export interface DraftGuest {
  name: string;
  role: ParticipantRole;
  attendance: Attendance | '';
}

export interface DraftOutcome {
  kind: OutcomeKind;
  text: string;
  /** `unit:<id>` or `person:<id>`, or ''. */
  owner: string;
  dueOn: string;
}

export interface DraftSource {
  title: string;
  author: string;
  url: string;
}

export type TimeMode = 'unknown' | 'partOfDay' | 'exact';

/** Everything typed into the form, and the idempotency key that goes with this one meeting. */
export interface MeetingDraft {
  idempotencyKey: string;
  kind: MeetingKind;
  titleAr: string;
  titleFr: string;
  summary: string;
  place: string;
  date: string;
  timeMode: TimeMode;
  partOfDay: PartOfDay | '';
  startTime: string;
  endTime: string;
  convener: NamedUnit | null;
  units: Array<NamedUnit & { role: MeetingUnitRoleInput }>;
  participants: DraftParticipant[];
  guests: DraftGuest[];
  agenda: string[];
  outcomes: DraftOutcome[];
  sources: DraftSource[];
  seriesId: string;
}

const STORAGE_KEY = 'tanzim.meetingDraft';

export function newDraft(): MeetingDraft {
  return {
    idempotencyKey: crypto.randomUUID(),
    kind: 'OUTREACH',
    titleAr: '',
    titleFr: '',
    summary: '',
    place: '',
    date: moroccoToday(),
    timeMode: 'unknown',
    partOfDay: '',
    startTime: '',
    endTime: '',
    convener: null,
    units: [],
    participants: [],
    guests: [],
    agenda: [],
    outcomes: [],
    sources: [],
    seriesId: '',
  };
}

/** The draft kept in this browser, so a reload or a closed tab loses nothing (one draft at a time). */
export function loadDraft(): MeetingDraft {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw) {
      const stored = JSON.parse(raw) as Partial<MeetingDraft>;
      if (typeof stored.idempotencyKey === 'string') return { ...newDraft(), ...stored };
    }
  } catch {
    // A draft that cannot be read is dropped; the form starts empty.
  }
  return newDraft();
}

export function saveDraft(draft: MeetingDraft): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
}

export function clearDraft(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** Arabic letters: agenda items, outcomes and the summary are typed in one box and filed by script. */
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;
export function byScript(text: string): { ar?: string; fr?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  return ARABIC.test(trimmed) ? { ar: trimmed } : { fr: trimmed };
}

/** The form's own checks, before anything is sent: keyed by the input's field name (or `outcomes.2.dueOn`). */
export type DraftProblem =
  | 'required'
  | 'titleRequired'
  | 'textRequired'
  | 'dueBeforeMeeting'
  | 'endBeforeStart'
  | 'endNeedsStart'
  | 'badUrl';

export function checkDraft(draft: MeetingDraft): Record<string, DraftProblem> {
  const problems: Record<string, DraftProblem> = {};
  if (!draft.date) problems.date = 'required';
  if (!draft.convener) problems.convenerUnitId = 'required';
  if (!draft.titleAr.trim() && !draft.titleFr.trim()) problems.titleAr = 'titleRequired';
  if (draft.timeMode === 'partOfDay' && !draft.partOfDay) problems.partOfDay = 'required';
  if (draft.timeMode === 'exact') {
    if (!draft.startTime) problems.startsAt = draft.endTime ? 'endNeedsStart' : 'required';
    // Both on the meeting's day: an end at or before the start would fall outside it.
    else if (draft.endTime && draft.endTime <= draft.startTime) problems.endsAt = 'endBeforeStart';
  }
  draft.guests.forEach((guest, i) => {
    if (!guest.name.trim()) problems[`guests.${i}.name`] = 'required';
  });
  draft.outcomes.forEach((outcome, i) => {
    if (!outcome.text.trim()) problems[`outcomes.${i}.text`] = 'textRequired';
    if (outcome.dueOn && draft.date && outcome.dueOn < draft.date) {
      problems[`outcomes.${i}.dueOn`] = 'dueBeforeMeeting';
    }
  });
  draft.sources.forEach((source, i) => {
    if (source.url.trim() && !/^https?:\/\/\S+$/i.test(source.url.trim())) {
      problems[`sources.${i}.url`] = 'badUrl';
    }
  });
  return problems;
}

/** The API's input for a checked draft. Attendance is only sent for a day that has come. */
export function inputOf(draft: MeetingDraft): RecordMeetingInput {
  const past = draft.date <= moroccoToday();
  const attendance = (value: Attendance | '') => (past && value ? value : null);
  const summary = byScript(draft.summary);
  return {
    idempotencyKey: draft.idempotencyKey,
    kind: draft.kind,
    titleAr: draft.titleAr.trim() || null,
    titleFr: draft.titleFr.trim() || null,
    summaryAr: summary.ar ?? null,
    summaryFr: summary.fr ?? null,
    place: draft.place.trim() || null,
    date: draft.date,
    partOfDay: draft.timeMode === 'partOfDay' && draft.partOfDay ? draft.partOfDay : null,
    startsAt:
      draft.timeMode === 'exact' && draft.startTime ? moroccoInstant(draft.date, draft.startTime) : null,
    endsAt: draft.timeMode === 'exact' && draft.endTime ? moroccoInstant(draft.date, draft.endTime) : null,
    convenerUnitId: draft.convener?.id ?? '',
    units: draft.units.map((unit) => ({ unitId: unit.id, role: unit.role })),
    participants: [
      ...draft.participants.map((p) => ({
        personId: p.personId,
        role: p.role,
        invited: p.invited,
        attendance: attendance(p.attendance),
        mandateId: p.mandate?.id ?? null,
        representedUnitId: p.mandate?.unit.id ?? null,
      })),
      ...draft.guests.map((g) => ({
        guestName: g.name.trim(),
        role: g.role,
        invited: true,
        attendance: attendance(g.attendance),
      })),
    ],
    agenda: draft.agenda
      .map((title) => byScript(title))
      .filter((title) => title.ar || title.fr)
      .map((title) => ({ titleAr: title.ar ?? null, titleFr: title.fr ?? null })),
    outcomes: draft.outcomes.map((outcome) => {
      const text = byScript(outcome.text);
      const [ownerKind, ownerId] = outcome.owner.split(':');
      return {
        kind: outcome.kind,
        textAr: text.ar ?? null,
        textFr: text.fr ?? null,
        dueOn: outcome.dueOn || null,
        ownerUnitId: ownerKind === 'unit' ? ownerId : null,
        ownerPersonId: ownerKind === 'person' ? ownerId : null,
      };
    }),
    sources: draft.sources
      .filter((s) => s.title.trim() || s.author.trim() || s.url.trim())
      .map((s) => ({
        title: s.title.trim() || null,
        author: s.author.trim() || null,
        url: s.url.trim() || null,
      })),
    seriesId: draft.seriesId || null,
  };
}
