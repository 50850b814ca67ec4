import { TerritoryKind } from '../territories/territory.entity';
import { OrgUnitLevel } from './org-unit.entity';

/** Depth of each level in the tree: a unit sits exactly one level below its parent. */
export const LEVEL_DEPTH: Record<OrgUnitLevel, number> = {
  NATIONAL: 1,
  REGIONAL: 2,
  PROVINCIAL: 3,
  LOCAL: 4,
};

const LEVEL_BY_DEPTH = Object.fromEntries(
  Object.entries(LEVEL_DEPTH).map(([level, depth]) => [depth, level]),
) as Record<number, OrgUnitLevel>;

/** The level a unit's parent must have; null for a national unit, which is a root. */
export function parentLevelOf(level: OrgUnitLevel): OrgUnitLevel | null {
  return LEVEL_BY_DEPTH[LEVEL_DEPTH[level] - 1] ?? null;
}

/** Which territories a unit of each level may cover (a local unit: a commune or an arrondissement). */
export const TERRITORY_KINDS_BY_LEVEL: Record<OrgUnitLevel, readonly TerritoryKind[]> = {
  NATIONAL: ['COUNTRY'],
  REGIONAL: ['REGION'],
  PROVINCIAL: ['PREFECTURE', 'PROVINCE'],
  LOCAL: ['COMMUNE', 'ARRONDISSEMENT'],
};

/** Why `level` cannot sit under `parentLevel` (null = no parent), or null when it can. */
export function placementProblem(level: OrgUnitLevel, parentLevel: OrgUnitLevel | null): string | null {
  const expected = parentLevelOf(level);
  if (expected === parentLevel) return null;
  if (expected === null) return 'A national unit is a root: it cannot have a parent.';
  if (parentLevel === null) return `A ${level.toLowerCase()} unit needs a ${expected.toLowerCase()} parent.`;
  return `A ${level.toLowerCase()} unit must sit directly under a ${expected.toLowerCase()} unit, not a ${parentLevel.toLowerCase()} one.`;
}

/** A unit exists from its founding day (if known) until the day before `dissolvedOn`. */
export function existsOn(
  unit: { foundedOn: string | null; dissolvedOn: string | null },
  date: string,
): boolean {
  return (
    (unit.foundedOn === null || unit.foundedOn <= date) &&
    (unit.dissolvedOn === null || unit.dissolvedOn > date)
  );
}

/** SQL twin of `existsOn`, for a table alias and a `:asOf` parameter. */
export const existsOnSql = (alias: string) =>
  `((${alias}.founded_on IS NULL OR ${alias}.founded_on <= :asOf) AND (${alias}.dissolved_on IS NULL OR ${alias}.dissolved_on > :asOf))`;
