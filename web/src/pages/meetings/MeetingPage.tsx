import { Alert, Anchor, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { problemsOf } from '../../api/errors';
import { PageLoader } from '../../app/App';
import { graphql } from '../../gql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { moroccoWallClock } from '../../ui/morocco-time';
import { pick } from '../../ui/names';
import { meetingMessages } from './messages';

const MeetingQuery = graphql(`
  query MeetingPage($id: ID!) {
    meeting(id: $id) {
      id
      kind
      status
      titleAr
      titleFr
      summaryAr
      summaryFr
      date
      startsAt
      endsAt
      partOfDay
      place
      convener {
        id
        code
        nameAr
        nameFr
      }
      units {
        role
        unit {
          id
          code
          nameAr
          nameFr
        }
      }
      participants {
        id
        role
        invited
        attendance
        guestName
        person {
          id
          fullNameAr
          fullNameLatin
        }
        representedUnit {
          id
          code
          nameAr
          nameFr
        }
      }
      agenda {
        position
        titleAr
        titleFr
        notes
      }
      outcomes {
        id
        kind
        status
        textAr
        textFr
        dueOn
        ownerPerson {
          id
          fullNameAr
          fullNameLatin
        }
        ownerUnit {
          id
          code
          nameAr
          nameFr
        }
      }
      sources {
        title
        author
        url
        note
        publishedOn
      }
      series {
        id
        titleAr
        titleFr
      }
    }
  }
`);

/** The hour of an instant in Morocco. */
function moroccoTime(instant: string, language: string): string {
  return new Intl.DateTimeFormat(`${language}-MA-u-nu-latn`, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(moroccoWallClock(instant));
}

/** One meeting: when, who convened it and with which units, who took part, what was decided, where it is told. */
export default function MeetingPage({ params }: { params: { id: string } }) {
  const t = useMessages(meetingMessages);
  const { language, formatDay } = useI18n();
  const [{ data, error, fetching }] = useQuery({ query: MeetingQuery, variables: { id: params.id } });
  if (!data) {
    if (fetching) return <PageLoader />;
    const [problem] = problemsOf(error);
    return (
      <Alert color="red" role="alert">
        {problem?.code === 'NOT_FOUND' || !problem ? t('meetingNotFound') : problem.message}
      </Alert>
    );
  }
  const m = data.meeting;
  const unitLink = (unit: { code: string; nameAr: string; nameFr: string }) => (
    <Anchor component={Link} href={`/units/${encodeURIComponent(unit.code)}`} c="teal.9">
      {pick(language, unit.nameAr, unit.nameFr)}
    </Anchor>
  );
  const personLink = (person: { id: string; fullNameAr?: string | null; fullNameLatin?: string | null }) => (
    <Anchor component={Link} href={`/people/${person.id}`} c="teal.9">
      {pick(language, person.fullNameAr, person.fullNameLatin)}
    </Anchor>
  );
  const when = [
    formatDay(m.date),
    m.startsAt && m.endsAt
      ? t('fromTo', { start: moroccoTime(m.startsAt, language), end: moroccoTime(m.endsAt, language) })
      : m.startsAt
        ? t('at', { time: moroccoTime(m.startsAt, language) })
        : m.partOfDay
          ? t(m.partOfDay)
          : null,
  ]
    .filter(Boolean)
    .join(language === 'ar' ? '، ' : ', ');
  const summary = pick(language, m.summaryAr, m.summaryFr);
  const others = m.units.filter((u) => u.role !== 'CONVENING');

  return (
    <Stack maw={960}>
      <Title order={2}>{pick(language, m.titleAr, m.titleFr)}</Title>
      <Group gap="xs">
        <Badge variant="outline" color="teal.9">
          {t(m.kind)}
        </Badge>
        <Badge variant="outline" color="gray.8">
          {t(m.status)}
        </Badge>
      </Group>
      <Text>
        {when}
        {m.place ? ` · ${m.place}` : ''}
      </Text>
      {/* null when the convening unit is outside the reader's scope (a local secretary invited above). */}
      {m.convener && (
        <Text>
          <Text span c="dimmed">
            {t('convenedBy')}:{' '}
          </Text>
          {unitLink(m.convener)}
        </Text>
      )}
      {m.series && (
        <Text>
          <Text span c="dimmed">
            {t('seriesLabel')}:{' '}
          </Text>
          {pick(language, m.series.titleAr, m.series.titleFr)}
        </Text>
      )}
      {summary && (
        <Block title={t('summaryHeading')}>
          <Text>{summary}</Text>
        </Block>
      )}
      {others.length > 0 && (
        <Block title={t('sectionUnits')}>
          <List>
            {others.map((u) => (
              <List.Item key={u.unit.id}>
                {unitLink(u.unit)} — {t(u.role)}
              </List.Item>
            ))}
          </List>
        </Block>
      )}
      <Block
        title={`${t('sectionParticipants')} (${t('participantsCount', { count: m.participants.length })})`}
      >
        {m.participants.length === 0 ? (
          <Text c="dimmed">{t('noneRecorded')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped aria-label={t('sectionParticipants')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sectionParticipants')}</Table.Th>
                  <Table.Th>{t('role')}</Table.Th>
                  <Table.Th>{t('represents')}</Table.Th>
                  <Table.Th>{t('attendance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.participants.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {p.person ? personLink(p.person) : p.guestName}
                      {!p.person && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({t('guest')})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{t(p.role)}</Table.Td>
                    <Table.Td>{p.representedUnit ? unitLink(p.representedUnit) : '—'}</Table.Td>
                    <Table.Td>
                      {p.attendance ? t(p.attendance) : t('attendanceUnknown')}
                      {p.invited ? ` · ${t('invited')}` : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Block>
      {m.agenda.length > 0 && (
        <Block title={t('sectionAgenda')}>
          <List type="ordered">
            {m.agenda.map((item) => (
              <List.Item key={item.position}>
                {pick(language, item.titleAr, item.titleFr)}
                {item.notes ? (
                  <Text size="sm" c="dimmed">
                    {item.notes}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        </Block>
      )}
      {m.outcomes.length > 0 && (
        <Block title={t('sectionOutcomes')}>
          <Stack gap="xs">
            {m.outcomes.map((o) => (
              <Card withBorder padding="sm" key={o.id}>
                <Group gap="xs" mb={4}>
                  <Badge variant="outline" color="gray.8">
                    {t(o.kind)}
                  </Badge>
                  <Badge variant="outline" color={o.status === 'OPEN' ? 'orange.9' : 'teal.9'}>
                    {t(o.status)}
                  </Badge>
                </Group>
                <Text>{pick(language, o.textAr, o.textFr)}</Text>
                {(o.ownerUnit || o.ownerPerson) && (
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('owner')}:{' '}
                    </Text>
                    {o.ownerUnit ? unitLink(o.ownerUnit) : personLink(o.ownerPerson!)}
                  </Text>
                )}
                {o.dueOn && (
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('due')}:{' '}
                    </Text>
                    {formatDay(o.dueOn)}
                  </Text>
                )}
              </Card>
            ))}
          </Stack>
        </Block>
      )}
      {m.sources.length > 0 && (
        <Block title={t('sectionSources')}>
          <List>
            {m.sources.map((s, i) => (
              <List.Item key={i}>
                {s.url ? (
                  <Anchor href={s.url} target="_blank" rel="noreferrer noopener" c="teal.9">
                    {s.title || s.url}
                  </Anchor>
                ) : (
                  s.title
                )}
                {s.author ? ` — ${s.author}` : ''}
                {s.publishedOn ? ` (${formatDay(s.publishedOn)})` : ''}
                {s.note ? (
                  <Text size="sm" c="dimmed">
                    {s.note}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        </Block>
      )}
    </Stack>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}
