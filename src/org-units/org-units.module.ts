import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { OrgUnitsResolver, UnitNameResolver } from './org-units.resolver';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [TerritoriesModule],
  providers: [OrgUnitsService, OrgUnitsResolver, UnitNameResolver],
  exports: [OrgUnitsService],
})
export class OrgUnitsModule {}
