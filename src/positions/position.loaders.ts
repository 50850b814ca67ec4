import { GraphQLResolveInfo } from 'graphql';
import { visibleMandate, visiblePosition } from '../access/visibility';
import { groupByKey, KeyedPage, pagesByKey } from '../common/batch';
import { Page } from '../common/pagination';
import { defineLoader } from '../common/context';
import { Joined } from '../common/related';
import { byIdLoader } from '../database/loaders';
import { propertiesAsked } from '../common/lookahead';
import { personColumns, PersonRead, personReadAsked } from '../people/person.loaders';
import { ElectedMandate } from './elected-mandate.entity';
import { Mandate } from './mandate.entity';
import { Position } from './position.entity';
import { MandateConfirmationModel, MandateJoins, VacancyDeclarationModel } from './position.model';
import {
  confirmationPagesOfMandates,
  vacancyPages,
  electedMandatesOfPeople,
  holdersOfPositions,
  mandatesOfPeople,
  officialsOfUnits,
  positionsOfUnits,
  roleCatalogue,
  vacanciesOfUnits,
  CONFIRMATIONS_ORDER,
  VACANCIES_ORDER,
} from './positions.queries';
import { Role } from './role.entity';

export const positionById = byIdLoader('positionById', Position, visiblePosition);
export const mandateById = byIdLoader('mandateById', Mandate, visibleMandate);

/** The role catalogue is small: one query loads all of it for the request. */
export const roleByCode = defineLoader<string, Role | undefined>('roleByCode', (ctx) => async (codes) => {
  const roles = await roleCatalogue(ctx);
  const map = new Map(roles.map((role) => [role.code, role]));
  return codes.map((code) => map.get(code));
});

/** The posts of each unit, in the catalogue's order of roles. */
export const positionsByUnit = defineLoader<string, Position[]>(
  'positionsByUnit',
  (ctx) => async (unitIds) => {
    const rows = await positionsOfUnits(ctx, unitIds);
    return groupByKey(unitIds, rows, (row) => row.orgUnitId);
  },
  { acrossLevels: true },
);

/** Who held each post on a date. */
export const holdersByPosition = defineLoader<string, Mandate[], string>(
  'holdersByPosition',
  (ctx, asOf: string) => async (positionIds) => {
    const rows = await holdersOfPositions(ctx, positionIds, asOf);
    return groupByKey(positionIds, rows, (row) => row.positionId);
  },
);

/**
 * The Mandate properties each field of an official reads (see `propertiesAsked`); a field not listed
 * (`confirmation`, `confirmations`) reads the whole row. A national org chart shows two thousand
 * officials, most often by their names and posts only: their rows then leave out the dates, source
 * and status nobody asked for, which were most of what the server decoded and kept.
 */
export const MANDATE_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Mandate)[]>> = {
  __typename: [],
  id: [],
  startsOn: ['startsOn'],
  attestedOn: ['attestedOn'],
  endsOn: ['endsOn'],
  status: ['status'],
  endReason: ['endReason'],
  source: ['source'],
  lastConfirmedOn: ['lastConfirmedOn'],
  version: ['version'],
  position: ['positionId'],
  person: ['personId'],
};

/** The same for the official's post; its unit is always read, to group the officials by unit. */
export const POSITION_FIELD_COLUMNS: Readonly<Record<string, readonly (keyof Position)[]>> = {
  __typename: [],
  id: [],
  titleAr: ['titleAr'],
  titleFr: ['titleFr'],
  name: ['titleAr', 'titleFr'],
  title: ['titleAr', 'titleFr'],
  seats: ['seats'],
  version: ['version'],
  unit: ['orgUnitId'],
  role: ['roleCode'],
  holders: [],
  vacancyDeclarations: [],
};

/** What a read of officials takes: the holders' columns, and the mandates' and posts' (undefined: all). */
export interface OfficialsRead {
  person: PersonRead;
  mandate?: readonly string[];
  position?: readonly string[];
}

const officialsReads = new WeakMap<object, OfficialsRead>();

/**
 * What the `officials` field being resolved asks of each mandate, its post and its holder: worked out
 * once per field of a query document, not for each of the units a chart resolves it on.
 */
