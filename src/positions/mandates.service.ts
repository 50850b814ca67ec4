import { idempotent } from '../common/idempotency';
import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { visibleMandate } from '../access/visibility';
import { inSubtreeOf } from '../common/tree';
import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../common/context';
import { addDays } from '../common/dates';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { isUuid } from '../common/batch';
import { lockForUpdate } from '../common/locking';
import { keepOr, keepOrRequire } from '../common/update';
import { Page } from '../common/pagination';
import { OrgUnit } from '../org-units/org-unit.entity';
import { existsOn } from '../org-units/org-unit.rules';
import { OrgUnitsService, showInUnitSnapshot } from '../org-units/org-units.service';
import { PeopleService } from '../people/people.service';
import { personById } from '../people/person.loaders';
import { AppointInput, EndMandateInput, UpdateMandateInput } from './dto/position.inputs';
import { Mandate } from './mandate.entity';
import { freeSeat, replacedTermEnd, Term, termOf, termsOverlap } from './mandate.rules';
import { Position } from './position.entity';
import { mandateById } from './position.loaders';

export interface MandateFilter {
  under?: string;
  role?: string;
  person?: string;
  activeOn?: string;
}

const describeTerm = (term: Term) => `from ${term.from}${term.to ? ` to ${term.to}` : ''}`;

// A unit's audit snapshot shows the mandates of its posts: dissolving the unit ends them.
showInUnitSnapshot('mandates', (ctx, unitId) =>
  ctx.manager
    .createQueryBuilder(Mandate, 'm')
    .innerJoin('position', 'p', 'p.id = m.position_id')
    .where('p.org_unit_id = :id', { id: unitId })
    .orderBy('m.id')
    .getMany(),
);

