import { visibleUnit } from '../auth/visibility';
import DataLoader from 'dataloader';
import { ancestorsLoader, byIdLoader, groupByKey } from '../common/batch';
import { defineLoader } from '../common/context';
import { OrgUnit } from './org-unit.entity';
import { existsOnSql } from './org-unit.rules';

export const orgUnitById = byIdLoader('orgUnitById', OrgUnit, visibleUnit);

/** Children existing on a date, per parent, in one query per batch. */
export const orgUnitChildren = defineLoader(
  'orgUnitChildren',
  (ctx, asOf: string) =>
    new DataLoader<string, OrgUnit[]>(async (parentIds) => {
      const rows = await ctx.manager
        .createQueryBuilder(OrgUnit, 'u')
        .where('u.parent_id = ANY(:parentIds)', { parentIds })
        .andWhere(existsOnSql('u'), { asOf })
        .orderBy('u.code')
        .getMany();
      return groupByKey(parentIds, rows, (row) => row.parentId!);
    }),
);

/** Ancestors of each unit, root first. */
export const orgUnitAncestors = ancestorsLoader('orgUnitAncestors', 'org_unit', orgUnitById);
