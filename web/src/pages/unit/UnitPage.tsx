import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link, useParams } from 'wouter';
import { problemsOf } from '../../api/errors';
import { PageLoader } from '../../app/App';
import { graphql } from '../../gql';
import type { UnitPageQuery, UnitPageMeetingsQuery } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { SeatBadges } from '../../ui/SeatBadges';
import { PagedList } from '../../ui/PagedList';
import { useRowsSoFar } from '../../ui/paging';
import { moroccoToday } from '../../ui/morocco-time';
import { pick } from '../../ui/names';
import { AppointModal, type AppointTarget } from './AppointModal';
import { EndMandateModal, type EndTarget } from './EndMandateModal';
import { recordMessages, unitMessages } from './messages';
import { mandateProblemText } from './problems';
import { Term } from './Term';

const UnitQuery = graphql(`
  query UnitPage($code: String!, $asOf: Date) {
    orgUnit(code: $code, asOf: $asOf) {
      id
      code
      level
      nameAr
      nameFr
      status
      parent {
        id
        code
        nameAr
        nameFr
      }
      positions {
        id
        titleAr
        titleFr
        seats
        holders {
          id
          version
          startsOn
          attestedOn
          status
          person {
            id
            fullNameAr
            fullNameLatin
          }
        }
      }
      vacancies {
        vacantSeats
        knownVacantSeats
        holderUnknownSeats
        position {
          id
        }
      }
    }
  }
`);

const MeetingsQuery = graphql(`
  query UnitPageMeetings($code: String!, $after: String) {
    orgUnit(code: $code) {
      id
      meetings(first: 10, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            date
            kind
            status
            titleAr
            titleFr
          }
        }
      }
    }
  }
`);

const FollowUpQuery = graphql(`
  query UnitPageFollowUp($unitId: ID!) {
    meetingSeriesList(filter: { unit: $unitId }, first: 50) {
      edges {
        node {
          id
          titleAr
          titleFr
          organizingUnit {
            id
          }
          coverage {
            targets
            reached
            ratio
            missing(first: 20) {
              totalCount
              edges {
                node {
                  id
                  code
                  nameAr
                  nameFr
                }
              }
            }
          }
        }
      }
    }
    openOutcomes: outcomes(filter: { under: $unitId, status: OPEN }, first: 20) {
      totalCount
      edges {
        node {
          id
          kind
          textAr
          textFr
          dueOn
          meeting {
            id
            date
            titleAr
            titleFr
          }
          ownerPerson {
            id
            fullNameAr
            fullNameLatin
          }
          ownerUnit {
            id
            nameAr
            nameFr
          }
        }
      }
    }
    overdueOutcomes: outcomes(filter: { under: $unitId, overdue: true }, first: 0) {
      totalCount
    }
    endedMandates: mandates(filter: { under: $unitId }, first: 100) {
      edges {
        node {
          id
          startsOn
          attestedOn
          endsOn
          endReason
          person {
            id
            fullNameAr
            fullNameLatin
          }
          position {
            id
            titleAr
            titleFr
            unit {
              id
            }
          }
        }
      }
    }
  }
`);

type Unit = UnitPageQuery['orgUnit'];
type Meeting = UnitPageMeetingsQuery['orgUnit']['meetings']['edges'][number]['node'];

const listStyle = { listStyle: 'none', padding: 0, margin: 0 } as const;

/**
 * A unit on a chosen day: its names, level and parent, its posts with their holders and vacant
 * seats (appoint, replace, end a mandate from here), its meetings newest first, the series it
 * organises with their coverage, and the outcomes still open in its subtree.
 */
