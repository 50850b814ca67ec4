import { OrgUnitLevel } from '../org-units/org-unit.entity';
import type { VacancyState } from './position.model';

const LEVEL_ADJECTIVE: Record<OrgUnitLevel, { ar: string; fr: string }> = {
  NATIONAL: { ar: '', fr: '' },
  REGIONAL: { ar: 'الجهوي', fr: 'régional' },
  PROVINCIAL: { ar: 'الإقليمي', fr: 'provincial' },
  LOCAL: { ar: 'المحلي', fr: 'local' },
};

/**
 * The title a post gets when none is given: the role's title qualified by the unit's level, as the
 * party writes it ("الأمين العام الإقليمي", "Secrétaire général provincial").
 */
export function defaultPositionTitles(role: { titleAr: string; titleFr: string }, level: OrgUnitLevel) {
  const adjective = LEVEL_ADJECTIVE[level];
  return {
    titleAr: [role.titleAr, adjective.ar].filter(Boolean).join(' '),
    titleFr: [role.titleFr, adjective.fr].filter(Boolean).join(' '),
  };
}

/** Whether a post's seats without a recorded holder are known to be vacant, of unknown holder, or both. */
export function vacancyState(vacantSeats: number, knownVacantSeats: number): VacancyState {
  if (knownVacantSeats >= vacantSeats) return 'KNOWN_VACANT';
  return knownVacantSeats === 0 ? 'HOLDER_UNKNOWN' : 'MIXED';
}
