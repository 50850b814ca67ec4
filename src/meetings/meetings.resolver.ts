import { loadOrNull } from '../common/batch';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ListBound } from '../common/graphql-limits';
import { LangArgs, pickName } from '../common/names';
import { ConnectionType, toConnection, toPage } from '../common/pagination';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { personById } from '../people/person.loaders';
import { PersonModel, toPersonModel } from '../people/person.model';
import { mandateById } from '../positions/position.loaders';
import { MandateModel, toMandateModel } from '../positions/position.model';
import { territoryById } from '../territories/territory.loaders';
import { TerritoryModel, toTerritoryModel } from '../territories/territory.model';
import { ContextEvent } from './context-event.entity';
import {
  ContextEventModel,
  MeetingContextModel,
  toContextEventModel,
  toMeetingContextModel,
} from './context-event.model';
import {
  AddInterventionsInput,
  AddOutcomeInput,
  AddParticipantsInput,
  CancelMeetingInput,
  CreateContextEventInput,
  LinkMeetingContextInput,
  MAX_CONTEXT,
  MAX_INTERVENTIONS,
  MAX_ITEMS,
  MAX_OUTCOMES,
  MAX_OWNERS,
  MAX_PARTICIPANTS,
  MAX_SOURCES,
  MAX_SPEAKERS,
  MeetingsArgs,
  OutcomesArgs,
  RecordMeetingInput,
  RemoveParticipantInput,
  SetAttendanceInput,
  SetOutcomeStatusInput,
  UpdateMeetingInput,
} from './dto/meeting.inputs';
import { Meeting, Outcome, UNIT_ROLES } from './meeting.entity';
import {
  agendaByMeeting,
  attendanceByMeeting,
  contextByMeeting,
  interventionsByMeeting,
  meetingById,
  outcomesByMeeting,
  ownersByOutcome,
  participantsByMeeting,
  participantsReadAsked,
  seriesById,
  sourcesByMeeting,
  unitsByMeeting,
} from './meeting.loaders';
import {
  AgendaItemModel,
  AttendanceSummaryModel,
  InterventionModel,
  MeetingModel,
  MeetingSourceModel,
  MeetingUnitModel,
  OutcomeModel,
  OutcomeOwnerModel,
  ParticipationModel,
  toAgendaItemModel,
  toInterventionModel,
  toOutcomeOwnerModel,
  toMeetingModel,
  toOutcomeModel,
  toParticipationModel,
  toSourceModel,
} from './meeting.model';
import { MeetingSeriesModel, toSeriesModel } from './meeting-series.model';
import { MeetingsService } from './meetings.service';

export const MeetingConnection = ConnectionType(MeetingModel, 'Meeting');
const OutcomeConnection = ConnectionType(OutcomeModel, 'Outcome');

@Resolver(() => MeetingModel)
export class MeetingsResolver {
  constructor(private readonly meetingsService: MeetingsService) {}

  @Allow(Permission.Read)
  @Query(() => MeetingModel, { description: 'A meeting by id.' })
  async meeting(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The meeting’s id.' }) id: string,
  ): Promise<MeetingModel> {
    return toMeetingModel(await this.meetingsService.get(ctx, id));
  }

  @Allow(Permission.Read)
  @Query(() => MeetingConnection, { description: 'Meetings, newest first.' })
  async meetings(
    @Context() ctx: RequestContext,
    @Args() args: MeetingsArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await this.meetingsService.list(ctx, args.filter ?? {}, page);
    return toConnection(
      rows.map((row) => toMeetingModel(row)),
      total,
      page,
    );
  }

