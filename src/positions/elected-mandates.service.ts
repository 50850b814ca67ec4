import { Injectable } from '@nestjs/common';
import { Permission } from '../access/access';
import { hasEverywhere, requireUnitAccess } from '../access/scope';
import { RequestContext } from '../common/context';
import { BadInputError, DomainError } from '../common/errors';
import { PeopleService } from '../people/people.service';
import { TerritoriesService } from '../territories/territories.service';
import { TerritoryKind } from '../territories/territory.entity';
import { RecordElectedMandateInput } from './dto/elected-mandate.inputs';
import { ElectedBody, ElectedMandate } from './elected-mandate.entity';
import { insertElectedMandate } from './positions.queries';

/** The kinds of territory whose council each local body is; the two houses sit for the country. */
const TERRITORY_OF_BODY: Record<ElectedBody, readonly TerritoryKind[] | null> = {
  COMMUNE_COUNCIL: ['COMMUNE'],
  ARRONDISSEMENT_COUNCIL: ['ARRONDISSEMENT'],
  PROVINCIAL_COUNCIL: ['PREFECTURE', 'PROVINCE'],
  REGIONAL_COUNCIL: ['REGION'],
  HOUSE_OF_REPRESENTATIVES: null,
  HOUSE_OF_COUNCILLORS: null,
};

@Injectable()
export class ElectedMandatesService {
  constructor(
    private readonly people: PeopleService,
    private readonly territories: TerritoriesService,
  ) {}

  /**
   * Records a seat won in an election. It is the person's record: an editor of their home unit
   * writes it (of the whole registry, for someone with no home unit).
   */
  async record(ctx: RequestContext, input: RecordElectedMandateInput): Promise<ElectedMandate> {
    const person = await this.people.get(ctx, input.personId);
    if (person.homeUnitId) {
      await requireUnitAccess(ctx, person.homeUnitId, Permission.Edit, 'Person', input.personId);
    } else if (!hasEverywhere(ctx, Permission.Edit)) {
      throw new DomainError('FORBIDDEN', 'Your access does not allow this change here.');
    }
    if (!input.startsOn && !input.attestedOn) {
      throw new BadInputError('Give startsOn, or a day that attests the seat (attestedOn).', 'startsOn');
    }
    const from = input.startsOn ?? input.attestedOn!;
    if (input.endsOn && input.endsOn < from) {
      throw new BadInputError(`A term cannot end (${input.endsOn}) before ${from}.`, 'endsOn');
    }
    const kinds = TERRITORY_OF_BODY[input.body];
    let territoryId: string | null = null;
    if (input.territory) {
      const territory = await this.territories.byIdOrCode(ctx, input.territory);
      if (kinds && !kinds.includes(territory.kind)) {
        throw new BadInputError(
          `A ${input.body} sits for a ${kinds.join(' or ')}; ${territory.code} is a ${territory.kind}.`,
          'territory',
        );
      }
      territoryId = territory.id;
    } else if (kinds) {
      throw new BadInputError(`A ${input.body} seat needs its territory.`, 'territory');
    }
    return insertElectedMandate(ctx, {
      personId: person.id,
      body: input.body,
      territoryId,
      seatRole: input.seatRole ?? 'MEMBER',
      startsOn: input.startsOn ?? null,
      attestedOn: input.attestedOn ?? null,
      endsOn: input.endsOn ?? null,
      source: input.source ?? null,
    });
  }
}
