import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { keepOrRequire } from '../common/update';
import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { lockForUpdate } from '../common/locking';
import { OrgUnitsService } from '../org-units/org-units.service';
import { CreatePositionInput, UpdatePositionInput } from './dto/position.inputs';
import { Position } from './position.entity';
import { positionById, roleByCode } from './position.loaders';
import { defaultPositionTitles } from './position.rules';
import { Role } from './role.entity';

@Injectable()
export class PositionsService {
  constructor(private readonly units: OrgUnitsService) {}

  roles(ctx: RequestContext): Promise<Role[]> {
    return ctx.manager.find(Role, { order: { sortOrder: 'ASC' } });
  }

  async get(ctx: RequestContext, id: string): Promise<Position> {
    const position = await loader(ctx, positionById).load(id);
    if (!position) throw new NotFoundError('Position', id);
    return position;
  }

  async create(ctx: RequestContext, input: CreatePositionInput): Promise<Position> {
    await requireUnitAccess(ctx, input.unitId, Permission.ManageStructure);
    const unit = await this.units.get(ctx, { id: input.unitId });
    if (unit.dissolvedOn) {
      throw new BadInputError(`${unit.code} is dissolved; it takes no new posts.`, 'unitId');
    }
    const role = await loader(ctx, roleByCode).load(input.roleCode);
    if (!role) throw new BadInputError(`There is no role ${input.roleCode} in the catalogue.`, 'roleCode');
    if (await ctx.manager.existsBy(Position, { orgUnitId: unit.id, roleCode: role.code })) {
      throw new ConflictError(`${unit.code} already has a ${role.code} post; change its seats instead.`);
    }
    const titles = defaultPositionTitles(role, unit.level);
    const { identifiers } = await ctx.manager.insert(Position, {
      orgUnitId: unit.id,
      roleCode: role.code,
      seats: input.seats ?? 1,
      titleAr: input.titleAr ?? titles.titleAr,
      titleFr: input.titleFr ?? titles.titleFr,
    });
    return ctx.manager.findOneByOrFail(Position, { id: identifiers[0].id as string });
  }

  async update(ctx: RequestContext, input: UpdatePositionInput): Promise<Position> {
    const position = await lockForUpdate(ctx, Position, 'Position', input.id, input.expectedVersion, (row) =>
      requireUnitAccess(ctx, row.orgUnitId, Permission.ManageStructure, 'Position'),
    );
    const next = {
      seats: keepOrRequire(input.seats, position.seats, 'seats'),
      titleAr: keepOrRequire(input.titleAr, position.titleAr, 'titleAr'),
      titleFr: keepOrRequire(input.titleFr, position.titleFr, 'titleFr'),
    };
    if (next.seats < position.seats) {
      // Fewer seats must still fit everyone holding the post today or later.
      const [{ highest }] = (await ctx.manager.query(
        `SELECT COALESCE(max(seat), 0)::int AS highest FROM mandate
          WHERE position_id = $1 AND (ends_on IS NULL OR ends_on >= $2)`,
        [position.id, ctx.today],
      )) as { highest: number }[];
      if (highest > next.seats) {
        throw new ConflictError(
          `Seat ${highest} of this post is held today or later; end that mandate before removing seats.`,
        );
      }
    }
    await ctx.manager.update(Position, { id: position.id }, next);
    return ctx.manager.findOneByOrFail(Position, { id: position.id });
  }
}
