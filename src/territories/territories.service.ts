import { Injectable } from '@nestjs/common';
import { inSubtreeOf } from '../common/tree';
import { isUuid } from '../common/batch';
import { loader, RequestContext } from '../common/context';
import { BadInputError, NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { Territory, TerritoryKind } from './territory.entity';
import { territoryById } from './territory.loaders';

export interface TerritoryFilter {
  kind?: TerritoryKind;
  under?: string;
  search?: string;
}

@Injectable()
export class TerritoriesService {
  async get(ctx: RequestContext, ref: { id?: string; code?: string }): Promise<Territory> {
    if ((ref.id == null) === (ref.code == null)) throw new BadInputError('Give either id or code.');
    const found = ref.id
      ? await loader(ctx, territoryById).load(ref.id)
      : await this.findByCode(ctx, ref.code!);
    if (!found) throw new NotFoundError('Territory', ref.id ?? ref.code!);
    return found;
  }

  /** By code: the ISO code, the HCP code, or the stored code, case-insensitively. */
  async findByCode(ctx: RequestContext, code: string): Promise<Territory | undefined> {
    const normalized = code.trim().toUpperCase();
    const row = await ctx.manager
      .createQueryBuilder(Territory, 't')
      .where('upper(t.code) = :code OR upper(t.iso_code) = :code OR t.hcp_code = :code', { code: normalized })
      .getOne();
    return row ?? undefined;
  }

  async list(ctx: RequestContext, filter: TerritoryFilter, page: Page): Promise<[Territory[], number]> {
    const qb = ctx.manager.createQueryBuilder(Territory, 't');
    if (filter.kind) qb.andWhere('t.kind = :kind', { kind: filter.kind });
    if (filter.under) {
      const root =
        filter.under && isUuid(filter.under)
          ? await loader(ctx, territoryById).load(filter.under)
          : undefined;
      if (!root) throw new NotFoundError('Territory', filter.under);
      qb.andWhere(inSubtreeOf('t.path', 'under', 'territory'), { under: root.id });
    }
    if (filter.search != null) {
      applySearch(qb, 't.search_text', filter.search).addOrderBy('t.code');
    } else {
      qb.orderBy('nlevel(t.path)').addOrderBy('t.code');
    }
    qb.offset(page.offset).limit(page.limit);
    return filter.search != null ? searchPage(ctx, qb) : qb.getManyAndCount();
  }
}
