import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeopleModule } from '../people/people.module';
import { MandatesResolver } from './mandates.resolver';
import { MandatesService } from './mandates.service';
import { UnitPostsResolver } from './org-unit.fields';
import { PersonMandatesResolver } from './person.fields';
import { PositionsResolver, RolesResolver } from './positions.resolver';
import { PositionsService } from './positions.service';
import { UnitDissolutionResolver } from './unit-dissolution.resolver';

@Module({
  imports: [OrgUnitsModule, PeopleModule],
  providers: [
    PositionsService,
    MandatesService,
    PositionsResolver,
    RolesResolver,
    MandatesResolver,
    UnitPostsResolver,
    PersonMandatesResolver,
    UnitDissolutionResolver,
  ],
  exports: [PositionsService, MandatesService],
})
export class PositionsModule {}