export function officialsReadAsked(info: GraphQLResolveInfo): OfficialsRead {
  let read = officialsReads.get(info.fieldNodes[0]);
  if (!read) {
    const position = propertiesAsked(info, ['position'], POSITION_FIELD_COLUMNS);
    read = {
      person: personReadAsked(info),
      mandate: propertiesAsked(info, [], MANDATE_FIELD_COLUMNS),
      position: position && [...new Set([...position, 'orgUnitId'])],
    };
    officialsReads.set(info.fieldNodes[0], read);
  }
  return read;
}

/**
 * Everyone holding a post of each unit on a date, in the catalogue's order of roles. The posts, their
 * roles and the people come in the same statement, joined to each mandate (`MandateJoins`): an org chart
 * asks for `officials { person position { role } }` at every level, and this saves three statements
 * per level. (A person holding a post in a unit the caller sees is visible to the caller: nothing leaks.)
 */
export const officialsByUnit = defineLoader<
  string,
  (Mandate & Joined<MandateJoins>)[],
  [asOf: string, OfficialsRead]
>(
  'officialsByUnit',
  (ctx, [asOf, read]) =>
    async (unitIds) => {
      const rows = await officialsOfUnits(ctx, unitIds, asOf, {
        mandate: read.mandate,
        position: read.position,
        person: personColumns(read.person),
      });
      return groupByKey(unitIds, rows, (row) => row.joined!.position!.orgUnitId);
    },
  { acrossLevels: true },
);

/** Posts of each unit with fewer holders than seats on a date. */
export const vacanciesByUnit = defineLoader<
  string,
  { position: Position; vacantSeats: number; knownVacantSeats: number }[],
  string
>(
  'vacanciesByUnit',
  (ctx, asOf: string) => async (unitIds) => {
    const { entities, raw } = await vacanciesOfUnits(ctx, unitIds, asOf);
    const rows = entities.map((position, i) => ({
      position,
      vacantSeats: raw[i].vacant_seats,
      knownVacantSeats: raw[i].known_vacant,
    }));
    return groupByKey(unitIds, rows, (row) => row.position.orgUnitId);
  },
  { acrossLevels: true },
);

/** The mandates of each person: all of them (newest first), or those running on a date. */
export const mandatesByPerson = defineLoader<string, Mandate[], string | null>(
  'mandatesByPerson',
  (ctx, asOf: string | null) => async (personIds) => {
    const rows = await mandatesOfPeople(ctx, personIds, asOf);
    return groupByKey(personIds, rows, (row) => row.personId);
  },
);

/** The elected mandates of each person: all of them (latest first), or those running on a date. */
export const electedMandatesByPerson = defineLoader<string, ElectedMandate[], string | null>(
  'electedMandatesByPerson',
  (ctx, asOf: string | null) => async (personIds) => {
    const rows = await electedMandatesOfPeople(ctx, personIds, asOf);
    return groupByKey(personIds, rows, (row) => row.personId);
  },
);

/** One page of each mandate's confirmations, latest first, in one statement per batch. */
export const confirmationPagesByMandate = defineLoader<string, KeyedPage<MandateConfirmationModel>, Page>(
  'confirmationPagesByMandate',
  (ctx, page) => async (mandateIds) => {
    const { entities, raw } = await confirmationPagesOfMandates(ctx, mandateIds, page);
    const models = entities.map((row, i): MandateConfirmationModel => ({
      id: row.id,
      confirmedOn: row.confirmedOn,
      source: row.source,
      recordedByAccountId: row.accountId,
      recordedAt: new Date(raw[i].recordedAt),
      meetingId: raw[i].meetingId,
    }));
    return pagesByKey(mandateIds, models, raw, page, CONFIRMATIONS_ORDER);
  },
);

/** One page of the vacancies recorded on each post, or on the posts of each unit, latest first. */
export const vacancyPagesBy = defineLoader<
  string,
  KeyedPage<VacancyDeclarationModel>,
  ['position' | 'unit', Page]
>('vacancyPagesBy', (ctx, [by, page]) => async (keys) => {
  const { entities, raw } = await vacancyPages(ctx, by, keys, page);
  const models = entities.map((row, i): VacancyDeclarationModel => ({
    id: row.id,
    seat: row.seat,
    vacantFrom: row.vacantFrom,
    vacantUntil: row.vacantUntil,
    source: row.source,
    recordedByAccountId: row.accountId,
    recordedAt: new Date(raw[i].recordedAt),
    positionId: row.positionId,
  }));
  return pagesByKey(keys, models, raw, page, VACANCIES_ORDER);
});
