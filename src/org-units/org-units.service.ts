import type { KeyedPage } from '../common/batch';
import { periodEndingOn } from '../common/periods';
import { inScope, Permission, scopeOf, scopeUnitIds } from '../access/access';
import { requireAccessAt, requireUnitAccess, hasEverywhere } from '../access/scope';
import { OrgUnitStatus } from './org-unit.model';
import { keepOr, keepOrRequire } from '../common/update';
import { Injectable } from '@nestjs/common';
import { auditSnapshotOf } from '../audit/audited';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { isInSubtree } from '../common/tree';
import { Page } from '../common/pagination';
import { searchColumns } from '../common/text';
import { cleanAliases } from '../common/names';
import { registerCodeLookup, requiredRef, withRefs } from '../common/refs';

const UNIT_REF = { id: 'unit', code: 'unitCode' };
import { Territory } from '../territories/territory.entity';
import { territoryById } from '../territories/territory.loaders';
import {
  CreateOrgUnitInput,
  DissolveOrgUnitInput,
  MoveOrgUnitInput,
  SetOrgUnitAliasesInput,
  UpdateOrgUnitInput,
} from './dto/org-unit.inputs';
import { OrgUnit, OrgUnitLevel } from './org-unit.entity';
import {
  descendantPagesByUnit,
  descendantPagesByUnitOn,
  orgUnitAncestors,
  orgUnitById,
  primeSubtree,
  treeDiffersOn,
} from './org-unit.loaders';
import { PlacedUnit, readAndRemember, recallChain } from './unit-memory';
import { existsOn, placementProblem, TERRITORY_KINDS_BY_LEVEL } from './org-unit.rules';
import {
  aliasesOfUnits,
  replaceUnitAliases,
  countActiveChildren,
  findOrgUnit,
  findOrgUnitIfAny,
  insertOrgUnit,
  listOrgUnits,
  lockOrgUnit,
  territoriesWithoutUnit,
  orgUnitCodeTaken,
  unitUnderOn,
  unitChainByCode,
  unitWithSubtreeByCode,
  unitWithPath,
  insertUnitPeriod,
  updateOrgUnit,
} from './org-units.queries';

/** Levels of sub-units to read with a unit, existing on a date (an org chart). */
export interface Subtree {
  asOf: string;
  levels: number;
}

export interface OrgUnitFilter {
  level?: OrgUnitLevel;
  under?: string;
  underCode?: string;
  status?: OrgUnitStatus;
  search?: string;
}

/** A unit's search columns: its names, code and aliases. */
const unitSearch = (unit: Pick<OrgUnit, 'code' | 'nameAr' | 'nameFr'>, aliases: readonly string[]) =>
  searchColumns(unit.nameAr, unit.nameFr, unit.code, aliases);

const aliasNames = async (ctx: RequestContext, unitId: string) =>
  (await aliasesOfUnits(ctx, [unitId])).map((alias) => alias.name);

/** What features above hold on a unit, read into its audit snapshot: registered by those features. */
const heldOnUnit = new Map<string, (ctx: RequestContext, unitId: string) => Promise<unknown>>();

/** Adds `key` to every unit's audit snapshot, read by `read` (positions adds the mandates of its posts). */
export function showInUnitSnapshot(
  key: string,
  read: (ctx: RequestContext, unitId: string) => Promise<unknown>,
) {
  heldOnUnit.set(key, read);
}

/**
 * A unit with what features above hold on it (the mandates of its posts), as the audit trail keeps
 * it: dissolving a unit ends them, and the event shows which.
 */
auditSnapshotOf(OrgUnit, async (ctx, id) => {
  const unit = await findOrgUnitIfAny(ctx, id);
  if (!unit) return null;
  const held: Record<string, unknown> = {};
  for (const [key, read] of heldOnUnit) held[key] = await read(ctx, id);
  return { ...unit, aliases: await aliasNames(ctx, id), ...held };
});

