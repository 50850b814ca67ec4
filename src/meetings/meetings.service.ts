import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditSnapshotOf } from '../audit/audited';
import { Permission } from '../access/access';
import { hasEverywhere, requireUnitAccess } from '../access/scope';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { idempotent } from '../common/idempotency';
import { Page } from '../common/pagination';
import { withRefs } from '../common/refs';
import { searchText } from '../common/text';
import { isInSubtree } from '../common/tree';
import { keepOr, keepOrRequire } from '../common/update';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitsService } from '../org-units/org-units.service';
import { personById } from '../people/person.loaders';
import { PeopleService } from '../people/people.service';
import { termCovers, termOf } from '../positions/mandate.rules';
import { mandateById, positionById } from '../positions/position.loaders';
import { territoryById } from '../territories/territory.loaders';
import { ContextEvent } from './context-event.entity';
import {
  AddInterventionsInput,
  AddOutcomeInput,
  AddParticipantsInput,
  AgendaItemInput,
  CancelMeetingInput,
  CreateContextEventInput,
  InterventionInput,
  LinkMeetingContextInput,
  MAX_CONTEXT,
  MAX_INTERVENTIONS,
  MAX_OUTCOMES,
  MAX_OWNERS,
  MAX_PARTICIPANTS,
  MeetingContextInput,
  MeetingFilterInput,
  OutcomeFilterInput,
  OutcomeInput,
  ParticipantInput,
  RecordMeetingInput,
  RemoveParticipantInput,
  SetAttendanceInput,
  SetOutcomeStatusInput,
  UpdateMeetingInput,
} from './dto/meeting.inputs';
import { Meeting, MeetingStatus, MeetingUnit, Outcome, Participation } from './meeting.entity';
import { meetingById, seriesById } from './meeting.loaders';
import { MeetingSeries } from './meeting-series.entity';
import { defaultStatus, statusProblem, timingProblem, transitionProblem } from './meeting.rules';
import {
  addMeetingConfirmations,
  agendaOf,
  bumpMeetingVersion,
  citesEvent,
  countContext,
  countInterventions,
  countOutcomes,
  countStaleOn,
  deleteParticipation,
  findMeeting,
  findParticipation,
  findVisibleContextEvent,
  hasAttendance,
  insertContextEvent,
  insertIntervention,
  insertInterventionSpeakers,
  insertMeeting,
  insertMeetingContext,
  insertOutcome,
  insertOutcomeOwners,
  insertParticipations,
  listMeetings,
  listOutcomes,
  lockMeeting,
  lockOutcome,
  meetingSnapshotSql,
  nextInterventionPosition,
  participationsOf,
  setPersonAttendance,
  syncMeetingConfirmations,
  updateMeeting,
  updateOutcome,
} from './meetings.queries';

type AgendaText = { titleAr?: string | null; titleFr?: string | null; notes?: string | null };
/** Titles, place and agenda titles first, then summaries and notes, as far as the search text goes. */
export const meetingSearchText = (meeting: Partial<Meeting>, agenda: AgendaText[]) =>
  searchText(
    meeting.titleAr,
    meeting.titleFr,
    meeting.place,
    agenda.flatMap((item) => [item.titleAr, item.titleFr]).filter((text): text is string => !!text),
    meeting.summaryAr,
    meeting.summaryFr,
    agenda.map((item) => item.notes).filter((text): text is string => !!text),
  );

// A meeting's audit event carries every row written with it.
auditSnapshotOf(Meeting, { sql: meetingSnapshotSql });

