import { Module } from '@nestjs/common';
import { OrgUnitStatsResolver, UnitStatsResolver } from './org-unit-stats.fields';

/** Dashboards: roll-ups of a subtree (`OrgUnit.stats`), read over GraphQL. */
@Module({ providers: [OrgUnitStatsResolver, UnitStatsResolver] })
export class DashboardsModule {}
