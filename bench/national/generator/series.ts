import { OrgUnitLevel } from '../../../src/org-units/org-unit.entity';
import { dayOf } from './calendar';
import { Unit } from './model';
import { Random, uuidOf } from './random';

/** An outreach tour: organised by a unit, aimed at units below it, over a period. */
export interface Series {
  id: string;
  organizer: Unit;
  titleAr: string;
  titleFr: string;
  startsOn: number;
  endsOn: number | null;
  /** The rule "every unit of this level under the organiser", or null for explicit targets. */
  targetLevel: OrgUnitLevel | null;
  targets: Unit[];
  /** Only the targets' meetings belong to it, not the organiser's own (which stay as they were). */
  targetsOnly?: boolean;
}

/** Provinces whose latest tour lists the local units it must reach instead of taking them all. */
const EXPLICIT_TARGETS_SHARE = 0.1;

/**
 * The tours of the party: the national secretariat's tour of the regions (2019) and of the southern
 * regions (2024, explicit targets); each region's tour of its provinces (2023); each province's tours
 * of its local units before the 2021 and the 2026 elections, the latter still running.
 */
export function planSeries(national: Unit): Series[] {
  const random = new Random('series');
  const series: Series[] = [];
  const add = (
    organizer: Unit,
    label: readonly [string, string],
    period: readonly [string, string | null],
    targetLevel: OrgUnitLevel | null,
    targets: Unit[],
    targetsOnly = false,
  ) =>
    series.push({
      id: uuidOf('meeting_series', series.length),
      organizer,
      titleAr: `${label[0]} — ${organizer.nameAr}`,
      titleFr: `${label[1]} — ${organizer.nameFr}`,
      startsOn: dayOf(period[0]),
      endsOn: period[1] === null ? null : dayOf(period[1]),
      targetLevel,
      targets,
      targetsOnly,
    });

  add(
    national,
    ['الجولة الجهوية 2019', 'Tournée des régions 2019'],
    ['2019-03-01', '2019-12-31'],
    'REGIONAL',
    [...national.children],
  );
  add(
    national,
    ['جولة الجهات الجنوبية 2024', 'Tournée des régions du Sud 2024'],
    ['2024-02-01', '2024-06-30'],
    null,
    national.children.slice(-4),
  );
  // A national tour of every local unit, between the provinces' two tours (so no local meeting that
  // belonged to one of those changes series): the large series whose coverage the benchmark asks.
  const everyLocal = national.children.flatMap((region) => region.children.flatMap((p) => p.children));
  const nationalTourOfLocals = {
    organizer: national,
    label: ['جولة الجهات المحلية 2021-2025', 'Tournée des sections locales 2021-2025'] as const,
    period: ['2021-07-01', '2025-09-30'] as const,
  };
  for (const region of national.children) {
    add(
      region,
      ['الجولة الإقليمية 2023', 'Tournée des provinces 2023'],
      ['2023-01-15', '2023-06-30'],
      'PROVINCIAL',
      [...region.children],
    );
  }
  for (const region of national.children) {
    for (const province of region.children) {
      add(
        province,
        ['اللقاءات التواصلية 2020-2021', 'Rencontres de proximité 2020-2021'],
        ['2020-10-01', '2021-06-30'],
        'LOCAL',
        [...province.children],
      );
      const explicit = random.chance(EXPLICIT_TARGETS_SHARE);
      add(
        province,
        ['اللقاءات التواصلية 2025-2026', 'Rencontres de proximité 2025-2026'],
        ['2025-10-01', null],
        explicit ? null : 'LOCAL',
        explicit
          ? random.sample(province.children, Math.ceil(province.children.length / 2))
          : [...province.children],
      );
    }
  }
  // Listed last: a unit's earlier tours keep their meetings where periods meet (SeriesIndex.find).
  add(
    nationalTourOfLocals.organizer,
    nationalTourOfLocals.label,
    nationalTourOfLocals.period,
    'LOCAL',
    everyLocal,
    true,
  );
  return series;
}

/** Which tour a unit's outreach meeting on a day belongs to: one it organises, else one aimed at it. */
export class SeriesIndex {
  private readonly byUnit = new Map<Unit, Series[]>();

  constructor(series: readonly Series[]) {
    for (const s of series) {
      for (const unit of s.targetsOnly ? s.targets : [s.organizer, ...s.targets]) {
        const list = this.byUnit.get(unit) ?? [];
        list.push(s);
        this.byUnit.set(unit, list);
      }
    }
  }

  find(unit: Unit, day: number): Series | null {
    for (const s of this.byUnit.get(unit) ?? []) {
      if (day >= s.startsOn && (s.endsOn === null || day <= s.endsOn) && day >= unit.foundedOn) return s;
    }
    return null;
  }
}
