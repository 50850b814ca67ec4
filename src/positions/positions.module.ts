import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeopleModule } from '../people/people.module';
import { TerritoriesModule } from '../territories/territories.module';
import { ElectedMandatesResolver, PersonElectedResolver } from './elected-mandates.resolver';
import { ElectedMandatesService } from './elected-mandates.service';
import { MandatesResolver } from './mandates.resolver';
import {
  MandateConfirmationsResolver,
  PositionVacancyDeclarationsResolver,
  VacancyDeclarationResolver,
} from './source-history.resolver';
import { MandatesService } from './mandates.service';
import { UnitPostsResolver } from './org-unit.fields';
import { PersonMandatesResolver } from './person.fields';
import { PositionsResolver, RolesResolver } from './positions.resolver';
import { PositionsService } from './positions.service';
import { UnitDissolutionResolver } from './unit-dissolution.resolver';

@Module({
  imports: [OrgUnitsModule, PeopleModule, TerritoriesModule],
  providers: [
    PositionsService,
    MandatesService,
    PositionsResolver,
    RolesResolver,
    MandatesResolver,
    MandateConfirmationsResolver,
    PositionVacancyDeclarationsResolver,
    VacancyDeclarationResolver,
    UnitPostsResolver,
    PersonMandatesResolver,
    UnitDissolutionResolver,
    ElectedMandatesService,
    ElectedMandatesResolver,
    PersonElectedResolver,
  ],
  exports: [PositionsService, MandatesService],
})
export class PositionsModule {}