@Injectable()
export class MandatesService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<Mandate> {
    const mandate = await loader(ctx, mandateById).load(id);
    if (!mandate) throw new NotFoundError('Mandate', id);
    return mandate;
  }

  async list(ctx: RequestContext, filter: MandateFilter, page: Page): Promise<[Mandate[], number]> {
    const qb = ctx.manager
      .createQueryBuilder(Mandate, 'm')
      .innerJoin(Position, 'p', 'p.id = m.position_id')
      .where(...visibleMandate(ctx, 'm'));
    if (filter.under) {
      const unit = await this.units.get(ctx, { id: filter.under });
      qb.innerJoin(OrgUnit, 'u', 'u.id = p.org_unit_id').andWhere(inSubtreeOf('u.path', 'under'), {
        under: unit.id,
      });
    }
    if (filter.role) qb.andWhere('p.role_code = :role', { role: filter.role });
    if (filter.person) {
      qb.andWhere('m.person_id = :person', { person: isUuid(filter.person) ? filter.person : null });
    }
    if (filter.activeOn) qb.andWhere('m.term @> CAST(:activeOn AS date)', { activeOn: filter.activeOn });
    return qb
      .orderBy('COALESCE(m.starts_on, m.attested_on)', 'DESC')
      .addOrderBy('m.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
  }

  /**
   * Appoints a person to a post. A full post is refused unless `replaceCurrent` is set: then the
   * holder's mandate ends the day before the new one starts. The post row is locked so concurrent
   * appointments to it queue up; the exclusion constraint on (post, seat, term) is the last word.
   */
  async appoint(ctx: RequestContext, input: AppointInput): Promise<Mandate> {
    return idempotent(
      ctx,
      'appoint',
      input,
      () => this.appointOnce(ctx, input),
      // A replay answers only what the caller may still see.
      (id) => this.get(ctx, id),
    );
  }

  private async appointOnce(ctx: RequestContext, input: AppointInput): Promise<Mandate> {
    const position = await lockForUpdate(ctx, Position, 'Position', input.positionId, null, (row) =>
      requireUnitAccess(ctx, row.orgUnitId, Permission.ManageStructure, 'Position'),
    );
    const person = await this.people.get(ctx, input.personId);
    if (!input.startsOn && !input.attestedOn) {
      throw new BadInputError('Give startsOn, or attestedOn when the start date is unknown.', 'startsOn');
    }
    const term = termOf({
      startsOn: input.startsOn ?? null,
      attestedOn: input.attestedOn ?? null,
      endsOn: input.endsOn ?? null,
    });
    this.checkDates(input.startsOn ?? null, input.attestedOn ?? null, input.endsOn ?? null);
    const unit = await this.units.get(ctx, { id: position.orgUnitId });
    if (!existsOn(unit, term.from)) {
      throw new BadInputError(`${unit.code} did not exist on ${term.from}.`, 'startsOn');
    }

    const overlapping = (await ctx.manager.findBy(Mandate, { positionId: position.id })).filter((m) =>
      termsOverlap(termOf(m), term),
    );
    const own = overlapping.find((m) => m.personId === person.id);
    if (own) {
      throw new ConflictError(`This person already holds this post ${describeTerm(termOf(own))}.`, {
        mandateId: own.id,
      });
    }

    let seat = freeSeat(
      position.seats,
      overlapping.map((m) => m.seat),
    );
    if (seat === null) {
      if (!input.replaceCurrent) {
        const holders = await Promise.all(overlapping.map((m) => loader(ctx, personById).load(m.personId)));
        const names = holders.map((h) => h?.fullNameLatin ?? h?.fullNameAr ?? 'someone').join(', ');
        throw new ConflictError(
          `This post is full for these dates (held by ${names}). Set replaceCurrent to end the current mandate the day before.`,
          { mandateIds: overlapping.map((m) => m.id) },
        );
      }
      seat = await this.endReplacedMandate(ctx, input, overlapping);
    }

    const { identifiers } = await ctx.manager.insert(Mandate, {
      positionId: position.id,
      personId: person.id,
      seat,
      startsOn: input.startsOn ?? null,
      attestedOn: input.attestedOn ?? null,
      endsOn: input.endsOn ?? null,
      status: input.status ?? 'ACTIVE',
      endReason: null,
      source: input.source ?? null,
    });
    return ctx.manager.findOneByOrFail(Mandate, { id: identifiers[0].id as string });
  }

  async end(ctx: RequestContext, input: EndMandateInput): Promise<Mandate> {
    const mandate = await lockForUpdate(
      ctx,
      Mandate,
      'Mandate',
      input.id,
      input.expectedVersion,
      this.canManage(ctx),
    );
    if (mandate.endsOn) {
      throw new ConflictError(
        `This mandate already ended on ${mandate.endsOn}; use updateMandate to correct it.`,
      );
    }
    this.checkDates(mandate.startsOn, mandate.attestedOn, input.endsOn);
    await ctx.manager.update(
      Mandate,
      { id: mandate.id },
      { endsOn: input.endsOn, endReason: input.endReason ?? 'TERM_COMPLETED' },
    );
    return ctx.manager.findOneByOrFail(Mandate, { id: mandate.id });
  }

  /**
   * Ends the mandates of a unit's posts the day before it is dissolved (in the dissolving
   * transaction); a mandate starting on or after that day is a conflict, left to correct first.
   */
  async endForDissolvedUnit(ctx: RequestContext, unit: OrgUnit, dissolvedOn: string): Promise<void> {
    const lastDay = addDays(dissolvedOn, -1);
    const later = await ctx.manager
      .createQueryBuilder(Mandate, 'm')
      .innerJoin('position', 'p', 'p.id = m.position_id')
      .where('p.org_unit_id = :unitId AND COALESCE(m.starts_on, m.attested_on) > :lastDay', {
        unitId: unit.id,
        lastDay,
      })
      .getCount();
    if (later > 0) {
      throw new ConflictError(
        `${unit.code} has ${later} mandate(s) starting on or after ${dissolvedOn}; end or correct them first.`,
      );
    }
    await ctx.manager.query(
      `UPDATE mandate SET ends_on = $2, end_reason = 'UNIT_DISSOLVED', version = version + 1, updated_at = now()
        WHERE position_id IN (SELECT id FROM position WHERE org_unit_id = $1) AND (ends_on IS NULL OR ends_on > $2)`,
      [unit.id, lastDay],
    );
  }

  async update(ctx: RequestContext, input: UpdateMandateInput): Promise<Mandate> {
    const mandate = await lockForUpdate(
      ctx,
      Mandate,
      'Mandate',
      input.id,
      input.expectedVersion,
      this.canManage(ctx),
    );
    const next = {
      startsOn: keepOr(input.startsOn, mandate.startsOn),
      attestedOn: keepOr(input.attestedOn, mandate.attestedOn),
      endsOn: keepOr(input.endsOn, mandate.endsOn),
      status: keepOrRequire(input.status, mandate.status, 'status'),
      endReason: keepOr(input.endReason, mandate.endReason),
      source: keepOr(input.source, mandate.source),
    };
    if (!next.startsOn && !next.attestedOn) {
      throw new BadInputError(
        'A mandate needs startsOn, or attestedOn when the start is unknown.',
        'startsOn',
      );
    }
    this.checkDates(next.startsOn, next.attestedOn, next.endsOn);
    if (next.endReason && !next.endsOn) {
      throw new BadInputError('An end reason needs an end date (endsOn).', 'endReason');
    }
    // Overlaps with other holders are refused by the database's exclusion constraints (→ CONFLICT).
    await ctx.manager.update(Mandate, { id: mandate.id }, next);
    return ctx.manager.findOneByOrFail(Mandate, { id: mandate.id });
  }

  /** The caller must manage the structure where the mandate's post is. */
  private canManage(ctx: RequestContext) {
    return async (mandate: Mandate) => {
      const position = await ctx.manager.findOneByOrFail(Position, { id: mandate.positionId });
      await requireUnitAccess(ctx, position.orgUnitId, Permission.ManageStructure, 'Mandate');
    };
  }

  private checkDates(startsOn: string | null, attestedOn: string | null, endsOn: string | null): void {
    if (startsOn && attestedOn && attestedOn < startsOn) {
      throw new BadInputError(
        `attestedOn (${attestedOn}) cannot be before startsOn (${startsOn}).`,
        'attestedOn',
      );
    }
    const start = [startsOn, attestedOn]
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    if (endsOn && start && endsOn < start) {
      throw new BadInputError(`A term cannot end (${endsOn}) before it starts (${start}).`, 'endsOn');
    }
  }

  /** Ends the mandate being replaced the day before `startsOn` and returns the seat it frees. */
  private async endReplacedMandate(
    ctx: RequestContext,
    input: AppointInput,
    overlapping: Mandate[],
  ): Promise<number> {
    if (!input.startsOn) {
      throw new BadInputError('Replacing a holder needs the successor’s startsOn.', 'startsOn');
    }
    const target = input.replacedMandateId
      ? overlapping.find((m) => m.id === input.replacedMandateId)
      : overlapping.length === 1
        ? overlapping[0]
        : undefined;
    if (!target) {
      throw new BadInputError(
        input.replacedMandateId
          ? 'replacedMandateId is not a mandate of this post running on these dates.'
          : 'This post has several holders: say whose mandate ends with replacedMandateId.',
        'replacedMandateId',
      );
    }
    const lastDay = replacedTermEnd(input.startsOn);
    const targetTerm = termOf(target);
    if (targetTerm.from > lastDay) {
      throw new BadInputError(
        `The current holder started on ${targetTerm.from}; a successor must start after that.`,
        'startsOn',
      );
    }
    const later = overlapping.filter((m) => m.id !== target.id && m.seat === target.seat);
    if (later.length) {
      throw new ConflictError('Another mandate already occupies this seat after the replacement date.');
    }
    await ctx.manager.update(Mandate, { id: target.id }, { endsOn: lastDay, endReason: 'REPLACED' });
    return target.seat;
  }
}
