import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { OrgUnitsResolver } from './org-units.resolver';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [TerritoriesModule],
  providers: [OrgUnitsService, OrgUnitsResolver],
  exports: [OrgUnitsService],
})
export class OrgUnitsModule {}