@Injectable()
export class OrgUnitsService {
  constructor() {
    registerCodeLookup('unit', async (ctx, code) => (await this.byCode(ctx, code))?.id ?? null);
  }

  /**
   * A unit by id or code; NOT_FOUND when it does not exist. A unit asked by code comes with the units
   * above it (a unit with its breadcrumb is the commonest question); an org chart (`subtree`) asked
   * by code without its ancestors comes with the units below it instead.
   */
  /**
   * A unit the caller may act on with `permission`, read once with its path: NOT_FOUND (naming
   * `what`) or FORBIDDEN as `requireUnitAccess` decides. Later reads of it by id find it loaded.
   */
  async getWithAccess(
    ctx: RequestContext,
    id: string,
    permission: Permission,
    what = 'Org unit',
  ): Promise<OrgUnit> {
    const found = await unitWithPath(ctx, id);
    requireAccessAt(ctx, found?.path, permission, what, id);
    loader(ctx, orgUnitById).prime(found!.unit.id, found!.unit);
    return found!.unit;
  }

  async get(
    ctx: RequestContext,
    ref: { id?: string; code?: string },
    {
      withAncestors = false,
      subtree,
      asOf,
    }: { withAncestors?: boolean; subtree?: Subtree; asOf?: string } = {},
  ): Promise<OrgUnit> {
    if ((ref.id == null) === (ref.code == null)) throw new BadInputError('Give either id or code.');
    const code = ref.code?.trim().toUpperCase();
    const found = ref.id
      ? await loader(ctx, orgUnitById).load(ref.id)
      : subtree && !withAncestors
        ? await this.byCodeWithSubtree(ctx, code!, subtree)
        : await this.byCode(ctx, code!);
    const then = found ?? (asOf ? await this.visibleThen(ctx, { id: ref.id, code }, asOf) : null);
    if (!then) throw new NotFoundError('Org unit', ref.id ?? ref.code!);
    return then;
  }

  /**
   * Scope by date: a unit read for a past day is also seen by whoever's subtree held it that day (a
   * unit moved away since is still, on its earlier days, its old province's secretary's to read).
   */
  private async visibleThen(
    ctx: RequestContext,
    ref: { id?: string; code?: string },
    asOf: string,
  ): Promise<OrgUnit | null> {
    const roots = scopeUnitIds(ctx.actor, Permission.Read);
    if (roots === null || roots.length === 0 || !(await treeDiffersOn(ctx, asOf))) return null;
    const unit = await unitUnderOn(ctx, ref, roots, asOf);
    if (unit) loader(ctx, orgUnitById).prime(unit.id, unit);
    return unit;
  }

  /**
   * A unit by code and the units `levels` levels below it existing on `asOf`, in one statement: an
   * org chart asked by code. The units below are handed to the children loaders (`primeSubtree`).
   */
  private async byCodeWithSubtree(
    ctx: RequestContext,
    code: string,
    { asOf, levels }: Subtree,
  ): Promise<OrgUnit | undefined> {
    const { entities, raw } = await unitWithSubtreeByCode(ctx, code, { asOf, levels });
    const rootAt = raw.findIndex((row) => row.below === 0);
    if (rootAt < 0) return undefined;
    const root = entities[rootAt];
    loader(ctx, orgUnitById).prime(root.id, root);
    const below = (_: unknown, i: number) => i !== rootAt;
    primeSubtree(ctx, asOf, [root.id], levels, entities.filter(below), raw.filter(below));
    return root;
  }

  /**
   * A unit by code, primed in the request's loaders with the units above it that the caller sees.
   * The chain comes from this process's memory when it has it (see unit-memory).
   */
  private async byCode(ctx: RequestContext, code: string): Promise<OrgUnit | undefined> {
    // Inside a write, read what the transaction sees, and do not remember what it has not committed.
    // A replica's answer may predate a change this process has already forgotten units for.
    const chain = ctx.inTransaction
      ? await this.chainByCode(ctx, code)
      : (recallChain(code) ??
        (ctx.readsFromReplica
          ? await this.chainByCode(ctx, code)
          : await readAndRemember(code, () => this.chainByCode(ctx, code))));
    const scope = scopeOf(ctx.actor, Permission.Read);
    const visible = chain.filter((placed) => inScope(scope, placed.path)).map((placed) => placed.unit);
    const unit = visible.pop();
    if (!unit || unit.code !== code) return undefined;
    loader(ctx, orgUnitAncestors).prime(unit.id, visible);
    const byId = loader(ctx, orgUnitById);
    for (const row of [...visible, unit]) byId.prime(row.id, row);
    return unit;
  }

