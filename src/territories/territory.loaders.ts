import { groupByKey } from '../common/batch';
import { ancestorsLoader, byIdLoader } from '../database/loaders';
import { defineLoader } from '../common/context';
import { childrenOfTerritories } from './territories.queries';
import { Territory } from './territory.entity';

export const territoryById = byIdLoader('territoryById', Territory);

export const territoryChildren = defineLoader<string, Territory[]>(
  'territoryChildren',
  (ctx) => async (parentIds) => {
    const rows = await childrenOfTerritories(ctx, parentIds);
    return groupByKey(parentIds, rows, (row) => row.parentId!);
  },
);

/** Ancestors of each territory, root first. */
export const territoryAncestors = ancestorsLoader('territoryAncestors', territoryById);
