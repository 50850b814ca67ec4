import { loadOrNull } from '../common/batch';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ListBound } from '../common/graphql-limits';
import { LangArgs, pickName } from '../common/names';
import { ConnectionType, toConnection, toPage } from '../common/pagination';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { personById, personReadAsked } from '../people/person.loaders';
import { PersonModel, toPersonModel } from '../people/person.model';
import { mandateById } from '../positions/position.loaders';
import { MandateModel, toMandateModel } from '../positions/position.model';
import { territoryById } from '../territories/territory.loaders';
import { TerritoryModel, toTerritoryModel } from '../territories/territory.model';
import {
  AddOutcomeInput,
  AddParticipantsInput,
  CancelMeetingInput,
  MAX_ITEMS,
  MAX_OUTCOMES,
  MAX_PARTICIPANTS,
  MAX_SOURCES,
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
  meetingById,
  outcomesByMeeting,
  participantsByMeeting,
  seriesById,
  sourcesByMeeting,
  unitsByMeeting,
} from './meeting.loaders';
import {
  AgendaItemModel,
  AttendanceSummaryModel,
  MeetingModel,
  MeetingSourceModel,
  MeetingUnitModel,
  OutcomeModel,
  ParticipationModel,
  toAgendaItemModel,
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
  async meetings(@Context() ctx: RequestContext, @Args() args: MeetingsArgs) {
    const page = toPage(args);
    const [rows, total] = await this.meetingsService.list(ctx, args.filter ?? {}, page);
    return toConnection(rows.map(toMeetingModel), total, page);
  }

  @Allow(Permission.Read)
  @Query(() => OutcomeConnection, {
    description: 'Decisions and commitments to follow up, soonest due first.',
  })
  async outcomes(@Context() ctx: RequestContext, @Args() args: OutcomesArgs) {
    const page = toPage(args);
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

  @ResolveField(() => OrgUnitModel, { description: 'The convening unit.' })
  async convener(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel> {
    return toOrgUnitModel((await loader(ctx, orgUnitById).load(meeting.conveningUnitId))!);
  }

  @ResolveField(() => [MeetingUnitModel], {
    description: `The convening unit first, then every other unit and its part (at most ${MAX_ITEMS} others).`,
  })
  @ListBound(MAX_ITEMS + 1)
  async units(meeting: MeetingModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingUnitModel[]> {
    const others = [...(await loader(ctx, unitsByMeeting).load(meeting.id))].sort(
      (a, b) => UNIT_ROLES.indexOf(a.role) - UNIT_ROLES.indexOf(b.role),
    );
    return [
      { role: 'CONVENING' as const, unitId: meeting.conveningUnitId },
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
    const rows = await loader(ctx, participantsByMeeting, personReadAsked(info)).load(meeting.id);
    return rows.map((row) => toParticipationModel(row));
  }

  @ResolveField(() => AttendanceSummaryModel, { description: 'How many took part, by attendance.' })
  async attendance(
    meeting: MeetingModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<AttendanceSummaryModel> {
    return Object.assign(
      new AttendanceSummaryModel(),
      await loader(ctx, attendanceByMeeting).load(meeting.id),
    );
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
  @ResolveField(() => PersonModel, { nullable: true, description: 'The person responsible for it, if any.' })
  async ownerPerson(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<PersonModel | null> {
    return loadOrNull(ctx, personById, o.ownerPersonId, toPersonModel);
  }

  @ResolveField(() => OrgUnitModel, { nullable: true, description: 'The unit responsible for it, if any.' })
  async ownerUnit(o: OutcomeModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, o.ownerUnitId, (row) => toOrgUnitModel(row));
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