export default function UnitPage() {
  const t = useMessages(unitMessages);
  const r = useMessages(recordMessages);
  const { language, formatDay } = useI18n();
  const params = useParams<{ code: string }>();
  const code = decodeURIComponent(params.code ?? '');
  const [asOf, setAsOf] = useState(moroccoToday);
  const [appointing, setAppointing] = useState<AppointTarget | null>(null);
  const [ending, setEnding] = useState<EndTarget | null>(null);
  const [{ data, error, fetching }, refetchUnit] = useQuery({
    query: UnitQuery,
    variables: { code, asOf },
  });
  const unit = data?.orgUnit;
  const [followUp, refetchFollowUp] = useQuery({
    query: FollowUpQuery,
    variables: { unitId: unit?.id ?? '' },
    pause: !unit,
  });

  const problems = problemsOf(error);
  if (problems.some((p) => p.code === 'NOT_FOUND')) {
    return (
      <Stack>
        <Title order={2}>{code}</Title>
        <Alert color="yellow" role="alert">
          {t('notFound')}
        </Alert>
        <Anchor component={Link} href="/">
          {t('backHome')}
        </Anchor>
      </Stack>
    );
  }
  if (!unit) {
    return fetching ? (
      <PageLoader />
    ) : (
      <Alert color="red" role="alert">
        {problems.map((p) => mandateProblemText(p, t)).join(' ')}
      </Alert>
    );
  }

  const refresh = () => {
    setAppointing(null);
    setEnding(null);
    refetchUnit({ requestPolicy: 'network-only' });
    refetchFollowUp({ requestPolicy: 'network-only' });
  };
  const other = language === 'ar' ? unit.nameFr : unit.nameAr;
  const ended = (followUp.data?.endedMandates.edges ?? [])
    .map((e) => e.node)
    .filter((m) => m.endsOn && m.position.unit.id === unit.id);
  const series = (followUp.data?.meetingSeriesList.edges ?? [])
    .map((e) => e.node)
    .filter((s) => s.organizingUnit.id === unit.id);

  return (
    <Stack>
      <div>
        <Title order={2}>{pick(language, unit.nameAr, unit.nameFr)}</Title>
        {other && (
          // The other script keeps its own direction, on the page's side.
          <Text c="gray.7">
            <bdi lang={language === 'ar' ? 'fr' : 'ar'}>{other}</bdi>
          </Text>
        )}
      </div>
      <Group gap="xs">
        <Badge variant="light" color="gray" aria-label={`${t('level')}: ${r(unit.level)}`}>
          {r(unit.level)}
        </Badge>
        <Text size="sm" c="gray.7" dir="ltr">
          {unit.code}
        </Text>
        {unit.status !== 'ACTIVE' && (
          <Badge color="red" variant="light">
            {t('dissolved')}
          </Badge>
        )}
      </Group>
      {unit.parent && (
        <Text size="sm">
          {t('parent')}:{' '}
          <Anchor component={Link} href={`/units/${encodeURIComponent(unit.parent.code)}`} c="teal.9">
            {pick(language, unit.parent.nameAr, unit.parent.nameFr)}
          </Anchor>
        </Text>
      )}
      <TextInput
        type="date"
        label={t('asOf')}
        value={asOf}
        max="9999-12-31"
        maw={220}
        onChange={(event) => {
          if (event.currentTarget.value) setAsOf(event.currentTarget.value);
        }}
      />

      <Posts unit={unit} onAppoint={setAppointing} onEnd={setEnding} />

      {ended.length > 0 && (
        <section aria-labelledby="unit-ended">
          <Title order={3} size="h4" id="unit-ended" mb="xs">
            {t('endedTitle')}
          </Title>
          <Stack gap={4} component="ul" style={listStyle}>
            {ended.map((m) => (
              <Text component="li" size="sm" key={m.id}>
                <Text span c="gray.7">
                  {pick(language, m.position.titleAr, m.position.titleFr)}:{' '}
                </Text>
                <Anchor component={Link} href={`/people/${m.person.id}`} c="teal.9">
                  {pick(language, m.person.fullNameAr, m.person.fullNameLatin)}
                </Anchor>{' '}
                · <Term startsOn={m.startsOn} attestedOn={m.attestedOn} endsOn={m.endsOn} />
                {m.endReason ? ` · ${r(m.endReason)}` : ''}
              </Text>
            ))}
          </Stack>
        </section>
      )}

      <Meetings code={unit.code} />

      <section aria-labelledby="unit-series">
        <Title order={3} size="h4" id="unit-series" mb="xs">
          {t('seriesTitle')}
        </Title>
        {followUp.data && series.length === 0 && (
          <Text size="sm" c="gray.7">
            {t('noSeries')}
          </Text>
        )}
        <Stack gap="sm">
          {series.map((s) => {
            const title = pick(language, s.titleAr, s.titleFr);
            return (
              <Card withBorder padding="sm" key={s.id}>
                <Text fw={600}>{title}</Text>
                <Text size="sm">
                  {t('coverage', { reached: s.coverage.reached, targets: s.coverage.targets })}
                </Text>
                <Progress
                  value={Math.round(s.coverage.ratio * 100)}
                  color="teal"
                  mt={4}
                  aria-label={t('coverageLabel', { title })}
                />
                {s.coverage.missing.totalCount > 0 && (
                  <Text size="sm" mt={4}>
                    {t('missing')}{' '}
                    {s.coverage.missing.edges.map(({ node }, i) => (
                      <span key={node.id}>
                        {i > 0 && '، '}
                        <Anchor component={Link} href={`/units/${encodeURIComponent(node.code)}`} c="teal.9">
                          {pick(language, node.nameAr, node.nameFr)}
                        </Anchor>
                      </span>
                    ))}
                  </Text>
                )}
              </Card>
            );
          })}
        </Stack>
      </section>

      <section aria-labelledby="unit-outcomes">
        <Group gap="xs" mb="xs">
          <Title order={3} size="h4" id="unit-outcomes">
            {t('outcomesTitle')}
          </Title>
          {(followUp.data?.overdueOutcomes.totalCount ?? 0) > 0 && (
            <Badge color="red">
              {t('overdueCount', { count: followUp.data?.overdueOutcomes.totalCount ?? 0 })}
            </Badge>
          )}
        </Group>
        {followUp.data?.openOutcomes.totalCount === 0 && (
          <Text size="sm" c="gray.7">
            {t('noOutcomes')}
          </Text>
        )}
        <Stack gap="xs" component="ul" style={listStyle}>
          {(followUp.data?.openOutcomes.edges ?? []).map(({ node: o }) => {
            const overdue = !!o.dueOn && o.dueOn < moroccoToday();
            const owner = o.ownerPerson
              ? pick(language, o.ownerPerson.fullNameAr, o.ownerPerson.fullNameLatin)
              : o.ownerUnit
                ? pick(language, o.ownerUnit.nameAr, o.ownerUnit.nameFr)
                : null;
            return (
              <Card component="li" withBorder padding="xs" key={o.id}>
                <Group gap="xs">
                  <Badge variant="light" color="gray">
                    {r(o.kind)}
                  </Badge>
                  {overdue && <Badge color="red">{t('overdue')}</Badge>}
                </Group>
                <Text size="sm" mt={4}>
                  {pick(language, o.textAr, o.textFr)}
                </Text>
                <Group gap="md" mt={4}>
                  {o.dueOn && <Text size="xs">{t('due', { date: formatDay(o.dueOn) })}</Text>}
                  {owner && <Text size="xs">{t('owner', { name: owner })}</Text>}
                  <Anchor component={Link} href={`/meetings/${o.meeting.id}`} size="xs" c="teal.9">
                    {t('fromMeeting')}: {pick(language, o.meeting.titleAr, o.meeting.titleFr)}
                  </Anchor>
                </Group>
              </Card>
            );
          })}
        </Stack>
      </section>

      {appointing && (
        <AppointModal
          target={appointing}
          defaultDay={asOf}
          onClose={() => setAppointing(null)}
          onDone={refresh}
        />
      )}
      {ending && (
        <EndMandateModal target={ending} defaultDay={asOf} onClose={() => setEnding(null)} onDone={refresh} />
      )}
    </Stack>
  );
}

