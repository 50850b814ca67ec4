import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { loader, RequestContext } from '../common/context';
import { BadInputError, NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import { registerCodeLookup } from '../common/refs';
import { CommuneKind, Territory, TerritoryKind } from './territory.entity';
import { listTerritories, territoryByAnyCode } from './territories.queries';
import { territoryById } from './territory.loaders';

export interface TerritoryFilter {
  kind?: TerritoryKind;
  communeKind?: CommuneKind;
  under?: string;
  search?: string;
}
@Injectable()
export class TerritoriesService {
  constructor() {
    registerCodeLookup('territory', async (ctx, code) => (await this.findByCode(ctx, code))?.id ?? null);
  }

  async get(ctx: RequestContext, ref: { id?: string; code?: string }): Promise<Territory> {
    if ((ref.id == null) === (ref.code == null)) throw new BadInputError('Give either id or code.');
    const found = ref.id
      ? await loader(ctx, territoryById).load(ref.id)
      : await this.findByCode(ctx, ref.code!);
    if (!found) throw new NotFoundError('Territory', ref.id ?? ref.code!);
    return found;
  }

  /** By code: the ISO code, the HCP code, or the stored code, case-insensitively. */
  findByCode(ctx: RequestContext, code: string): Promise<Territory | undefined> {
    return territoryByAnyCode(ctx, code.trim().toUpperCase());
  }

  async list(
    ctx: RequestContext,
    filter: TerritoryFilter,
    page: Page,
  ): Promise<[Territory[], number | null]> {
    let underTerritoryId: string | undefined;
    if (filter.under) {
      const root = isUuid(filter.under) ? await loader(ctx, territoryById).load(filter.under) : undefined;
      if (!root) throw new NotFoundError('Territory', filter.under);
      underTerritoryId = root.id;
    }
    return listTerritories(
      ctx,
      { kind: filter.kind, communeKind: filter.communeKind, underTerritoryId, search: filter.search },
      page,
    );
  }

  /** A territory by id or by any of its codes (ISO, HCP): what a person would type. */
  async byIdOrCode(ctx: RequestContext, ref: string): Promise<Territory> {
    return this.get(ctx, isUuid(ref) ? { id: ref } : { code: ref });
  }
}
