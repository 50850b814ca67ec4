import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeopleModule } from '../people/people.module';
import {
  CoverageResolver,
  MeetingSeriesResolver,
  SeriesTerritoriesResolver,
  TerritoryCoverageResolver,
} from './meeting-series.resolver';
import { TerritoriesModule } from '../territories/territories.module';
import { MeetingSeriesService } from './meeting-series.service';
import {
  MeetingsResolver,
  MeetingUnitResolver,
  OutcomeResolver,
  AgendaItemResolver,
  ParticipationResolver,
  OutcomeOwnerResolver,
  InterventionResolver,
  ContextEventResolver,
} from './meetings.resolver';
import { MeetingsService } from './meetings.service';
import { UnitMeetingsResolver } from './org-unit.fields';
import { PersonParticipationsResolver } from './person.fields';
import { MandateConfirmationMeetingResolver } from './mandate-confirmation.fields';

@Module({
  imports: [OrgUnitsModule, PeopleModule, TerritoriesModule],
  providers: [
    MeetingsService,
    MeetingSeriesService,
    MeetingsResolver,
    MeetingUnitResolver,
    ParticipationResolver,
    OutcomeResolver,
    AgendaItemResolver,
    OutcomeOwnerResolver,
    InterventionResolver,
    ContextEventResolver,
    MeetingSeriesResolver,
    CoverageResolver,
    SeriesTerritoriesResolver,
    TerritoryCoverageResolver,
    UnitMeetingsResolver,
    PersonParticipationsResolver,
    MandateConfirmationMeetingResolver,
  ],
  exports: [MeetingsService, MeetingSeriesService],
})
export class MeetingsModule {}
