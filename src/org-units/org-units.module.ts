import { Module } from '@nestjs/common';
import { OrgUnitsResolver, UnitNameResolver } from './org-units.resolver';
import { OrgUnitsService } from './org-units.service';

@Module({ providers: [OrgUnitsService, OrgUnitsResolver, UnitNameResolver], exports: [OrgUnitsService] })
export class OrgUnitsModule {}