function Posts({
  unit,
  onAppoint,
  onEnd,
}: {
  unit: Unit;
  onAppoint: (target: AppointTarget) => void;
  onEnd: (target: EndTarget) => void;
}) {
  const t = useMessages(unitMessages);
  const r = useMessages(recordMessages);
  const { language } = useI18n();
  const vacant = new Map(unit.vacancies.map((v) => [v.position.id, v.vacantSeats]));
  const vacancyOf = new Map(unit.vacancies.map((v) => [v.position.id, v]));
  return (
    <section aria-labelledby="unit-posts">
      <Title order={3} size="h4" id="unit-posts" mb="xs">
        {t('postsTitle')}
      </Title>
      {unit.positions.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('noPosts')}
        </Text>
      )}
      <Stack gap="sm" component="ul" style={listStyle}>
        {unit.positions.map((post) => {
          const title = pick(language, post.titleAr, post.titleFr);
          const seatsFree = vacant.get(post.id) ?? 0;
          const holders = post.holders.map((m) => ({
            mandateId: m.id,
            name: pick(language, m.person.fullNameAr, m.person.fullNameLatin),
          }));
          const full = seatsFree === 0 && post.holders.length > 0;
          return (
            <Card component="li" withBorder padding="sm" key={post.id} aria-label={title}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs">
                  <Text fw={600}>{title}</Text>
                  {post.seats > 1 && (
                    <Text size="sm" c="gray.7">
                      ({t('seats', { count: post.seats })})
                    </Text>
                  )}
                </Group>
                {unit.status === 'ACTIVE' && (
                  <Button
                    size="xs"
                    variant={full ? 'default' : 'filled'}
                    aria-label={`${full ? t('replace') : t('appoint')}: ${title}`}
                    onClick={() => onAppoint({ positionId: post.id, title, holders, full })}
                  >
                    {full ? t('replace') : t('appoint')}
                  </Button>
                )}
              </Group>
              <Stack gap={6} mt="xs">
                {post.holders.map((m) => {
                  const name = pick(language, m.person.fullNameAr, m.person.fullNameLatin);
                  return (
                    <Group key={m.id} justify="space-between" wrap="wrap" gap="xs">
                      <Text size="sm">
                        <Anchor component={Link} href={`/people/${m.person.id}`} c="teal.9">
                          {name}
                        </Anchor>{' '}
                        <Text span size="xs" c="gray.7">
                          · <Term startsOn={m.startsOn} attestedOn={m.attestedOn} />
                        </Text>{' '}
                        {m.status !== 'ACTIVE' && (
                          <Badge size="sm" variant="light">
                            {r(m.status)}
                          </Badge>
                        )}
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        c="red.9"
                        aria-label={`${t('endMandate')}: ${name}`}
                        onClick={() => onEnd({ mandateId: m.id, version: m.version, name })}
                      >
                        {t('endMandate')}
                      </Button>
                    </Group>
                  );
                })}
                {seatsFree > 0 && <SeatBadges {...vacancyOf.get(post.id)!} />}
              </Stack>
            </Card>
          );
        })}
      </Stack>
    </section>
  );
}

