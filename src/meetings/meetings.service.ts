import { idempotent } from '../common/idempotency';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { asProperties } from '../database/rows';
import { AuditSnapshot } from '../audit/audited';
import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { visibleMeeting } from '../access/visibility';
import { keepOr, keepOrRequire } from '../common/update';
import { meetingById, seriesById } from './meeting.loaders';
import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { lockForUpdate } from '../common/locking';
import { isInSubtree, unitsInSubtreeOf } from '../common/tree';
import { Page } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { searchText } from '../common/text';
import { OrgUnitsService } from '../org-units/org-units.service';
import { PeopleService } from '../people/people.service';
import { termCovers, termOf } from '../positions/mandate.rules';
import { mandateById, positionById } from '../positions/position.loaders';
import { personById } from '../people/person.loaders';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { territoryById } from '../territories/territory.loaders';
import {
  AddOutcomeInput,
  AddParticipantsInput,
  AgendaItemInput,
  CancelMeetingInput,
  MAX_OUTCOMES,
  MAX_PARTICIPANTS,
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
import {
  AgendaItem,
  Meeting,
  MeetingSource,
  MeetingStatus,
  MeetingUnit,
  Outcome,
  Participation,
} from './meeting.entity';
import { MeetingSeries } from './meeting-series.entity';
import { defaultStatus, statusProblem, timingProblem, transitionProblem } from './meeting.rules';

type AgendaText = { titleAr?: string | null; titleFr?: string | null; notes?: string | null };
/** Titles, place and agenda titles first, then summaries and notes, as far as the search text goes. */
const meetingSearchText = (meeting: Partial<Meeting>, agenda: AgendaText[]) =>
  searchText(
    meeting.titleAr,
    meeting.titleFr,
    meeting.place,
    agenda.flatMap((item) => [item.titleAr, item.titleFr]).filter((text): text is string => !!text),
    meeting.summaryAr,
    meeting.summaryFr,
    agenda.map((item) => item.notes).filter((text): text is string => !!text),
  );

/** A row as Postgres's `to_json` gives it: column names as keys. */
type JsonRow = Record<string, unknown>;

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
  async list(ctx: RequestContext, filter: MeetingFilterInput, page: Page): Promise<[Meeting[], number]> {
    const qb = ctx.manager.createQueryBuilder(Meeting, 'm').where(...visibleMeeting(ctx, 'm'));
    if (filter.unit) {
      const unit = await this.units.get(ctx, { id: filter.unit });
      const units = filter.includeDescendants ? unitsInSubtreeOf('unitId') : `SELECT CAST(:unitId AS uuid)`;
      qb.andWhere(
        `(m.convening_unit_id IN (${units})
          OR EXISTS (SELECT 1 FROM meeting_unit mu WHERE mu.meeting_id = m.id AND mu.org_unit_id IN (${units})))`,
        { unitId: unit.id },
      );
    }
    if (filter.from) qb.andWhere('m.held_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('m.held_on <= :to', { to: filter.to });
    if (filter.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.participant) {
      const person = await this.people.get(ctx, filter.participant);
      qb.andWhere(
        'EXISTS (SELECT 1 FROM participation p WHERE p.meeting_id = m.id AND p.person_id = :personId)',
        {
          personId: person.id,
        },
      );
    }
    if (filter.series) {
      qb.andWhere('m.series_id = :series', { series: (await this.series(ctx, filter.series)).id });
    }
    if (filter.search != null) {
      applySearch(qb, 'm.search_text', filter.search).addOrderBy('m.held_on', 'DESC');
    } else {
      qb.orderBy('m.held_on', 'DESC').addOrderBy('m.starts_at', 'DESC', 'NULLS LAST');
    }
    qb.addOrderBy('m.id').offset(page.offset).limit(page.limit);
    return filter.search != null ? searchPage(ctx, qb) : qb.getManyAndCount();
  }

  /** A meeting with every row written with it, as the audit trail keeps it (see `audited`). */
  @AuditSnapshot(Meeting)
  async snapshot(ctx: RequestContext, id: string): Promise<Record<string, unknown> | null> {
    // One statement: a write's audit event must not cost a read per kind of child row.
    const children = (table: string, order: string) =>
      `(SELECT coalesce(json_agg(x ORDER BY x.${order}), '[]') FROM ${table} x WHERE x.meeting_id = m.id)`;
    const [row] = (await ctx.manager.query(
      `SELECT to_json(m) AS meeting, ${children('meeting_unit', 'org_unit_id')} AS units,
              ${children('participation', 'id')} AS participants, ${children('agenda_item', 'position')} AS agenda,
              ${children('outcome', 'id')} AS outcomes, ${children('meeting_source', 'id')} AS sources
         FROM meeting m WHERE m.id = $1`,
      [id],
    )) as ({ meeting: JsonRow } & Record<
      'units' | 'participants' | 'agenda' | 'outcomes' | 'sources',
      JsonRow[]
    >)[];
    if (!row) return null;
    const each = <T extends ObjectLiteral>(entity: EntityTarget<T>, rows: JsonRow[]) =>
      rows.map((child) => asProperties(ctx.manager, entity, child));
    return {
      ...asProperties(ctx.manager, Meeting, row.meeting),
      units: each(MeetingUnit, row.units),
      participants: each(Participation, row.participants),
      agenda: each(AgendaItem, row.agenda),
      outcomes: each(Outcome, row.outcomes),
      sources: each(MeetingSource, row.sources),
    };
  }

  /** The meeting a participation belongs to, when there is one (the audit trail files removals under it). */
  async meetingOfParticipation(ctx: RequestContext, participationId: string): Promise<string | undefined> {
    if (!isUuid(participationId)) return undefined;
    return (await ctx.manager.findOneBy(Participation, { id: participationId }))?.meetingId;
  }

  /** Records a meeting with everything in it, in the caller's transaction: all of it or nothing. */
  async record(ctx: RequestContext, input: RecordMeetingInput): Promise<Meeting> {
    return idempotent(
      ctx,
      'recordMeeting',
      input,
      () => this.recordOnce(ctx, input),
      // A replay answers only what the caller may still see.
      (id) => this.get(ctx, id),
    );
  }

  private async recordOnce(ctx: RequestContext, input: RecordMeetingInput): Promise<Meeting> {
    const status = input.status ?? defaultStatus(input.date, ctx.today);
    this.checkWhenAndStatus(ctx, { ...input, status });
    if (!input.titleAr && !input.titleFr) {
      throw new BadInputError('A meeting needs a title: titleAr, titleFr or both.', 'titleAr');
    }
    await requireUnitAccess(ctx, input.convenerUnitId, Permission.Edit, 'Convening unit');
    const convener = await this.units.get(ctx, { id: input.convenerUnitId });
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
    };
    const { identifiers } = await ctx.manager.insert(Meeting, {
      ...fields,
      searchText: meetingSearchText(fields, agenda),
    });
    const meeting = await ctx.manager.findOneByOrFail(Meeting, { id: identifiers[0].id as string });

    await this.insertUnits(ctx, meeting, input.units ?? []);
    await this.insertParticipants(ctx, meeting, input.participants ?? [], { newMeeting: true });
    if (agenda.length) {
      await ctx.manager.insert(
        AgendaItem,
        agenda.map((item, i) => ({
          meetingId: meeting.id,
          position: i + 1,
          titleAr: item.titleAr ?? null,
          titleFr: item.titleFr ?? null,
          notes: item.notes ?? null,
        })),
      );
    }
    for (const outcome of input.outcomes ?? []) await this.insertOutcome(ctx, meeting, outcome);
    if (input.sources?.length) {
      await ctx.manager.insert(
        MeetingSource,
        input.sources.map((source) => ({
          meetingId: meeting.id,
          url: source.url ?? null,
          title: source.title ?? null,
          author: source.author ?? null,
          publishedOn: source.publishedOn ?? null,
          note: source.note ?? null,
        })),
      );
    }
    return meeting;
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
    const agenda = await ctx.manager.findBy(AgendaItem, { meetingId: meeting.id });
    await ctx.manager.update(
      Meeting,
      { id: meeting.id },
      { ...next, searchText: meetingSearchText(next, agenda) },
    );
    return ctx.manager.findOneByOrFail(Meeting, { id: meeting.id });
  }

  async cancel(ctx: RequestContext, input: CancelMeetingInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.id, input.expectedVersion);
    if (meeting.status === 'CANCELLED') throw new ConflictError('This meeting is already cancelled.');
    const problem = transitionProblem(meeting.status, 'CANCELLED');
    if (problem) throw new BadInputError(problem, 'status');
    await ctx.manager.update(Meeting, { id: meeting.id }, { status: 'CANCELLED' });
    return ctx.manager.findOneByOrFail(Meeting, { id: meeting.id });
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
      const result = isUuid(entry.personId)
        ? await ctx.manager.update(
            Participation,
            { meetingId: meeting.id, personId: entry.personId },
            { attendance: entry.attendance },
          )
        : { affected: 0 };
      if (!result.affected) throw new NotFoundError('Participant', entry.personId);
    }
    await this.bumpVersion(ctx, meeting.id);
    return ctx.manager.findOneByOrFail(Meeting, { id: meeting.id });
  }

  async addParticipants(ctx: RequestContext, input: AddParticipantsInput): Promise<Meeting> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if (meeting.status === 'CANCELLED') throw new BadInputError('This meeting was cancelled.', 'meetingId');
    await this.insertParticipants(ctx, meeting, input.participants);
    await this.bumpVersion(ctx, meeting.id);
    return ctx.manager.findOneByOrFail(Meeting, { id: meeting.id });
  }

  async removeParticipant(ctx: RequestContext, input: RemoveParticipantInput): Promise<Meeting> {
    const participation = isUuid(input.participationId)
      ? await ctx.manager.findOneBy(Participation, { id: input.participationId })
      : null;
    if (!participation) throw new NotFoundError('Participation', input.participationId);
    // Named for what was asked: the participation, never its meeting.
    await lockForUpdate(ctx, Meeting, 'Meeting', participation.meetingId, null, this.canEdit(ctx)).catch(
      (error: unknown) => {
        throw error instanceof DomainError && error.code === 'NOT_FOUND'
          ? new NotFoundError('Participation', input.participationId)
          : error;
      },
    );
    await ctx.manager.delete(Participation, { id: participation.id });
    await this.bumpVersion(ctx, participation.meetingId);
    return ctx.manager.findOneByOrFail(Meeting, { id: participation.meetingId });
  }

  async addOutcome(ctx: RequestContext, input: AddOutcomeInput): Promise<Outcome> {
    const meeting = await this.lockToEdit(ctx, input.meetingId);
    if (meeting.status === 'CANCELLED') {
      throw new BadInputError('A cancelled meeting has no outcomes.', 'meetingId');
    }
    // The meeting is locked: no other outcome can be added between this count and the insert.
    if ((await ctx.manager.countBy(Outcome, { meetingId: meeting.id })) >= MAX_OUTCOMES) {
      throw new BadInputError(`A meeting has at most ${MAX_OUTCOMES} outcomes.`, 'meetingId');
    }
    return this.insertOutcome(ctx, meeting, input);
  }

  async setOutcomeStatus(ctx: RequestContext, input: SetOutcomeStatusInput): Promise<Outcome> {
    const outcome = await lockForUpdate(
      ctx,
      Outcome,
      'Outcome',
      input.id,
      input.expectedVersion,
      async (row) => {
        const meeting = await ctx.manager.findOneByOrFail(Meeting, { id: row.meetingId });
        await this.canEdit(ctx)(meeting);
      },
    );
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
    await ctx.manager.update(Outcome, { id: outcome.id }, { status: input.status, closedOn });
    return ctx.manager.findOneByOrFail(Outcome, { id: outcome.id });
  }

  async listOutcomes(
    ctx: RequestContext,
    filter: OutcomeFilterInput,
    page: Page,
  ): Promise<[Outcome[], number]> {
    const qb = ctx.manager
      .createQueryBuilder(Outcome, 'o')
      .innerJoin(Meeting, 'm', 'm.id = o.meeting_id')
      .where(...visibleMeeting(ctx, 'm'));
    if (filter.under) {
      const unit = await this.units.get(ctx, { id: filter.under });
      const subtree = unitsInSubtreeOf('under');
      qb.andWhere(`(m.convening_unit_id IN (${subtree}) OR o.owner_unit_id IN (${subtree}))`, {
        under: unit.id,
      });
    }
    if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
    if (filter.overdue === true) qb.andWhere(`o.status = 'OPEN' AND o.due_on < :today`, { today: ctx.today });
    if (filter.overdue === false) {
      qb.andWhere(`NOT (o.status = 'OPEN' AND o.due_on IS NOT NULL AND o.due_on < :today)`, {
        today: ctx.today,
      });
    }
    if (filter.owner) {
      qb.andWhere('(o.owner_person_id = :owner OR o.owner_unit_id = :owner)', {
        owner: isUuid(filter.owner) ? filter.owner : null,
      });
    }
    return qb
      .orderBy('o.due_on', 'ASC', 'NULLS LAST')
      .addOrderBy('m.held_on', 'DESC')
      .addOrderBy('o.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
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
    return lockForUpdate(ctx, Meeting, 'Meeting', id, expectedVersion, this.canEdit(ctx));
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

  private async insertUnits(
    ctx: RequestContext,
    meeting: Meeting,
    units: { unitId: string; role: MeetingUnit['role'] }[],
  ) {
    const seen = new Set<string>([meeting.conveningUnitId]);
    for (const entry of units) {
      const unit = await this.units.get(ctx, { id: entry.unitId });
      if (seen.has(unit.id)) {
        throw new BadInputError(`${unit.code} is listed twice among the meeting's units.`, 'units');
      }
      seen.add(unit.id);
    }
    if (units.length) {
      await ctx.manager.insert(
        MeetingUnit,
        units.map((entry) => ({ meetingId: meeting.id, orgUnitId: entry.unitId, role: entry.role })),
      );
    }
  }

  /**
   * Checks and inserts participants: a person at most once per meeting, a represented mandate that
   * is theirs and running on the meeting's day, attendance only for a held meeting.
   */
  private async insertParticipants(
    ctx: RequestContext,
    meeting: Meeting,
    participants: ParticipantInput[],
    { newMeeting = false } = {},
  ) {
    const existing = newMeeting ? [] : await ctx.manager.findBy(Participation, { meetingId: meeting.id });
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
    if (rows.length) await ctx.manager.insert(Participation, rows);
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
    if (input.ownerPersonId) await this.people.get(ctx, input.ownerPersonId);
    if (input.ownerUnitId) await this.units.get(ctx, { id: input.ownerUnitId });
    const { identifiers } = await ctx.manager.insert(Outcome, {
      meetingId: meeting.id,
      kind: input.kind,
      textAr: input.textAr ?? null,
      textFr: input.textFr ?? null,
      ownerPersonId: input.ownerPersonId ?? null,
      ownerUnitId: input.ownerUnitId ?? null,
      dueOn: input.dueOn ?? null,
      status: 'OPEN',
      closedOn: null,
    });
    return ctx.manager.findOneByOrFail(Outcome, { id: identifiers[0].id as string });
  }

  private async assertNoAttendance(ctx: RequestContext, meetingId: string): Promise<void> {
    const marked = await ctx.manager
      .createQueryBuilder(Participation, 'p')
      .where('p.meeting_id = :meetingId AND p.attendance IS NOT NULL', { meetingId })
      .getCount();
    if (marked) throw new BadInputError('Attendance was recorded: this meeting was held.', 'status');
  }

  /** A new day must still suit the represented mandates and the outcomes' due dates. */
  private async recheckDates(ctx: RequestContext, meetingId: string, day: string): Promise<void> {
    const [{ stale }] = (await ctx.manager.query(
      `SELECT (SELECT count(*) FROM participation p JOIN mandate md ON md.id = p.mandate_id
                WHERE p.meeting_id = $1 AND NOT md.term @> CAST($2 AS date))
            + (SELECT count(*) FROM outcome o WHERE o.meeting_id = $1 AND o.due_on < $2) AS stale`,
      [meetingId, day],
    )) as { stale: string }[];
    if (Number(stale) > 0) {
      throw new BadInputError(
        `On ${day} a represented mandate would not be running, or an outcome would be due before the meeting.`,
        'date',
      );
    }
  }

  private async bumpVersion(ctx: RequestContext, meetingId: string): Promise<void> {
    await ctx.manager.query(`UPDATE meeting SET version = version + 1, updated_at = now() WHERE id = $1`, [
      meetingId,
    ]);
  }
}
