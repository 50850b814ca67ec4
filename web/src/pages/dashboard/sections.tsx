import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { DashboardStatsQuery, OrgUnitLevel } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { pick } from '../../ui/names';
import { dashboardMessages } from './messages';

type Stats = DashboardStatsQuery['orgUnit']['stats'];

/** A titled part of the dashboard, named by its title for assistive technologies. */
function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function UnitLink({ unit }: { unit: { code: string; nameAr: string; nameFr?: string | null } }) {
  const { language } = useI18n();
  return (
    <Anchor component={Link} href={`/units/${encodeURIComponent(unit.code)}`} c="teal.9">
      {pick(language, unit.nameAr, unit.nameFr)}
    </Anchor>
  );
}

/**
 * Meetings held per month: a bar chart for the eye, and the same numbers as a table (visually
 * hidden) and a one-sentence summary for a screen reader. Time runs from right to left in Arabic.
 */
export function ActivitySection({ activity }: { activity: Stats['activity'] }) {
  const t = useMessages(dashboardMessages);
  const { formatMonth, formatNumber, dir } = useI18n();
  const title = t('activityTitle');
  const rows = activity.map((bucket) => ({
    month: formatMonth(bucket.start),
    held: bucket.meetingsHeld,
    participants: bucket.participants,
  }));
  const held = rows.reduce((sum, row) => sum + row.held, 0);
  const busiest = rows.reduce<(typeof rows)[number] | null>(
    (best, row) => (row.held > (best?.held ?? 0) ? row : best),
    null,
  );
  return (
    <Section title={title}>
      <Text size="sm">
        {busiest
          ? t('activitySummary', { held, month: busiest.month, count: busiest.held })
          : t('activityNone')}
      </Text>
      <div aria-hidden>
        <BarChart
          h={240}
          data={rows}
          dataKey="month"
          series={[{ name: 'held', label: t('meetingsHeld'), color: 'teal.7' }]}
          valueFormatter={(value) => formatNumber(value)}
          accessibilityLayer={false}
          tickLine="none"
          gridAxis="y"
          xAxisProps={{ reversed: dir === 'rtl' }}
          yAxisProps={{ orientation: dir === 'rtl' ? 'right' : 'left', allowDecimals: false, width: 40 }}
        />
      </div>
      <VisuallyHidden>
        <Table>
          <Table.Caption>{title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('month')}</Table.Th>
              <Table.Th scope="col">{t('meetingsHeld')}</Table.Th>
              <Table.Th scope="col">{t('participants')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Th scope="row">{row.month}</Table.Th>
                <Table.Td>{formatNumber(row.held)}</Table.Td>
                <Table.Td>{formatNumber(row.participants)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Section>
  );
}

/**
 * Series coverage per province (per local unit when the caller's root is a local one): one bar per unit, in a table that also gives its meetings, silence, vacancies and overdue
 * outcomes. Each bar is a labelled progress bar, so the chart reads as well as it looks.
 */
export function CoverageSection({ rows, level }: { rows: Stats['byUnit']; level: OrgUnitLevel }) {
  const t = useMessages(dashboardMessages);
  const { language, formatNumber } = useI18n();
  const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 0 });
  // Isolated, so a percentage inside an Arabic sentence keeps its sign on the right side of its digits.
  const isolated = (text: string) => `\u2068${text}\u2069`;
  const units = rows.edges.map((edge) => edge.node);
  const known = units.filter((row) => row.seriesCoverage !== null && row.seriesCoverage !== undefined);
  const best = known.reduce<(typeof known)[number] | null>(
    (top, row) => ((row.seriesCoverage ?? 0) > (top?.seriesCoverage ?? -1) ? row : top),
    null,
  );
  const titleKey = level === 'LOCAL' ? 'coverageTitle_LOCAL' : 'coverageTitle_PROVINCIAL';
  const columnKey = level === 'LOCAL' ? 'unitColumn_LOCAL' : 'unitColumn_PROVINCIAL';
  return (
    <Section title={t(titleKey)}>
      <Text size="sm" c="dimmed">
        {t('coverageHint')}
      </Text>
      <Text size="sm">
        {best
          ? t('coverageSummary', {
              count: known.length,
              total: units.length,
              best: pick(language, best.unit.nameAr, best.unit.nameFr),
              value: isolated(percent(best.seriesCoverage ?? 0)),
            })
          : t('coverageNone')}
      </Text>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t(columnKey)}</Table.Th>
              <Table.Th scope="col" w="30%">
                {t('coverage')}
              </Table.Th>
              <Table.Th scope="col">{t('meetingsHeld')}</Table.Th>
              <Table.Th scope="col">{t('daysSilent')}</Table.Th>
              <Table.Th scope="col">{t('vacantSeats')}</Table.Th>
              <Table.Th scope="col">{t('overdueOutcomes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {units.map((row) => {
              const name = pick(language, row.unit.nameAr, row.unit.nameFr);
              const coverage = row.seriesCoverage;
              return (
                <Table.Tr key={row.unit.id}>
                  <Table.Th scope="row" fw={500}>
                    <UnitLink unit={row.unit} />
                  </Table.Th>
                  <Table.Td>
                    {coverage === null || coverage === undefined ? (
                      <Text size="sm" c="dimmed">
                        {t('noValue')}
                      </Text>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Progress
                          value={coverage * 100}
                          color="teal.7"
                          size="lg"
                          style={{ flex: 1 }}
                          aria-label={`${t('coverage')}: ${name}`}
                        />
                        <Text size="sm" w={44}>
                          {percent(coverage)}
                        </Text>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{formatNumber(row.meetingsHeld)}</Table.Td>
                  <Table.Td>
                    {row.daysSilent === null || row.daysSilent === undefined
                      ? t('never')
                      : t('daysAgo', { days: row.daysSilent })}
                  </Table.Td>
                  <Table.Td>{formatNumber(row.vacantSeats)}</Table.Td>
                  <Table.Td>{formatNumber(row.overdueOutcomes)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.totalCount > units.length && (
        <Text size="xs" c="dimmed">
          {t('moreRows', { shown: units.length, total: rows.totalCount })}
        </Text>
      )}
    </Section>
  );
}

export function SilentSection({ silent, days }: { silent: Stats['silentUnits']; days: number }) {
  const t = useMessages(dashboardMessages);
  const units = silent.edges.map((edge) => edge.node);
  return (
    <Section title={t('silentTitle', { days })}>
      {units.length === 0 ? (
        <Text size="sm">{t('silentNone', { days })}</Text>
      ) : (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {units.map((unit) => (
            <Group component="li" key={unit.id} gap="xs" justify="space-between" wrap="nowrap">
              <UnitLink unit={unit} />
              <Badge variant="light" color="gray">
                {t(unit.level)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
      {silent.totalCount > units.length && (
        <Text size="xs" c="dimmed">
          {t('moreRows', { shown: units.length, total: silent.totalCount })}
        </Text>
      )}
    </Section>
  );
}

export function OverdueSection({ outcomes }: { outcomes: DashboardStatsQuery['outcomes'] }) {
  const t = useMessages(dashboardMessages);
  const { language, formatDay } = useI18n();
  const items = outcomes.edges.map((edge) => edge.node);
  return (
    <Section title={t('overdueTitle')}>
      {items.length === 0 ? (
        <Text size="sm">{t('overdueNone')}</Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((outcome) => {
            const owner = outcome.ownerPerson
              ? pick(language, outcome.ownerPerson.fullNameAr, outcome.ownerPerson.fullNameLatin)
              : outcome.ownerUnit
                ? pick(language, outcome.ownerUnit.nameAr, outcome.ownerUnit.nameFr)
                : null;
            return (
              <li key={outcome.id}>
                <Text size="sm">{pick(language, outcome.textAr, outcome.textFr)}</Text>
                <Text size="xs" c="red.9">
                  {[
                    outcome.dueOn ? t('dueOn', { day: formatDay(outcome.dueOn) }) : null,
                    owner,
                    t('ofMeeting', { day: formatDay(outcome.meeting.date) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </li>
            );
          })}
        </Stack>
      )}
      {outcomes.totalCount > items.length && (
        <Text size="xs" c="dimmed">
          {t('moreRows', { shown: items.length, total: outcomes.totalCount })}
        </Text>
      )}
    </Section>
  );
}

export function VacanciesSection({ vacancies }: { vacancies: Stats['vacancies'] }) {
  const t = useMessages(dashboardMessages);
  const { formatNumber } = useI18n();
  return (
    <Section title={t('vacanciesTitle')}>
      <Text size="sm">
        {formatNumber(vacancies.vacantSeats)} {t('ofSeats', { seats: vacancies.seats })}
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('level')}</Table.Th>
            <Table.Th scope="col">{t('vacantSeats')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {vacancies.byLevel.map((row) => (
            <Table.Tr key={row.level}>
              <Table.Th scope="row" fw={400}>
                {t(row.level)}
              </Table.Th>
              <Table.Td>{formatNumber(row.vacantSeats)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

export function AttendanceSection({ attendance }: { attendance: Stats['attendance'] }) {
  const t = useMessages(dashboardMessages);
  const { formatNumber } = useI18n();
  const rows = [
    { label: t('attended'), value: attendance.attended },
    { label: t('excused'), value: attendance.excused },
    { label: t('absent'), value: attendance.absent },
    { label: t('unknown'), value: attendance.unknown },
  ];
  return (
    <Section title={t('attendanceTitle')}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('attendanceTitle')}</Table.Th>
            <Table.Th scope="col">{t('count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row" fw={400}>
                {row.label}
              </Table.Th>
              <Table.Td>{formatNumber(row.value)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}
