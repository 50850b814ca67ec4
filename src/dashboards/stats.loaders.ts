import { byKey, groupByKey, isUuid, KeyedPage, pagesByKey } from '../common/batch';
import { defineLoader } from '../common/context';
import { NotFoundError } from '../common/errors';
import { OrgUnit, OrgUnitLevel } from '../org-units/org-unit.entity';
import type { Gender } from '../people/person.entity';
import {
  ActivityBucketModel,
  AttendanceStatsModel,
  MeetingStatsModel,
  OfficialStatsModel,
  OutcomeStatsModel,
  StatsBucket,
  VacancyStatsModel,
} from './stats.model';
import type { StatsWindow } from './stats.rules';
import * as queries from './stats.queries';

/**
 * The roll-ups' loaders: units asked with the same window share one statement per roll-up, so
 * `orgUnits { nodes { stats { … } } }` costs what one unit's `stats` costs. A unit outside the
 * caller's scope is NOT_FOUND, as if it did not exist.
 */

const notFound = (id: string) => new NotFoundError('Org unit', id);
const uuids = (ids: readonly string[]) => ids.filter(isUuid);

export interface Summary {
  meetings: MeetingStatsModel;
  attendance: AttendanceStatsModel;
  outcomes: OutcomeStatsModel;
}

export const summaryByUnit = defineLoader<string, Summary, StatsWindow>(
  'statsSummaryByUnit',
  (ctx, window) => {
    return async (ids) => {
      const rows = await queries.summaries(ctx, uuids(ids), window);
      return byKey(ids, rows, (row) => row.key).map((row, i) =>
        row
          ? {
              meetings: {
                total: row.total,
                held: row.held,
                planned: row.planned,
                cancelled: row.cancelled,
                byKind: row.by_kind ?? [],
              },
              attendance: {
                invited: row.invited,
                attended: row.attended,
                excused: row.excused,
                absent: row.absent,
                unknown: row.unknown,
                rate: row.rate,
              },
              outcomes: { open: row.open, overdue: row.overdue, done: row.done, dropped: row.dropped },
            }
          : notFound(ids[i]),
      );
    };
  },
);

export const activityByUnit = defineLoader<string, ActivityBucketModel[], [StatsWindow, StatsBucket]>(
  'statsActivityByUnit',
  (ctx, [window, bucket]) =>
    async (ids) => {
      const rows = await queries.activity(ctx, uuids(ids), window, bucket);
      return groupByKey(ids, rows, (row) => row.key).map((group, i) =>
        group.length
          ? group.map(({ start, meetingsHeld, participants, attendanceRate }) => ({
              start,
              meetingsHeld,
              participants,
              attendanceRate,
            }))
          : notFound(ids[i]),
      );
    },
);

export interface UnitRow {
  unit: OrgUnit;
  metrics: queries.RowMetrics;
}

export const rowPagesByUnit = defineLoader<string, KeyedPage<UnitRow>, queries.RowsQuery>(
  'statsRowPagesByUnit',
  (ctx, query) => async (ids) => {
    const { entities, raw } = await queries.unitRows(ctx, uuids(ids), query);
    const rows = entities.map((unit, i) => ({ unit, metrics: raw[i] }));
    return pagesByKey(ids, rows, raw, query.page, queries.unitRowsOrder(query.by, query.direction));
  },
);

export const silentPagesByUnit = defineLoader<string, KeyedPage<OrgUnit>, queries.SilentQuery>(
  'statsSilentPagesByUnit',
  (ctx, query) => async (ids) => {
    const { entities, raw } = await queries.silentUnits(ctx, uuids(ids), query);
    return pagesByKey(ids, entities, raw, query.page, queries.SILENT_ORDER);
  },
);

export const vacanciesByUnit = defineLoader<string, VacancyStatsModel, string>(
  'statsVacanciesByUnit',
  (ctx, asOf) => async (ids) => {
    const rows = await queries.vacancies(ctx, uuids(ids), asOf);
    return groupByKey(ids, rows, (row) => row.key).map((group, i) => {
      const total = group.find((row) => row.level === null);
      if (!total) return notFound(ids[i]);
      return {
        posts: total.posts,
        seats: total.seats,
        vacantSeats: total.vacant_seats,
        knownVacantSeats: total.known_vacant_seats,
        holderUnknownSeats: total.vacant_seats - total.known_vacant_seats,
        byLevel: group
          .filter((row): row is queries.VacancyRow & { level: OrgUnitLevel } => row.level !== null)
          .map((row) => ({
            level: row.level,
            vacantSeats: row.vacant_seats,
            knownVacantSeats: row.known_vacant_seats,
            holderUnknownSeats: row.vacant_seats - row.known_vacant_seats,
          })),
      };
    });
  },
);

export const officialsByUnit = defineLoader<string, OfficialStatsModel, string>(
  'statsOfficialsByUnit',
  (ctx, asOf) => async (ids) => {
    const rows = await queries.officials(ctx, uuids(ids), asOf);
    return groupByKey(ids, rows, (row) => row.key).map((group, i) => {
      const total = group.find((row) => row.dimension === 'TOTAL');
      if (!total) return notFound(ids[i]);
      return {
        total: total.count,
        byRole: group
          .filter((row) => row.dimension === 'ROLE')
          .map((row) => ({ role: row.value!, count: row.count })),
        byGender: group
          .filter((row) => row.dimension === 'GENDER')
          .map((row) => ({ gender: row.value as Gender | null, count: row.count })),
      };
    });
  },
);