  /** The unit with this code and every unit above it, root first, whoever may see them. */
  private async chainByCode(ctx: RequestContext, code: string): Promise<PlacedUnit[]> {
    const { entities, raw } = await unitChainByCode(ctx, code);
    return entities.map((unit, i) => ({ unit, path: raw[i].path }));
  }

  /** Territories of a kind under an area that no unit the caller can see covers on `asOf`. */
  withoutUnit(
    ctx: RequestContext,
    query: { underTerritoryId: string; kind: string; communeKind?: string; asOf: string },
    page: Page,
  ): Promise<[Territory[], number | null]> {
    return territoriesWithoutUnit(ctx, query, page);
  }

  async list(
    ctx: RequestContext,
    filter: OrgUnitFilter,
    asOf: string,
    page: Page,
  ): Promise<[OrgUnit[], number | null]> {
    const { under, ...query } = await withRefs(ctx, filter, [
      ['unit', { id: 'under', code: 'underCode' }, false],
    ]);
    const underUnitId = under ? (await this.get(ctx, { id: under }, { asOf })).id : undefined;
    const treeThen = await treeDiffersOn(ctx, asOf);
    return listOrgUnits(ctx, { ...query, underUnitId }, asOf, page, treeThen);
  }

  /** The units below `unitId` existing on `asOf`, optionally of one level, in tree order. */
  async descendants(
    ctx: RequestContext,
    unitId: string,
    level: OrgUnitLevel | undefined,
    asOf: string,
    page: Page,
  ): Promise<KeyedPage<OrgUnit>> {
    const pages = (await treeDiffersOn(ctx, asOf)) ? descendantPagesByUnitOn : descendantPagesByUnit;
    return loader(ctx, pages, { level, asOf, page }).load(unitId);
  }

  async create(ctx: RequestContext, given: CreateOrgUnitInput): Promise<OrgUnit> {
    const input = await withRefs(ctx, given, [
      ['unit', { id: 'parentId', code: 'parentCode' }, false],
      ['territory', { id: 'territoryId', code: 'territoryCode' }, false],
    ]);
    if (input.parentId) {
      await requireUnitAccess(ctx, input.parentId, Permission.ManageStructure, 'Parent unit');
    } else if (!hasEverywhere(ctx, Permission.ManageStructure)) {
      throw new DomainError('FORBIDDEN', 'Only a national administrator creates national units.');
    }
    const parent = input.parentId ? await this.requireExisting(ctx, input.parentId, 'Parent unit') : null;
    const problem = placementProblem(input.level, parent?.level ?? null);
    if (problem) throw new BadInputError(problem, 'parentId');
    if (parent && input.foundedOn && !existsOn(parent, input.foundedOn)) {
      throw new BadInputError(
        `The parent unit ${parent.code} did not exist on ${input.foundedOn}.`,
        'foundedOn',
      );
    }
    if (parent?.dissolvedOn) {
      throw new BadInputError(`The parent unit ${parent.code} is dissolved.`, 'parentId');
    }
    await this.assertCodeFree(ctx, input.code);
    if (input.territoryId) await this.checkTerritory(ctx, input.level, input.territoryId, parent);

    return insertOrgUnit(ctx, {
      code: input.code,
      level: input.level,
      parentId: parent?.id ?? null,
      nameAr: input.nameAr,
      nameFr: input.nameFr,
      territoryId: input.territoryId ?? null,
      foundedOn: input.foundedOn ?? null,
      dissolvedOn: null,
      ...unitSearch(input, []),
    });
  }

