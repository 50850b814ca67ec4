import { idempotent } from '../common/idempotency';
import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../common/context';
import { addDays } from '../common/dates';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { keepOr, keepOrRequire } from '../common/update';
import { Page } from '../common/pagination';
import { OrgUnit } from '../org-units/org-unit.entity';
import { existsOn } from '../org-units/org-unit.rules';
import { OrgUnitsService, showInUnitSnapshot } from '../org-units/org-units.service';
import { PeopleService } from '../people/people.service';
import { personById } from '../people/person.loaders';
import { auditSnapshotOf } from '../audit/audited';
import { DomainError } from '../common/errors';
import { Position } from './position.entity';
import {
  AppointInput,
  ConfirmMandateInput,
  DeclareVacancyInput,
  EndMandateInput,
  UpdateMandateInput,
} from './dto/position.inputs';
import { Mandate } from './mandate.entity';
import { freeSeat, replacedTermEnd, Term, termOf, termsOverlap } from './mandate.rules';
import { mandateById } from './position.loaders';
import {
  changeMandate,
  countMandatesStartingAfter,
  insertConfirmation,
  insertSeatVacancy,
  mandateWithConfirmations,
  positionWithVacancies,
  endMandatesOfDissolvedUnit,
  findPosition,
  insertMandate,
  listMandates,
  lockMandate,
  lockPosition,
  mandatesOfPosition,
  mandatesOfUnit,
  updateMandate,
} from './positions.queries';

export interface MandateFilter {
  under?: string;
  role?: string;
  person?: string;
  activeOn?: string;
}

const describeTerm = (term: Term) => `from ${term.from}${term.to ? ` to ${term.to}` : ''}`;

// A unit's audit snapshot shows the mandates of its posts: dissolving the unit ends them.
showInUnitSnapshot('mandates', mandatesOfUnit);
// A mandate's snapshot shows the sources that confirmed it; a post's, the vacancies recorded on it.
auditSnapshotOf(Mandate, mandateWithConfirmations);
auditSnapshotOf(Position, positionWithVacancies);

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

  async list(ctx: RequestContext, filter: MandateFilter, page: Page): Promise<[Mandate[], number | null]> {
    const { under, ...query } = filter;
    const underUnitId = under ? (await this.units.get(ctx, { id: under })).id : undefined;
    return listMandates(ctx, { ...query, underUnitId }, page);
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
    const position = await lockPosition(ctx, input.positionId, null, (row) =>
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

    const overlapping = (await mandatesOfPosition(ctx, position.id)).filter((m) =>
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

    return insertMandate(ctx, {
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
  }

  async end(ctx: RequestContext, input: EndMandateInput): Promise<Mandate> {
    const mandate = await lockMandate(ctx, input.id, input.expectedVersion, this.canManage(ctx));
    if (mandate.endsOn) {
      throw new ConflictError(
        `This mandate already ended on ${mandate.endsOn}; use updateMandate to correct it.`,
      );
    }
    this.checkDates(mandate.startsOn, mandate.attestedOn, input.endsOn);
    return updateMandate(ctx, mandate.id, {
      endsOn: input.endsOn,
      endReason: input.endReason ?? 'TERM_COMPLETED',
    });
  }

  /**
   * A source attests that a mandate still runs on a day (an administrator checked, a new report names
   * the holder): its lastConfirmedOn moves there and the access it grants resumes. Nobody confirms
   * their own mandate: that would let an unconfirmed holder vouch for themselves.
   */
  async confirm(ctx: RequestContext, input: ConfirmMandateInput): Promise<Mandate> {
    const mandate = await lockMandate(ctx, input.id, input.expectedVersion, async (row) => {
      const position = await findPosition(ctx, row.positionId);
      await requireUnitAccess(ctx, position.orgUnitId, Permission.Administer, 'Mandate');
    });
    if (ctx.actor?.personId && ctx.actor.personId === mandate.personId) {
      throw new DomainError('FORBIDDEN', 'Nobody confirms their own mandate; ask another administrator.');
    }
    const confirmedOn = input.confirmedOn ?? ctx.today;
    if (confirmedOn > ctx.today) {
      throw new BadInputError('A mandate is confirmed for a day that has come (confirmedOn).', 'confirmedOn');
    }
    return insertConfirmation(ctx, {
      mandateId: mandate.id,
      confirmedOn,
      source: input.source,
      accountId: ctx.actor?.accountId ?? null,
      participationId: null,
    });
  }

  /**
   * Records that a source says a seat is vacant from a day. The post's row is locked, as appointments
   * lock it; the database refuses a seat held on those days or already recorded vacant.
   */
  async declareVacancy(ctx: RequestContext, input: DeclareVacancyInput): Promise<Position> {
    const position = await lockPosition(ctx, input.positionId, null, (row) =>
      requireUnitAccess(ctx, row.orgUnitId, Permission.ManageStructure, 'Position'),
    );
    const seat = input.seat ?? 1;
    if (seat > position.seats) {
      throw new BadInputError(`This post has ${position.seats} seat(s).`, 'seat');
    }
    if (input.vacantUntil && input.vacantUntil < input.vacantFrom) {
      throw new BadInputError('vacantUntil is before vacantFrom.', 'vacantUntil');
    }
    const unit = await this.units.get(ctx, { id: position.orgUnitId });
    if (!existsOn(unit, input.vacantFrom)) {
      throw new BadInputError(`${unit.code} did not exist on ${input.vacantFrom}.`, 'vacantFrom');
    }
    const held = (await mandatesOfPosition(ctx, position.id)).find(
      (m) =>
        m.seat === seat && termsOverlap(termOf(m), { from: input.vacantFrom, to: input.vacantUntil ?? null }),
    );
    if (held) {
      throw new ConflictError(
        `This seat is held ${describeTerm(termOf(held))}; end that mandate before recording the seat vacant.`,
        { mandateId: held.id },
      );
    }
    await insertSeatVacancy(ctx, {
      positionId: position.id,
      seat,
      vacantFrom: input.vacantFrom,
      vacantUntil: input.vacantUntil ?? null,
      source: input.source,
      accountId: ctx.actor?.accountId ?? null,
    });
    return position;
  }

  /**
   * Ends the mandates of a unit's posts the day before it is dissolved (in the dissolving
   * transaction); a mandate starting on or after that day is a conflict, left to correct first.
   */
  async endForDissolvedUnit(ctx: RequestContext, unit: OrgUnit, dissolvedOn: string): Promise<void> {
    const lastDay = addDays(dissolvedOn, -1);
    const later = await countMandatesStartingAfter(ctx, unit.id, lastDay);
    if (later > 0) {
      throw new ConflictError(
        `${unit.code} has ${later} mandate(s) starting on or after ${dissolvedOn}; end or correct them first.`,
      );
    }
    await endMandatesOfDissolvedUnit(ctx, unit.id, lastDay);
  }

  async update(ctx: RequestContext, input: UpdateMandateInput): Promise<Mandate> {
    const mandate = await lockMandate(ctx, input.id, input.expectedVersion, this.canManage(ctx));
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
    return updateMandate(ctx, mandate.id, next);
  }

  /** The caller must manage the structure where the mandate's post is. */
  private canManage(ctx: RequestContext) {
    return async (mandate: Mandate) => {
      const position = await findPosition(ctx, mandate.positionId);
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
    await changeMandate(ctx, target.id, { endsOn: lastDay, endReason: 'REPLACED' });
    return target.seat;
  }
}
