import '@mantine/charts/styles.css';
import {
  Alert,
  Badge,
  Group,
  Loader,
  Paper,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { byField, problemsOf } from '../../api/errors';
import { useRegistryChanges, type LiveStatus } from '../../api/live';
import { graphql } from '../../gql';
import type { ChangeKind, DashboardStatsQuery, OrgUnitLevel } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { moroccoToday } from '../../ui/morocco-time';
import { pick } from '../../ui/names';
import { dashboardMessages } from './messages';
import {
  ActivitySection,
  AttendanceSection,
  CoverageSection,
  OverdueSection,
  SilentSection,
  VacanciesSection,
} from './sections';

const DashboardRoots = graphql(`
  query DashboardRoots {
    me {
      grants {
        everywhere
        unit {
          id
          code
          level
          nameAr
          nameFr
        }
      }
    }
    national: orgUnits(filter: { level: NATIONAL }, first: 5) {
      edges {
        node {
          id
          code
          level
          nameAr
          nameFr
        }
      }
    }
  }
`);

const DashboardStats = graphql(`
  query DashboardStats($unitId: ID!, $from: Date!, $to: Date!, $level: OrgUnitLevel!, $silentDays: Int!) {
    orgUnit(id: $unitId) {
      id
      stats(from: $from, to: $to) {
        from
        to
        asOf
        meetings {
          total
          held
          planned
          cancelled
        }
        attendance {
          attended
          excused
          absent
          unknown
          rate
        }
        activity(bucket: MONTH) {
          start
          meetingsHeld
          participants
        }
        byUnit(level: $level, first: 100) {
          totalCount
          edges {
            node {
              unit {
                id
                code
                nameAr
                nameFr
              }
              meetingsHeld
              lastHeldOn
              daysSilent
              seriesCoverage
              vacantSeats
              openOutcomes
              overdueOutcomes
            }
          }
        }
        silentUnits(days: $silentDays, first: 20) {
          totalCount
          edges {
            node {
              id
              code
              level
              nameAr
              nameFr
            }
          }
        }
        vacancies {
          posts
          seats
          vacantSeats
          byLevel {
            level
            vacantSeats
          }
        }
        outcomes {
          open
          overdue
        }
      }
    }
    outcomes(filter: { overdue: true, under: $unitId }, first: 10) {
      totalCount
      edges {
        node {
          id
          textAr
          textFr
          dueOn
          meeting {
            id
            date
          }
          ownerUnit {
            id
            code
            nameAr
            nameFr
          }
          ownerPerson {
            id
            fullNameAr
            fullNameLatin
          }
        }
      }
    }
  }
`);

/** Silent: no meeting held in this many days up to the day read. */
const SILENT_DAYS = 90;
/** The API's longest window. */
const MAX_WINDOW_DAYS = 1096;
/** What the numbers depend on (a person's own details change none of them). */
const KINDS: ChangeKind[] = ['MEETING', 'PARTICIPATION', 'OUTCOME', 'MANDATE', 'UNIT'];

interface Root {
  id: string;
  code: string;
  level: OrgUnitLevel;
  nameAr: string;
  nameFr: string | null | undefined;
}

/** The first day of the month `months` before the month of `day` (YYYY-MM-DD). */
function monthStart(day: string, monthsBack: number): string {
  const [year, month] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 - monthsBack, 1)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
}

/**
 * The roll-ups of the caller's subtree over a window (the last twelve whole months by default), read
 * again whenever the registry changes under it (a `registryChanged` subscription).
 */