  async update(ctx: RequestContext, input: UpdateOrgUnitInput): Promise<OrgUnit> {
    const unit = await this.lockToManage(ctx, input.id, input.expectedVersion);
    const next = {
      code: keepOrRequire(input.code, unit.code, 'code'),
      nameAr: keepOrRequire(input.nameAr, unit.nameAr, 'nameAr'),
      nameFr: keepOrRequire(input.nameFr, unit.nameFr, 'nameFr'),
      territoryId: keepOr(input.territoryId, unit.territoryId),
      foundedOn: keepOr(input.foundedOn, unit.foundedOn),
    };
    if (next.code !== unit.code) await this.assertCodeFree(ctx, next.code);
    if (next.territoryId && next.territoryId !== unit.territoryId) {
      const parent = unit.parentId ? await this.reload(ctx, unit.parentId) : null;
      await this.checkTerritory(ctx, unit.level, next.territoryId, parent);
    }
    if (next.foundedOn && unit.dissolvedOn && next.foundedOn > unit.dissolvedOn) {
      throw new BadInputError('A unit cannot be founded after it was dissolved.', 'foundedOn');
    }
    const renamed = next.nameAr !== unit.nameAr || next.nameFr !== unit.nameFr;
    const history = renamed
      ? await this.keepHistory(ctx, unit, input.renamedOn ?? ctx.today, 'renamedOn')
      : {};
    return updateOrgUnit(ctx, unit.id, {
      ...next,
      ...history,
      ...unitSearch(next, await aliasNames(ctx, unit.id)),
    });
  }

  /** The id of the unit an input names by `unit` or `unitCode` (see common/refs.ts). */
  refOf(ctx: RequestContext, input: { unit?: string; unitCode?: string }): Promise<string> {
    return requiredRef(ctx, 'unit', input, UNIT_REF);
  }

  /** Replaces a unit's aliases (searched with its names); the unit's version moves. */
  async setAliases(ctx: RequestContext, input: SetOrgUnitAliasesInput): Promise<OrgUnit> {
    const aliases = cleanAliases(input.aliases);
    const unit = await this.lockToManage(ctx, await this.refOf(ctx, input), input.expectedVersion);
    await replaceUnitAliases(ctx, unit.id, aliases);
    return updateOrgUnit(ctx, unit.id, unitSearch(unit, aliases));
  }

  /** Moves a unit (and its whole subtree: the path trigger re-paths it) under a new parent. */
  async move(ctx: RequestContext, given: MoveOrgUnitInput): Promise<OrgUnit> {
    const input = (await withRefs(ctx, given, [
      ['unit', { id: 'parentId', code: 'parentCode' }, true],
    ])) as MoveOrgUnitInput & { parentId: string };
    const unit = await this.lockToManage(ctx, input.id, input.expectedVersion);
    await requireUnitAccess(ctx, input.parentId, Permission.ManageStructure, 'New parent unit');
    const parent = await this.requireExisting(ctx, input.parentId, 'New parent unit');
    if (await isInSubtree(ctx, 'org_unit', parent.id, unit.id)) {
      throw new BadInputError(
        'A unit cannot be moved under itself or one of its own descendants.',
        'parentId',
      );
    }
    const problem = placementProblem(unit.level, parent.level);
    if (problem) throw new BadInputError(problem, 'parentId');
    if (parent.dissolvedOn) {
      throw new BadInputError(`The new parent ${parent.code} is dissolved.`, 'parentId');
    }
    if (unit.territoryId) await this.checkTerritory(ctx, unit.level, unit.territoryId, parent);
    if (parent.id !== unit.parentId) {
      const history = await this.keepHistory(ctx, unit, input.movedOn ?? ctx.today, 'movedOn');
      return updateOrgUnit(ctx, unit.id, { parentId: parent.id, ...history });
    }
    return this.reload(ctx, unit.id);
  }