@Injectable()
export class MeetingsService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<Meeting> {
    const meeting = await loader(ctx, meetingById).load(id);
    if (!meeting) throw new NotFoundError('Meeting', id);
    return meeting;
  }

  /** Meetings, newest first. `unit` matches the convener and every unit that took part. */
  async list(
    ctx: RequestContext,
    filter: MeetingFilterInput,
    page: Page,
  ): Promise<[Meeting[], number | null]> {
    const { unit, participant, series, ...query } = filter;
    const unitId = unit ? (await this.units.get(ctx, { id: unit })).id : undefined;
    const personId = participant ? (await this.people.get(ctx, participant)).id : undefined;
    const seriesId = series ? (await this.series(ctx, series)).id : undefined;
    return listMeetings(ctx, { ...query, unitId, personId, seriesId }, page);
  }

  /** The meeting a participation belongs to, when there is one (the audit trail files removals under it). */
  async meetingOfParticipation(ctx: RequestContext, participationId: string): Promise<string | undefined> {
    return (await findParticipation(ctx, participationId))?.meetingId;
  }

  /** Records a meeting with everything in it, in the caller's transaction: all of it or nothing. */
  async record(ctx: RequestContext, input: RecordMeetingInput): Promise<Meeting> {
    // The meeting's id is chosen here, so that the idempotency key is claimed with it.
    const id = randomUUID();
    return idempotent(
      ctx,
      'recordMeeting',
      input,
      () => this.recordOnce(ctx, input, id),
      // A replay answers only what the caller may still see.
      (earlier) => this.get(ctx, earlier),
      id,
    );
  }

  private async recordOnce(ctx: RequestContext, given: RecordMeetingInput, id: string): Promise<Meeting> {
    const input = (await withRefs(ctx, given, [
      ['unit', { id: 'convenerUnitId', code: 'convenerUnitCode' }, true],
    ])) as RecordMeetingInput & { convenerUnitId: string };
    const status = input.status ?? defaultStatus(input.date, ctx.today);
    this.checkWhenAndStatus(ctx, { ...input, status });
    if (!input.titleAr && !input.titleFr) {
      throw new BadInputError('A meeting needs a title: titleAr, titleFr or both.', 'titleAr');
    }
    const convener = await this.units.getWithAccess(
      ctx,
      input.convenerUnitId,
      Permission.Edit,
      'Convening unit',
    );
    if (input.territoryId) await this.territory(ctx, input.territoryId);
    if (input.seriesId) await this.checkSeries(ctx, input.seriesId, convener.id);
    const agenda = input.agenda ?? [];
    agenda.forEach((item, i) => this.checkAgendaItem(item, i));

    const fields = {
      kind: input.kind,
      status,
      titleAr: input.titleAr ?? null,
      titleFr: input.titleFr ?? null,
      summaryAr: input.summaryAr ?? null,
      summaryFr: input.summaryFr ?? null,
      heldOn: input.date,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      partOfDay: input.partOfDay ?? null,
      place: input.place ?? null,
      territoryId: input.territoryId ?? null,
      conveningUnitId: convener.id,
      seriesId: input.seriesId ?? null,
      agendaPartial: input.agendaPartial ?? false,
    };
    // Everything checked first: the meeting and the rows naming only it then go in at once.
    const planned = { id, status, heldOn: input.date };
    const units = await this.unitRows(ctx, planned, convener.id, input.units ?? []);
    const participants = await this.participationRows(ctx, planned, input.participants ?? [], []);
    const meeting = await insertMeeting(
      ctx,
      { id, ...fields, searchText: meetingSearchText(fields, agenda) },
      {
        units,
        participants,
        agenda: agenda.map((item, i) => ({
          meetingId: id,
          position: i + 1,
          titleAr: item.titleAr ?? null,
          titleFr: item.titleFr ?? null,
          notes: item.notes ?? null,
        })),
        sources: (input.sources ?? []).map((source) => ({
          meetingId: id,
          url: source.url ?? null,
          title: source.title ?? null,
          author: source.author ?? null,
          publishedOn: source.publishedOn ?? null,
          note: source.note ?? null,
        })),
      },
    );
    for (const outcome of input.outcomes ?? []) await this.insertOutcome(ctx, meeting, outcome);
    await this.insertInterventions(ctx, meeting, input.interventions ?? []);
    await this.insertContext(ctx, meeting, input.context ?? []);
    // Only an attended post of a held meeting confirms a mandate: most meetings give none.
    const confirms = (input.participants ?? []).some((p) => p.mandateId && p.attendance === 'ATTENDED');
    if (status === 'HELD' && confirms) await addMeetingConfirmations(ctx, meeting.id);
    return meeting;
  }

  /** Adds interventions after those the meeting has, in the order given. */
  async addInterventions(ctx: RequestContext, input: AddInterventionsInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if ((await countInterventions(ctx, meeting.id)) + input.interventions.length > MAX_INTERVENTIONS) {
      throw new BadInputError(`A meeting has at most ${MAX_INTERVENTIONS} interventions.`, 'interventions');
    }
    await this.insertInterventions(ctx, meeting, input.interventions);
    await bumpMeetingVersion(ctx, meeting.id);
    return findMeeting(ctx, meeting.id);
  }

  /** Links a meeting to an event it relates to. */
  async linkContext(ctx: RequestContext, input: LinkMeetingContextInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if ((await countContext(ctx, meeting.id)) >= MAX_CONTEXT) {
      throw new BadInputError(`A meeting relates to at most ${MAX_CONTEXT} events.`, 'eventId');
    }
    await this.insertContext(ctx, meeting, [input]);
    await bumpMeetingVersion(ctx, meeting.id);
    return findMeeting(ctx, meeting.id);
  }

  /**
   * Records an event known by its days. An event of a unit needs an editor there; one outside the
   * party (no unit), an editor of the whole registry.
   */
  async createContextEvent(ctx: RequestContext, input: CreateContextEventInput): Promise<ContextEvent> {
    if (!input.titleAr && !input.titleFr) {
      throw new BadInputError('An event needs a title: titleAr, titleFr or both.', 'titleAr');
    }
    const endsOn = input.endsOn ?? input.startsOn;
    if (endsOn < input.startsOn) {
      throw new BadInputError(
        `An event cannot end (${endsOn}) before it starts (${input.startsOn}).`,
        'endsOn',
      );
    }
    if (input.unitId) {
      await requireUnitAccess(ctx, input.unitId, Permission.Edit, 'Org unit');
    } else if (!hasEverywhere(ctx, Permission.Edit)) {
      throw new DomainError('FORBIDDEN', 'Only an editor of the whole registry records an event of no unit.');
    }
    if (input.territoryId) await this.territory(ctx, input.territoryId);
    return insertContextEvent(ctx, {
      kind: input.kind,
      titleAr: input.titleAr ?? null,
      titleFr: input.titleFr ?? null,
      startsOn: input.startsOn,
      endsOn,
      place: input.place ?? null,
      territoryId: input.territoryId ?? null,
      orgUnitId: input.unitId ?? null,
      source: input.source ?? null,
    });
  }

  /** The event, when the caller may see it. */
  async contextEvent(ctx: RequestContext, id: string): Promise<ContextEvent> {
    const event = await findVisibleContextEvent(ctx, id);
    if (!event) throw new NotFoundError('Context event', id);
    return event;
  }

  async update(ctx: RequestContext, input: UpdateMeetingInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.id, input.expectedVersion);
    const status = keepOrRequire(input.status, meeting.status, 'status');
    const transition = transitionProblem(meeting.status, status);
    if (transition) throw new BadInputError(transition, 'status');
    const next = {
      kind: keepOrRequire(input.kind, meeting.kind, 'kind'),
      status,
      titleAr: keepOr(input.titleAr, meeting.titleAr),
      titleFr: keepOr(input.titleFr, meeting.titleFr),
      summaryAr: keepOr(input.summaryAr, meeting.summaryAr),
      summaryFr: keepOr(input.summaryFr, meeting.summaryFr),
      heldOn: keepOrRequire(input.date, meeting.heldOn, 'date'),
      startsAt: keepOr(input.startsAt, meeting.startsAt),
      endsAt: keepOr(input.endsAt, meeting.endsAt),
      partOfDay: keepOr(input.partOfDay, meeting.partOfDay),
      place: keepOr(input.place, meeting.place),
      territoryId: keepOr(input.territoryId, meeting.territoryId),
      conveningUnitId: keepOrRequire(input.convenerUnitId, meeting.conveningUnitId, 'convenerUnitId'),
      seriesId: keepOr(input.seriesId, meeting.seriesId),
      agendaPartial: input.agendaPartial ?? meeting.agendaPartial,
    };
    if (!next.titleAr && !next.titleFr) {
      throw new BadInputError('A meeting needs a title: titleAr, titleFr or both.', 'titleAr');
    }
    this.checkWhenAndStatus(ctx, { ...next, date: next.heldOn });
    if (input.convenerUnitId) {
      await requireUnitAccess(ctx, input.convenerUnitId, Permission.Edit, 'Convening unit');
    }
    if (input.territoryId) await this.territory(ctx, input.territoryId);
    if (input.seriesId) await this.checkSeries(ctx, input.seriesId, next.conveningUnitId);
    if (next.status !== 'HELD') await this.assertNoAttendance(ctx, meeting.id);
    if (next.heldOn !== meeting.heldOn) await this.recheckDates(ctx, meeting.id, next.heldOn);
    const agenda = await agendaOf(ctx, meeting.id);
    const updated = await updateMeeting(ctx, meeting.id, {
      ...next,
      searchText: meetingSearchText(next, agenda),
    });
    await syncMeetingConfirmations(ctx, meeting.id);
    return updated;
  }

  async cancel(ctx: RequestContext, input: CancelMeetingInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.id, input.expectedVersion);
    if (meeting.status === 'CANCELLED') throw new ConflictError('This meeting is already cancelled.');
    const problem = transitionProblem(meeting.status, 'CANCELLED');
    if (problem) throw new BadInputError(problem, 'status');
    const cancelled = await updateMeeting(ctx, meeting.id, { status: 'CANCELLED' });
    await syncMeetingConfirmations(ctx, meeting.id);
    return cancelled;
  }

  /** Marks attendance of many participants at once; the meeting must have been held. */
  async setAttendance(ctx: RequestContext, input: SetAttendanceInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if (meeting.status !== 'HELD') {
      throw new BadInputError(
        `Attendance is recorded for held meetings; this one is ${meeting.status}.`,
        'meetingId',
      );
    }
    const seen = new Set<string>();
    for (const entry of input.entries) {
      if (seen.has(entry.personId)) throw new BadInputError('A person appears twice in entries.', 'entries');
      seen.add(entry.personId);
      if (!(await setPersonAttendance(ctx, meeting.id, entry.personId, entry.attendance ?? null))) {
        throw new NotFoundError('Participant', entry.personId);
      }
    }
    await syncMeetingConfirmations(ctx, meeting.id);
    await bumpMeetingVersion(ctx, meeting.id);
    return findMeeting(ctx, meeting.id);
  }

  async addParticipants(ctx: RequestContext, input: AddParticipantsInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if (meeting.status === 'CANCELLED') throw new BadInputError('This meeting was cancelled.', 'meetingId');
    await this.insertParticipants(ctx, meeting, input.participants);
    await syncMeetingConfirmations(ctx, meeting.id);
    await bumpMeetingVersion(ctx, meeting.id);
    return findMeeting(ctx, meeting.id);
  }

  async removeParticipant(ctx: RequestContext, input: RemoveParticipantInput): Promise<Meeting> {
    const participation = await findParticipation(ctx, input.participationId);
    if (!participation) throw new NotFoundError('Participation', input.participationId);
    // Named for what was asked: the participation, never its meeting.
    await lockMeeting(ctx, participation.meetingId, null, this.canEdit(ctx)).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'NOT_FOUND'
        ? new NotFoundError('Participation', input.participationId)
        : error;
    });
    await deleteParticipation(ctx, participation.id);
    await bumpMeetingVersion(ctx, participation.meetingId);
    return findMeeting(ctx, participation.meetingId);
  }

  async addOutcome(ctx: RequestContext, input: AddOutcomeInput): Promise<Outcome> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if (meeting.status === 'CANCELLED') {
      throw new BadInputError('A cancelled meeting has no outcomes.', 'meetingId');
    }
    // The meeting is locked: no other outcome can be added between this count and the insert.
    if ((await countOutcomes(ctx, meeting.id)) >= MAX_OUTCOMES) {
      throw new BadInputError(`A meeting has at most ${MAX_OUTCOMES} outcomes.`, 'meetingId');
    }
    return this.insertOutcome(ctx, meeting, input);
  }

  async setOutcomeStatus(ctx: RequestContext, input: SetOutcomeStatusInput): Promise<Outcome> {
    const outcome = await lockOutcome(ctx, input.id, input.expectedVersion, async (row) => {
      await this.canEdit(ctx)(await findMeeting(ctx, row.meetingId));
    });
    const meeting = await this.get(ctx, outcome.meetingId);
    const closedOn = input.status === 'OPEN' ? null : (input.closedOn ?? ctx.today);
    if (input.status === 'OPEN' && input.closedOn) {
      throw new BadInputError('An open outcome has no closedOn.', 'closedOn');
    }
    if (closedOn && closedOn < meeting.heldOn) {
      throw new BadInputError(
        `An outcome cannot close (${closedOn}) before its meeting (${meeting.heldOn}).`,
        'closedOn',
      );
    }
    return updateOutcome(ctx, outcome.id, { status: input.status, closedOn });
  }

  async listOutcomes(
    ctx: RequestContext,
    filter: OutcomeFilterInput,
    page: Page,
  ): Promise<[Outcome[], number | null]> {
    const { under, ...query } = filter;
    const underUnitId = under ? (await this.units.get(ctx, { id: under })).id : undefined;
    return listOutcomes(ctx, { ...query, underUnitId }, page);
  }

  private checkWhenAndStatus(
    ctx: RequestContext,
    when: {
      date: string;
      status: MeetingStatus;
      startsAt?: Date | null;
      endsAt?: Date | null;
      partOfDay?: string | null;
    },
  ): void {
    const timing = timingProblem({
      date: when.date,
      startsAt: when.startsAt ?? null,
      endsAt: when.endsAt ?? null,
      partOfDay: when.partOfDay ?? null,
    });
    if (timing) throw new BadInputError(timing, 'startsAt');
    const status = statusProblem(when.status, when.date, ctx.today);
    if (status) throw new BadInputError(status, 'status');
  }

  /** Locks a meeting for change by an editor of the unit that convened it. */
  private lockToEdit(ctx: RequestContext, id: string, expectedVersion?: number): Promise<Meeting> {
    return lockMeeting(ctx, id, expectedVersion, this.canEdit(ctx));
  }

  /** The caller must be an editor where the meeting was convened. */
  private canEdit(ctx: RequestContext) {
    return (meeting: Meeting) => requireUnitAccess(ctx, meeting.conveningUnitId, Permission.Edit, 'Meeting');
  }

  private checkAgendaItem(item: AgendaItemInput, index: number): void {
    if (!item.titleAr && !item.titleFr) {
      throw new BadInputError(`Agenda item ${index + 1} needs a title.`, 'agenda');
    }
  }

  private async territory(ctx: RequestContext, id: string) {
    const territory = await loader(ctx, territoryById).load(id);
    if (!territory) throw new NotFoundError('Territory', id);
    return territory;
  }

  private async series(ctx: RequestContext, id: string): Promise<MeetingSeries> {
    const series = await loader(ctx, seriesById).load(id);
    if (!series) throw new NotFoundError('Meeting series', id);
    return series;
  }

  /** A meeting of a series is convened inside the series' organising unit's subtree. */
  private async checkSeries(ctx: RequestContext, seriesId: string, convenerId: string): Promise<void> {
    const series = await this.series(ctx, seriesId);
    if (!(await isInSubtree(ctx, 'org_unit', convenerId, series.organizingUnitId))) {
      throw new BadInputError('The convening unit is outside the series’ organising unit.', 'seriesId');
    }
  }

  /** The units taking part besides the convener, each checked and listed once. */
  private async unitRows(
    ctx: RequestContext,
    meeting: Pick<Meeting, 'id'>,
    convenerId: string,
    units: { unitId: string; role: MeetingUnit['role'] }[],
  ): Promise<Partial<MeetingUnit>[]> {
    const seen = new Set<string>([convenerId]);
    for (const entry of units) {
      const unit = await this.units.get(ctx, { id: entry.unitId });
      if (seen.has(unit.id)) {
        throw new BadInputError(`${unit.code} is listed twice among the meeting's units.`, 'units');
      }
      seen.add(unit.id);
    }
    return units.map((entry) => ({ meetingId: meeting.id, orgUnitId: entry.unitId, role: entry.role }));
  }

  /** Checks and inserts participants of an existing meeting (see `participationRows`). */
  private async insertParticipants(ctx: RequestContext, meeting: Meeting, participants: ParticipantInput[]) {
    const existing = await participationsOf(ctx, meeting.id);
    await insertParticipations(ctx, await this.participationRows(ctx, meeting, participants, existing));
  }

  /**
   * Checks participants and answers their rows: a person at most once per meeting, a represented
   * mandate that is theirs and running on the meeting's day, attendance only for a held meeting.
   */
  private async participationRows(
    ctx: RequestContext,
    meeting: Pick<Meeting, 'id' | 'status' | 'heldOn'>,
    participants: ParticipantInput[],
    existing: Participation[],
  ): Promise<Partial<Participation>[]> {
    if (existing.length + participants.length > MAX_PARTICIPANTS) {
      throw new BadInputError(
        `A meeting has at most ${MAX_PARTICIPANTS} participants; this one has ${existing.length}.`,
        'participants',
      );
    }
    const seen = new Set(existing.map((p) => p.personId).filter(Boolean));
    // Everyone, every unit and every mandate named is loaded in one statement each before the checks
    // below, which then read the loaders' caches instead of asking once per participant.
    const named = (pick: (p: ParticipantInput) => string | null | undefined) =>
      participants.map(pick).filter((id): id is string => id != null);
    const [, , mandates] = await Promise.all([
      loader(ctx, personById).loadMany(named((p) => p.personId)),
      loader(ctx, orgUnitById).loadMany(named((p) => p.representedUnitId)),
      loader(ctx, mandateById).loadMany(named((p) => p.mandateId)),
    ]);
    await loader(ctx, positionById).loadMany(
      mandates.flatMap((mandate) => (mandate && !(mandate instanceof Error) ? [mandate.positionId] : [])),
    );
    const rows: Partial<Participation>[] = [];
    for (const [index, p] of participants.entries()) {
      const where = `participants[${index}]`;
      if ((p.personId == null) === (p.guestName == null)) {
        throw new BadInputError(`${where}: give either personId or guestName.`, 'participants');
      }
      if (p.attendance && meeting.status !== 'HELD') {
        throw new BadInputError(
          `${where}: attendance is recorded for held meetings; this one is ${meeting.status}.`,
          'participants',
        );
      }
      let representedUnitId = p.representedUnitId ?? null;
      if (representedUnitId) representedUnitId = (await this.units.get(ctx, { id: representedUnitId })).id;
      if (p.personId) {
        const person = await this.people.get(ctx, p.personId);
        if (seen.has(person.id)) {
          throw new ConflictError(
            `${where}: ${person.fullNameLatin ?? person.fullNameAr} is already at this meeting.`,
          );
        }
        seen.add(person.id);
      } else if (p.mandateId) {
        throw new BadInputError(`${where}: a guest holds no mandate.`, 'participants');
      }
      if (p.mandateId) {
        const mandate = await loader(ctx, mandateById).load(p.mandateId);
        if (!mandate) throw new NotFoundError('Mandate', p.mandateId);
        if (mandate.personId !== p.personId) {
          throw new BadInputError(`${where}: the mandate belongs to someone else.`, 'participants');
        }
        if (!termCovers(termOf(mandate), meeting.heldOn)) {
          throw new BadInputError(
            `${where}: the mandate was not running on ${meeting.heldOn}.`,
            'participants',
          );
        }
        representedUnitId ??= (await loader(ctx, positionById).load(mandate.positionId))!.orgUnitId;
      }
      rows.push({
        meetingId: meeting.id,
        personId: p.personId ?? null,
        guestName: p.guestName ?? null,
        role: p.role,
        representedUnitId,
        mandateId: p.mandateId ?? null,
        invited: p.invited ?? false,
        attendance: p.attendance ?? null,
      });
    }
    return rows;
  }

  private async insertOutcome(ctx: RequestContext, meeting: Meeting, input: OutcomeInput): Promise<Outcome> {
    if (!input.textAr && !input.textFr) {
      throw new BadInputError('An outcome needs a text: textAr, textFr or both.', 'textAr');
    }
    if (input.dueOn && input.dueOn < meeting.heldOn) {
      throw new BadInputError(
        `An outcome cannot be due (${input.dueOn}) before its meeting (${meeting.heldOn}).`,
        'dueOn',
      );
    }
    const owners = [
      ...(input.ownerPersonId ? [{ personId: input.ownerPersonId }] : []),
      ...(input.ownerUnitId ? [{ unitId: input.ownerUnitId }] : []),
      ...(input.owners ?? []),
    ];
    if (owners.length > MAX_OWNERS) {
      throw new BadInputError(`An outcome has at most ${MAX_OWNERS} owners.`, 'owners');
    }
    const rows: { personId: string | null; orgUnitId: string | null }[] = [];
    const seen = new Set<string>();
    for (const [index, owner] of owners.entries()) {
      if ((owner.personId == null) === (owner.unitId == null)) {
        throw new BadInputError(`owners[${index}]: give either personId or unitId.`, 'owners');
      }
      const id = owner.personId
        ? (await this.people.get(ctx, owner.personId)).id
        : (await this.units.get(ctx, { id: owner.unitId! })).id;
      if (seen.has(id)) throw new BadInputError(`owners[${index}] is listed twice.`, 'owners');
      seen.add(id);
      rows.push({ personId: owner.personId ? id : null, orgUnitId: owner.unitId ? id : null });
    }
    const outcome = await insertOutcome(ctx, {
      meetingId: meeting.id,
      kind: input.kind,
      textAr: input.textAr ?? null,
      textFr: input.textFr ?? null,
      dueOn: input.dueOn ?? null,
      status: 'OPEN',
      closedOn: null,
    });
    await insertOutcomeOwners(
      ctx,
      rows.map((row, i) => ({ ...row, outcomeId: outcome.id, position: i + 1 })),
    );
    return outcome;
  }

  /**
   * Inserts interventions after the meeting's last one. Each speaker is a participant of the
   * meeting, named by their person's id or by the participation's id.
   */
  private async insertInterventions(ctx: RequestContext, meeting: Meeting, items: InterventionInput[]) {
    if (!items.length) return;
    if (meeting.status !== 'HELD') {
      throw new BadInputError(
        `Interventions are recorded for held meetings; this one is ${meeting.status}.`,
        'interventions',
      );
    }
    const participations = await participationsOf(ctx, meeting.id);
    let position = await nextInterventionPosition(ctx, meeting.id);
    for (const [index, item] of items.entries()) {
      const where = `interventions[${index}]`;
      if (!item.textAr && !item.textFr) {
        throw new BadInputError(`${where} needs a text: textAr, textFr or both.`, 'interventions');
      }
      if (!item.speakers.length) throw new BadInputError(`${where} needs a speaker.`, 'interventions');
      const speakers = new Set<string>();
      for (const speaker of item.speakers) {
        const participation = participations.find((p) => p.personId === speaker || p.id === speaker);
        if (!participation) {
          throw new BadInputError(
            `${where}: ${speaker} is not a participant of this meeting.`,
            'interventions',
          );
        }
        speakers.add(participation.id);
      }
      const intervention = await insertIntervention(ctx, {
        meetingId: meeting.id,
        position: position++,
        kind: item.kind,
        textAr: item.textAr ?? null,
        textFr: item.textFr ?? null,
      });
      await insertInterventionSpeakers(
        ctx,
        [...speakers].map((participationId) => ({ interventionId: intervention.id, participationId })),
      );
    }
  }

  /** Links the meeting to events the caller may see, each once. */
  private async insertContext(ctx: RequestContext, meeting: Meeting, links: MeetingContextInput[]) {
    const seen = new Set<string>();
    for (const link of links) {
      const event = await this.contextEvent(ctx, link.eventId);
      if (seen.has(event.id) || (await citesEvent(ctx, meeting.id, event.id))) {
        throw new ConflictError('The meeting is already linked to this event.');
      }
      seen.add(event.id);
    }
    await insertMeetingContext(
      ctx,
      links.map((link) => ({
        meetingId: meeting.id,
        eventId: link.eventId,
        relation: link.relation,
        note: link.note ?? null,
      })),
    );
  }

  private async assertNoAttendance(ctx: RequestContext, meetingId: string): Promise<void> {
    if (await hasAttendance(ctx, meetingId)) {
      throw new BadInputError('Attendance was recorded: this meeting was held.', 'status');
    }
  }

  /** A new day must still suit the represented mandates and the outcomes' due dates. */
  private async recheckDates(ctx: RequestContext, meetingId: string, day: string): Promise<void> {
    if ((await countStaleOn(ctx, meetingId, day)) > 0) {
      throw new BadInputError(
        `On ${day} a represented mandate would not be running, or an outcome would be due before the meeting.`,
        'date',
      );
    }
  }
}