export default function DashboardPage() {
  const t = useMessages(dashboardMessages);
  const { language, formatDay } = useI18n();
  const [to, setTo] = useState(moroccoToday);
  const [from, setFrom] = useState(() => monthStart(moroccoToday(), 11));
  const [chosenRoot, setChosenRoot] = useState<string | null>(null);

  const [roots] = useQuery({ query: DashboardRoots });
  const rootUnits = useMemo(() => {
    const data = roots.data;
    if (!data) return [];
    const units = new Map<string, Root>();
    if (data.me.grants.some((grant) => grant.everywhere)) {
      for (const edge of data.national.edges) units.set(edge.node.id, edge.node);
    }
    for (const grant of data.me.grants) if (grant.unit) units.set(grant.unit.id, grant.unit);
    return [...units.values()];
  }, [roots.data]);
  const root = rootUnits.find((unit) => unit.id === chosenRoot) ?? rootUnits[0];

  const windowProblem =
    from > to
      ? { from: t('fromAfterTo') }
      : daysBetween(from, to) > MAX_WINDOW_DAYS
        ? { to: t('windowTooLong', { days: MAX_WINDOW_DAYS }) }
        : {};
  const windowOk = Object.keys(windowProblem).length === 0;
  const level: OrgUnitLevel = root?.level === 'LOCAL' ? 'LOCAL' : 'PROVINCIAL';

  const [stats, readAgain] = useQuery({
    query: DashboardStats,
    variables: { unitId: root?.id ?? '', from, to, level, silentDays: SILENT_DAYS },
    pause: !root || !windowOk,
  });
  const refresh = useCallback(() => readAgain({ requestPolicy: 'network-only' }), [readAgain]);
  const live = useRegistryChanges({ under: root?.id ?? null, kinds: KINDS, onChange: refresh });

  const problems = problemsOf(stats.error ?? roots.error);
  const { atField, general } = byField(problems, ['from', 'to']);
  const data = stats.data?.orgUnit.stats;

  return (
    <Stack>
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={2}>{t('title')}</Title>
        <LiveIndicator status={live} />
      </Group>
      <Group align="start" wrap="wrap">
        {rootUnits.length > 1 && (
          // The browser's own list: right on a phone, and no pop-over library in the app's first load.
          <NativeSelect
            label={t('unit')}
            data={rootUnits.map((unit) => ({
              value: unit.id,
              label: pick(language, unit.nameAr, unit.nameFr),
            }))}
            value={root?.id ?? ''}
            onChange={(event) => setChosenRoot(event.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
          />
        )}
        <TextInput
          type="date"
          label={t('from')}
          value={from}
          max="9999-12-31"
          error={windowProblem.from ?? atField.from}
          onChange={(event) => event.currentTarget.value && setFrom(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('to')}
          value={to}
          max="9999-12-31"
          error={windowProblem.to ?? atField.to}
          onChange={(event) => event.currentTarget.value && setTo(event.currentTarget.value)}
        />
      </Group>
      {root && rootUnits.length === 1 && (
        <Text fw={600} c="teal.9">
          {pick(language, root.nameAr, root.nameFr)}
        </Text>
      )}
      {roots.data && rootUnits.length === 0 && <Alert color="gray">{t('noUnit')}</Alert>}
      {general.map((problem) => (
        <Alert color="red" role="alert" key={`${problem.code}${problem.message}`}>
          {problem.message}
        </Alert>
      ))}
      {data && (
        <Group gap="xs" aria-live="polite">
          <Text size="sm" c="dimmed">
            {t('windowSummary', {
              from: formatDay(data.from),
              to: formatDay(data.to),
              asOf: formatDay(data.asOf),
            })}
          </Text>
          {stats.fetching && (
            <Group gap={4}>
              <Loader size="xs" aria-hidden />
              <Text size="sm" c="dimmed">
                {t('updating')}
              </Text>
            </Group>
          )}
        </Group>
      )}
      {!data && (stats.fetching || roots.fetching) && (
        <Group justify="center" p="xl">
          <Loader aria-label={t('updating')} />
        </Group>
      )}
      {data && stats.data && (
        <>
          <Figures stats={data} />
          <ActivitySection activity={data.activity} />
          <CoverageSection rows={data.byUnit} level={level} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <SilentSection silent={data.silentUnits} days={SILENT_DAYS} />
            <OverdueSection outcomes={stats.data.outcomes} />
            <VacanciesSection vacancies={data.vacancies} />
            <AttendanceSection attendance={data.attendance} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function LiveIndicator({ status }: { status: LiveStatus }) {
  const t = useMessages(dashboardMessages);
  const [color, text] =
    status === 'live'
      ? ['green', t('live')]
      : status === 'reconnecting'
        ? ['orange', t('liveReconnecting')]
        : ['gray', t('liveConnecting')];
  return (
    <Badge
      role="status"
      aria-label={`${t('liveLabel')}: ${text}`}
      variant="dot"
      color={color}
      size="lg"
      data-live={status}
    >
      {text}
    </Badge>
  );
}

type Stats = DashboardStatsQuery['orgUnit']['stats'];

/** The headline numbers, each a sentence of its own for a screen reader. */
function Figures({ stats }: { stats: Stats }) {
  const t = useMessages(dashboardMessages);
  const { formatNumber } = useI18n();
  const known = stats.attendance.attended + stats.attendance.excused + stats.attendance.absent;
  const figures = [
    {
      label: t('meetingsHeld'),
      value: formatNumber(stats.meetings.held),
      detail: t('meetingsOther', { planned: stats.meetings.planned, cancelled: stats.meetings.cancelled }),
    },
    {
      label: t('attendanceRate'),
      value:
        stats.attendance.rate === null || stats.attendance.rate === undefined
          ? t('attendanceUnknown')
          : formatNumber(stats.attendance.rate, { style: 'percent', maximumFractionDigits: 0 }),
      detail: t('attendanceCounts', { attended: stats.attendance.attended, known }),
    },
    {
      label: t('overdueOutcomes'),
      value: formatNumber(stats.outcomes.overdue),
      detail: t('openOutcomes', { open: stats.outcomes.open }),
    },
    {
      label: t('vacantSeats'),
      value: formatNumber(stats.vacancies.vacantSeats),
      detail: t('ofSeats', { seats: stats.vacancies.seats }),
    },
    {
      label: t('silentUnits'),
      value: formatNumber(stats.silentUnits.totalCount),
      detail: t('silentHint', { days: SILENT_DAYS }),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} component="dl" m={0}>
      {figures.map((figure) => (
        <Paper withBorder p="sm" radius="md" key={figure.label}>
          <Text component="dt" size="sm" c="dimmed">
            {figure.label}
          </Text>
          <Text component="dd" m={0} fz={28} fw={700} lh={1.2}>
            {figure.value}
          </Text>
          <Text component="dd" m={0} size="xs" c="dimmed">
            {figure.detail}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