  @Allow(Permission.Read)
  @Query(() => OutcomeConnection, {
    description: 'Decisions and commitments to follow up, soonest due first.',
  })
  async outcomes(
    @Context() ctx: RequestContext,
    @Args() args: OutcomesArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await this.meetingsService.listOutcomes(ctx, args.filter ?? {}, page);
    return toConnection(rows.map(toOutcomeModel), total, page);
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, {
    description: 'A meeting with its units, participants, agenda, outcomes and sources, at once.',
  })
  async recordMeeting(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting with its units, participants, agenda, outcomes and sources.' })
    input: RecordMeetingInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'recordMeeting', Meeting, undefined, (tx) => this.meetingsService.record(tx, input)),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Changes a meeting’s details (not its lists).' })
  async updateMeeting(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes, with the version last read.' }) input: UpdateMeetingInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'updateMeeting', Meeting, input.id, (tx) => this.meetingsService.update(tx, input)),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Cancels a meeting; a cancelled meeting stays cancelled.' })
  async cancelMeeting(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting to cancel.' }) input: CancelMeetingInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'cancelMeeting', Meeting, input.id, (tx) => this.meetingsService.cancel(tx, input)),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Attendance of many participants of a held meeting at once.' })
  async setAttendance(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting and each person’s attendance.' }) input: SetAttendanceInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'setAttendance', Meeting, input.meetingId, (tx) =>
        this.meetingsService.setAttendance(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Adds participants to a meeting.' })
  async addParticipants(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting and who to add.' }) input: AddParticipantsInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'addParticipants', Meeting, input.meetingId, (tx) =>
        this.meetingsService.addParticipants(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Removes one participant from a meeting.' })
  async removeParticipant(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The participation to remove.' }) input: RemoveParticipantInput,
  ) {
    return toMeetingModel(
      await audited(
        ctx,
        'removeParticipant',
        Meeting,
        (tx) => this.meetingsService.meetingOfParticipation(tx, input.participationId),
        (tx) => this.meetingsService.removeParticipant(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => OutcomeModel, { description: 'Adds an outcome to a meeting.' })
  async addOutcome(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting and the outcome.' }) input: AddOutcomeInput,
  ): Promise<OutcomeModel> {
    return toOutcomeModel(
      await audited(ctx, 'addOutcome', Outcome, undefined, (tx) =>
        this.meetingsService.addOutcome(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => OutcomeModel, { description: 'Marks an outcome open, done or dropped.' })
  async setOutcomeStatus(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The outcome, its new status and the version last read.' })
    input: SetOutcomeStatusInput,
  ): Promise<OutcomeModel> {
    return toOutcomeModel(
      await audited(ctx, 'setOutcomeStatus', Outcome, input.id, (tx) =>
        this.meetingsService.setOutcomeStatus(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, {
    description: 'Adds what participants said, after the interventions recorded.',
  })
  async addInterventions(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting and the interventions, in order.' })
    input: AddInterventionsInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'addInterventions', Meeting, input.meetingId, (tx) =>
        this.meetingsService.addInterventions(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingModel, { description: 'Relates a meeting to an event (follows up, implements, …).' })
  async linkMeetingContext(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The meeting, the event and the relation.' })
    input: LinkMeetingContextInput,
  ) {
    return toMeetingModel(
      await audited(ctx, 'linkMeetingContext', Meeting, input.meetingId, (tx) =>
        this.meetingsService.linkContext(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => ContextEventModel, {
    description: 'Records an event known by its days only (a congress, an election), for meetings to cite.',
  })
  async createContextEvent(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The event.' }) input: CreateContextEventInput,
  ): Promise<ContextEventModel> {
    return toContextEventModel(
      await audited(ctx, 'createContextEvent', ContextEvent, undefined, (tx) =>
        this.meetingsService.createContextEvent(tx, input),
      ),
    );
  }

  @Allow(Permission.Read)
  @Query(() => ContextEventModel, { description: 'An event meetings cite, by id.' })
  async contextEvent(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The event’s id.' }) id: string,
  ): Promise<ContextEventModel> {
    return toContextEventModel(await this.meetingsService.contextEvent(ctx, id));
  }

  @ResolveField(() => String, { description: 'The title in the asked language (or the other one).' })
  @DirectResolver()
  title(meeting: MeetingModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, meeting.titleAr, meeting.titleFr);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The summary in the asked language (or the other one); null when there is none.',
  })
  @DirectResolver()
  summary(meeting: MeetingModel, @Args() { lang }: LangArgs): string | null {
    return pickName(lang, meeting.summaryAr, meeting.summaryFr) || null;
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description:
      'The convening unit; null when it is outside your scope (you see the meeting because a unit of yours took part).',
  })
  async convener(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, meeting.conveningUnitId, (row) => toOrgUnitModel(row));
  }

  @ResolveField(() => [MeetingUnitModel], {
    description: `The convening unit first, then every other unit and its part (at most ${MAX_ITEMS} others).`,
  })
  @ListBound(MAX_ITEMS + 1)
  async units(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingUnitModel[]> {
    const [rows, convener] = await Promise.all([
      loader(ctx, unitsByMeeting).load(meeting.id),
      loader(ctx, orgUnitById).load(meeting.conveningUnitId),
    ]);
    const others = [...rows].sort((a, b) => UNIT_ROLES.indexOf(a.role) - UNIT_ROLES.indexOf(b.role));
    // A convener outside the caller's scope is left out, like the other units there.
    return [
      ...(convener ? [{ role: 'CONVENING' as const, unitId: meeting.conveningUnitId }] : []),
      ...others.map((row) => ({ role: row.role, unitId: row.orgUnitId })),
    ].map((entry) => Object.assign(new MeetingUnitModel(), entry));
  }

  @ResolveField(() => [ParticipationModel], {
    description: `At most ${MAX_PARTICIPANTS} per meeting, people and guests together.`,
  })
  @ListBound(MAX_PARTICIPANTS)
  async participants(
    meeting: MeetingModel,
    _args: NoArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<ParticipationModel[]> {
    const rows = await loader(ctx, participantsByMeeting, participantsReadAsked(info)).load(meeting.id);
    return rows.map((row) => toParticipationModel(row));
  }

  @ResolveField(() => AttendanceSummaryModel, { description: 'How many took part, by attendance.' })
  attendance(
    meeting: MeetingModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): AttendanceSummaryModel | Promise<AttendanceSummaryModel> {
    return meeting.countedAttendance ?? loader(ctx, attendanceByMeeting).load(meeting.id);
  }

  @ResolveField(() => [AgendaItemModel], { description: `In order; at most ${MAX_ITEMS}.` })
  @ListBound(MAX_ITEMS)
  async agenda(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<AgendaItemModel[]> {
    return (await loader(ctx, agendaByMeeting).load(meeting.id)).map(toAgendaItemModel);
  }

  @ResolveField('outcomes', () => [OutcomeModel], { description: `At most ${MAX_OUTCOMES} per meeting.` })
  @ListBound(MAX_OUTCOMES)
  async meetingOutcomes(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<OutcomeModel[]> {
    return (await loader(ctx, outcomesByMeeting).load(meeting.id)).map(toOutcomeModel);
  }

  @ResolveField(() => [InterventionModel], {
    description: `What participants said, in order; at most ${MAX_INTERVENTIONS}.`,
  })
  @ListBound(MAX_INTERVENTIONS)
  async interventions(
    meeting: MeetingModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<InterventionModel[]> {
    return (await loader(ctx, interventionsByMeeting).load(meeting.id)).map(({ row, speakerIds }) =>
      toInterventionModel(row, speakerIds),
    );
  }

  @ResolveField(() => [MeetingContextModel], {
    description: `Events the meeting relates to (a congress whose strategy it implements, …); at most ${MAX_CONTEXT}.`,
  })
  @ListBound(MAX_CONTEXT)
  async context(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingContextModel[]> {
    return (await loader(ctx, contextByMeeting).load(meeting.id)).map((row) =>
      toMeetingContextModel(row, row.joined!.event!),
    );
  }

  @ResolveField(() => [MeetingSourceModel], { description: `At most ${MAX_SOURCES}.` })
  @ListBound(MAX_SOURCES)
  async sources(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingSourceModel[]> {
    return (await loader(ctx, sourcesByMeeting).load(meeting.id)).map(toSourceModel);
  }

  @ResolveField(() => MeetingSeriesModel, {
    nullable: true,
    description: 'The series the meeting belongs to, if any.',
  })
  async series(
    meeting: MeetingModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<MeetingSeriesModel | null> {
    return loadOrNull(ctx, seriesById, meeting.seriesId, toSeriesModel);
  }

  @ResolveField(() => TerritoryModel, {
    nullable: true,
    description: 'The territory where it took place, if recorded.',
  })
  async territory(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<TerritoryModel | null> {
    return loadOrNull(ctx, territoryById, meeting.territoryId, toTerritoryModel);
  }
}

@Resolver(() => MeetingUnitModel)
export class MeetingUnitResolver {
  @ResolveField(() => OrgUnitModel, { description: 'The unit taking part.' })
  async unit(entry: MeetingUnitModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel> {
    return toOrgUnitModel((await loader(ctx, orgUnitById).load(entry.unitId))!);
  }
}

@Resolver(() => ParticipationModel)
export class ParticipationResolver {
  @ResolveField(() => OrgUnitModel, { nullable: true, description: 'The unit they represented.' })
  async representedUnit(
    p: ParticipationModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, p.representedUnitId, (row) => toOrgUnitModel(row, p.asOf));
  }

  @ResolveField(() => MandateModel, { nullable: true, description: 'The mandate they came in.' })
  async mandate(p: ParticipationModel, _args: NoArgs, ctx: RequestContext): Promise<MandateModel | null> {
    return loadOrNull(ctx, mandateById, p.mandateId, (row) => toMandateModel(row, p.asOf));
  }

  @ResolveField(() => MeetingModel, { description: 'The meeting taken part in.' })
  async meeting(p: ParticipationModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingModel> {
    return toMeetingModel((await loader(ctx, meetingById).load(p.meetingId))!);
  }
}

@Resolver(() => OutcomeModel)
export class OutcomeResolver {
  @ResolveField(() => [OutcomeOwnerModel], {
    description: `Everyone responsible for it, people and units, in order (those you may see); at most ${MAX_OWNERS}.`,
  })
  @ListBound(MAX_OWNERS)
  async owners(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<OutcomeOwnerModel[]> {
    const rows = await loader(ctx, ownersByOutcome).load(o.id);
    // Owners outside the caller's scope are left out, as absent.
    const [people, units] = await Promise.all([
      loader(ctx, personById).loadMany(rows.flatMap((row) => (row.personId ? [row.personId] : []))),
      loader(ctx, orgUnitById).loadMany(rows.flatMap((row) => (row.orgUnitId ? [row.orgUnitId] : []))),
    ]);
    const seen = new Set(
      [...people, ...units].flatMap((row) => (row && !(row instanceof Error) ? [row.id] : [])),
    );
    return rows.filter((row) => seen.has((row.personId ?? row.orgUnitId)!)).map(toOutcomeOwnerModel);
  }

  @ResolveField(() => PersonModel, {
    nullable: true,
    description: 'The first person among its owners, if any.',
    deprecationReason: 'An outcome may have several owners: read owners.',
  })
  async ownerPerson(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<PersonModel | null> {
    const first = (await loader(ctx, ownersByOutcome).load(o.id)).find((row) => row.personId);
    return loadOrNull(ctx, personById, first?.personId ?? null, toPersonModel);
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The first unit among its owners, if any.',
    deprecationReason: 'An outcome may have several owners: read owners.',
  })
  async ownerUnit(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    const first = (await loader(ctx, ownersByOutcome).load(o.id)).find((row) => row.orgUnitId);
    return loadOrNull(ctx, orgUnitById, first?.orgUnitId ?? null, (row) => toOrgUnitModel(row));
  }

  @ResolveField(() => MeetingModel, { description: 'The meeting that adopted it.' })
  async meeting(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingModel> {
    return toMeetingModel((await loader(ctx, meetingById).load(o.meetingId))!);
  }

  @ResolveField(() => String, { description: 'The text in the asked language (or the other one).' })
  @DirectResolver()
  text(o: OutcomeModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, o.textAr, o.textFr);
  }
}

@Resolver(() => AgendaItemModel)
export class AgendaItemResolver {
  @ResolveField(() => String, { description: 'The title in the asked language (or the other one).' })
  @DirectResolver()
  title(item: AgendaItemModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, item.titleAr, item.titleFr);
  }
}

@Resolver(() => OutcomeOwnerModel)
export class OutcomeOwnerResolver {
  @ResolveField(() => PersonModel, {
    nullable: true,
    description: 'The person responsible (null for a unit).',
  })
  async person(owner: OutcomeOwnerModel, _args: NoArgs, ctx: RequestContext): Promise<PersonModel | null> {
    return loadOrNull(ctx, personById, owner.personId, toPersonModel);
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The unit responsible (null for a person).',
  })
  async unit(owner: OutcomeOwnerModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, owner.unitId, (row) => toOrgUnitModel(row));
  }
}

@Resolver(() => InterventionModel)
export class InterventionResolver {
  @ResolveField(() => [ParticipationModel], {
    description: `Who said it: one participant, or several when the source gives it to a group (those you may see); at most ${MAX_SPEAKERS}.`,
  })
  @ListBound(MAX_SPEAKERS)
  async speakers(
    intervention: InterventionModel,
    _args: NoArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<ParticipationModel[]> {
    // The meeting's participants, read once for all its interventions (and shared with `participants`).
    const rows = await loader(ctx, participantsByMeeting, participantsReadAsked(info)).load(
      intervention.meetingId,
    );
    const speakers = new Set(intervention.speakerIds);
    return rows.filter((row) => speakers.has(row.id)).map((row) => toParticipationModel(row));
  }

  @ResolveField(() => String, { description: 'What was said, in the asked language (or the other one).' })
  @DirectResolver()
  text(intervention: InterventionModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, intervention.textAr, intervention.textFr);
  }
}

@Resolver(() => ContextEventModel)
export class ContextEventResolver {
  @ResolveField(() => String, { description: 'The title in the asked language (or the other one).' })
  @DirectResolver()
  title(event: ContextEventModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, event.titleAr, event.titleFr);
  }

  @ResolveField(() => TerritoryModel, { nullable: true, description: 'Where it took place, if recorded.' })
  async territory(
    event: ContextEventModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryModel | null> {
    return loadOrNull(ctx, territoryById, event.territoryId, toTerritoryModel);
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The unit whose event it was, when you may see it; null for one outside the party.',
  })
  async unit(event: ContextEventModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, event.unitId, (row) => toOrgUnitModel(row));
  }
}
