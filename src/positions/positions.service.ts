import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { keepOrRequire } from '../common/update';
import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { OrgUnitsService } from '../org-units/org-units.service';
import { CreatePositionInput, UpdatePositionInput } from './dto/position.inputs';
import { Position } from './position.entity';
import { positionById, roleByCode } from './position.loaders';
import {
  allRoles,
  highestSeatHeldFrom,
  insertPosition,
  lockPosition,
  unitHasRole,
  updatePosition,
} from './positions.queries';
import { defaultPositionTitles } from './position.rules';
import { withRefs } from '../common/refs';
import { Role } from './role.entity';

@Injectable()
export class PositionsService {
  constructor(private readonly units: OrgUnitsService) {}

  roles(ctx: RequestContext): Promise<Role[]> {
    return allRoles(ctx);
  }

  async get(ctx: RequestContext, id: string): Promise<Position> {
    const position = await loader(ctx, positionById).load(id);
    if (!position) throw new NotFoundError('Position', id);
    return position;
  }

  async create(ctx: RequestContext, given: CreatePositionInput): Promise<Position> {
    const input = (await withRefs(ctx, given, [
      ['unit', { id: 'unitId', code: 'unitCode' }, true],
    ])) as CreatePositionInput & { unitId: string };
    await requireUnitAccess(ctx, input.unitId, Permission.ManageStructure);
    const unit = await this.units.get(ctx, { id: input.unitId });
    if (unit.dissolvedOn) {
      throw new BadInputError(`${unit.code} is dissolved; it takes no new posts.`, 'unitId');
    }
    const role = await loader(ctx, roleByCode).load(input.roleCode);
    if (!role) throw new BadInputError(`There is no role ${input.roleCode} in the catalogue.`, 'roleCode');
    if (await unitHasRole(ctx, unit.id, role.code)) {
      throw new ConflictError(`${unit.code} already has a ${role.code} post; change its seats instead.`);
    }
    const titles = defaultPositionTitles(role, unit.level);
    return insertPosition(ctx, {
      orgUnitId: unit.id,
      roleCode: role.code,
      seats: input.seats ?? 1,
      titleAr: input.titleAr ?? titles.titleAr,
      titleFr: input.titleFr ?? titles.titleFr,
    });
  }

  async update(ctx: RequestContext, input: UpdatePositionInput): Promise<Position> {
    const position = await lockPosition(ctx, input.id, input.expectedVersion, (row) =>
      requireUnitAccess(ctx, row.orgUnitId, Permission.ManageStructure, 'Position'),
    );
    const next = {
      seats: keepOrRequire(input.seats, position.seats, 'seats'),
      titleAr: keepOrRequire(input.titleAr, position.titleAr, 'titleAr'),
      titleFr: keepOrRequire(input.titleFr, position.titleFr, 'titleFr'),
    };
    if (next.seats < position.seats) {
      // Fewer seats must still fit everyone holding the post today or later.
      const highest = await highestSeatHeldFrom(ctx, position.id, ctx.today);
      if (highest > next.seats) {
        throw new ConflictError(
          `Seat ${highest} of this post is held today or later; end that mandate before removing seats.`,
        );
      }
    }
    return updatePosition(ctx, position.id, next);
  }
}