  /**
   * Keeps the unit's place and names as they were until `day`, the first day of the change being
   * made: reads asOf an earlier day answer them (see org-unit.loaders `unitStateOn`).
   */
  private async keepHistory(
    ctx: RequestContext,
    unit: OrgUnit,
    day: string,
    field: string,
  ): Promise<Pick<OrgUnit, 'currentSince'>> {
    const period = periodEndingOn(unit.currentSince, day, ctx.today, field);
    if (period) {
      await insertUnitPeriod(ctx, {
        orgUnitId: unit.id,
        parentId: unit.parentId,
        nameAr: unit.nameAr,
        nameFr: unit.nameFr,
        ...period,
      });
    }
    return { currentSince: day };
  }

  /**
   * Dissolves a unit from `input.dissolvedOn`, once nothing below it is still active. What a feature
   * above holds on the unit (the mandates of its posts) is ended by `endHeld`, in the same transaction.
   */
  async dissolve(
    ctx: RequestContext,
    input: DissolveOrgUnitInput,
    endHeld: (unit: OrgUnit) => Promise<void>,
  ): Promise<OrgUnit> {
    const unit = await this.lockToManage(ctx, input.id, input.expectedVersion);
    if (unit.dissolvedOn) {
      throw new ConflictError(`${unit.code} was already dissolved on ${unit.dissolvedOn}.`);
    }
    if (unit.foundedOn && input.dissolvedOn <= unit.foundedOn) {
      throw new BadInputError(
        `${unit.code} was founded on ${unit.foundedOn}; it cannot be dissolved before.`,
        'dissolvedOn',
      );
    }
    const count = await countActiveChildren(ctx, unit.id, input.dissolvedOn);
    if (count > 0) {
      throw new ConflictError(
        `${unit.code} still has ${count} active sub-unit(s); dissolve or move them first.`,
      );
    }

    await endHeld(unit);
    return updateOrgUnit(ctx, unit.id, { dissolvedOn: input.dissolvedOn });
  }

  /** Locks a unit for change by a caller who manages the structure where it is. */
  private lockToManage(ctx: RequestContext, id: string, expectedVersion?: number): Promise<OrgUnit> {
    return lockOrgUnit(ctx, id, expectedVersion, (unit) =>
      requireUnitAccess(ctx, unit.id, Permission.ManageStructure),
    );
  }

  private async reload(ctx: RequestContext, id: string): Promise<OrgUnit> {
    return findOrgUnit(ctx, id);
  }

  private async requireExisting(ctx: RequestContext, id: string, what: string): Promise<OrgUnit> {
    const unit = await findOrgUnitIfAny(ctx, id);
    if (!unit) throw new NotFoundError(what, id);
    return unit;
  }

  private async assertCodeFree(ctx: RequestContext, code: string): Promise<void> {
    if (await orgUnitCodeTaken(ctx, code)) {
      throw new ConflictError(`Another unit already uses the code ${code}.`, { field: 'code' });
    }
  }

  /** The territory must exist, fit the unit's level, and lie inside the parent unit's territory. */
  private async checkTerritory(
    ctx: RequestContext,
    level: OrgUnitLevel,
    territoryId: string,
    parent: OrgUnit | null,
  ): Promise<Territory> {
    const territory = await loader(ctx, territoryById).load(territoryId);
    if (!territory) throw new NotFoundError('Territory', territoryId);
    const allowed = TERRITORY_KINDS_BY_LEVEL[level];
    if (!allowed.includes(territory.kind)) {
      throw new BadInputError(
        `A ${level.toLowerCase()} unit covers a ${allowed.join(' or ').toLowerCase()}, not a ${territory.kind.toLowerCase()}.`,
        'territoryId',
      );
    }
    if (parent?.territoryId) {
      if (!(await isInSubtree(ctx, 'territory', territory.id, parent.territoryId))) {
        throw new BadInputError(
          `${territory.nameFr} is not inside the territory of the parent unit ${parent.code}.`,
          'territoryId',
        );
      }
    }
    return territory;
  }
}