/** The unit's meetings, newest first, ten at a time. */
function Meetings({ code }: { code: string }) {
  const t = useMessages(unitMessages);
  const r = useMessages(recordMessages);
  const { language, formatDay } = useI18n();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching }] = useQuery({ query: MeetingsQuery, variables: { code, after } });
  const page = data?.orgUnit.meetings;
  const meetings: Meeting[] = useRowsSoFar(page?.edges, after);

  return (
    <PagedList
      id="unit-meetings"
      title={t('meetingsTitle')}
      count={page ? t('meetingCount', { count: page.totalCount }) : undefined}
      empty={page?.totalCount === 0 ? t('noMeetings') : undefined}
      more={
        page?.pageInfo.hasNextPage
          ? {
              label: t('loadMore'),
              loading: fetching,
              onClick: () => setAfter(page.pageInfo.endCursor ?? null),
            }
          : undefined
      }
    >
      {meetings.map((m) => (
        <Card component="li" withBorder padding="xs" key={m.id}>
          <Anchor component={Link} href={`/meetings/${m.id}`} c="teal.9" fw={600}>
            {pick(language, m.titleAr, m.titleFr) || r(m.kind === 'OTHER' ? 'OTHER_MEETING' : m.kind)}
          </Anchor>
          <Group gap="xs" mt={2}>
            <Text size="sm">{formatDay(m.date)}</Text>
            <Badge variant="light" color="gray" size="sm">
              {r(m.kind === 'OTHER' ? 'OTHER_MEETING' : m.kind)}
            </Badge>
            {m.status !== 'HELD' && (
              <Badge variant="light" size="sm">
                {r(m.status)}
              </Badge>
            )}
          </Group>
        </Card>
      ))}
    </PagedList>
  );
}
