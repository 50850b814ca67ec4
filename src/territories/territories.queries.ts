import { RequestContext } from '../common/context';
import { Page, pageOf, SortKey } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { inSubtreeOf } from '../common/tree';
import { selectMany } from '../database/rows';
import { CommuneKind, Territory, TerritoryKind } from './territory.entity';

/** A territory by its ISO code, HCP code or stored code (`code` already upper-cased). */
export async function territoryByAnyCode(ctx: RequestContext, code: string): Promise<Territory | undefined> {
  const row = await ctx.manager
    .createQueryBuilder(Territory, 't')
    .where('upper(t.code) = :code OR upper(t.iso_code) = :code OR t.hcp_code = :code', { code })
    .getOne();
  return row ?? undefined;
}

/** What `listTerritories` filters on, the territory already resolved. */
export interface TerritoriesQuery {
  kind?: TerritoryKind;
  communeKind?: CommuneKind;
  underTerritoryId?: string;
  search?: string;
}

/** Territories in tree order, or best match first. */
export function listTerritories(
  ctx: RequestContext,
  query: TerritoriesQuery,
  page: Page,
): Promise<[Territory[], number | null]> {
  const qb = ctx.manager.createQueryBuilder(Territory, 't');
  if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
  if (query.communeKind) qb.andWhere('t.commune_kind = :communeKind', { communeKind: query.communeKind });
  if (query.underTerritoryId) {
    qb.andWhere(inSubtreeOf('t.path', 'under', 'territory'), { under: query.underTerritoryId });
  }
  if (query.search != null) {
    const ranks = applySearch(qb, 't.search_text', query.search, 't.search_key');
    return searchPage(ctx, qb, page, { list: 'territories.search', keys: [...ranks, TERRITORY_CODE] });
  }
  return pageOf(qb, page, {
    list: 'territories',
    keys: [{ sql: 'nlevel(t.path)', type: 'int' }, TERRITORY_CODE],
  });
}

const TERRITORY_CODE: SortKey = { sql: 't.code', type: 'text' };

/** The children of these territories, by code (a loader batch: read with the row reader). */
export function childrenOfTerritories(
  ctx: RequestContext,
  parentIds: readonly string[],
): Promise<Territory[]> {
  return selectMany(ctx.manager, [Territory, 't'], `WHERE t.parent_id = ANY(:parentIds) ORDER BY t.code`, {
    parentIds,
  });
}
