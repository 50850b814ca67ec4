import { Alert, Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link, useParams } from 'wouter';
import { problemsOf } from '../../api/errors';
import { PageLoader } from '../../app/App';
import { graphql } from '../../gql';
import type { PersonPageMeetingsQuery, PersonPageQuery } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { PagedList } from '../../ui/PagedList';
import { useRowsSoFar } from '../../ui/paging';
import { moroccoToday } from '../../ui/morocco-time';
import { pick } from '../../ui/names';
import { recordMessages } from '../unit/messages';
import { Term } from '../unit/Term';
import { personMessages } from './messages';

const PersonQuery = graphql(`
  query PersonPage($id: ID!) {
    person(id: $id) {
      id
      fullNameAr
      fullNameLatin
      membershipNumber
      homeUnit {
        id
        code
        nameAr
        nameFr
      }
      contact {
        phone
        email
        address
      }
      mandates {
        id
        startsOn
        attestedOn
        endsOn
        endReason
        status
        position {
          id
          titleAr
          titleFr
          unit {
            id
            code
            nameAr
            nameFr
          }
        }
      }
    }
  }
`);

const MeetingsQuery = graphql(`
  query PersonPageMeetings($id: ID!, $after: String) {
    person(id: $id) {
      id
      participations(first: 10, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            role
            attendance
            representedUnit {
              id
              nameAr
              nameFr
            }
            meeting {
              id
              date
              kind
              titleAr
              titleFr
            }
          }
        }
      }
    }
  }
`);

type Mandate = PersonPageQuery['person']['mandates'][number];
type Participation = PersonPageMeetingsQuery['person']['participations']['edges'][number]['node'];

/**
 * A person: names in both scripts, home unit, mandates over time, meetings taken part in, and
 * contact data only when the API returns it (it answers null without a contact grant: nothing shown).
 */
export default function PersonPage() {
  const t = useMessages(personMessages);
  const { language } = useI18n();
  const { id = '' } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: PersonQuery, variables: { id } });
  const problems = problemsOf(error);

  if (problems.some((p) => p.code === 'NOT_FOUND' || p.code === 'BAD_USER_INPUT')) {
    return (
      <Stack>
        <Title order={2}>{t('notFound')}</Title>
        <Anchor component={Link} href="/">
          {t('backHome')}
        </Anchor>
      </Stack>
    );
  }
  const person = data?.person;
  if (!person) {
    return fetching ? (
      <PageLoader />
    ) : (
      <Alert color="red" role="alert">
        {t('error')}
      </Alert>
    );
  }

  const name = pick(language, person.fullNameAr, person.fullNameLatin);
  const other = language === 'ar' ? person.fullNameLatin : person.fullNameAr;
  const contact = person.contact;
  const hasContact = !!(contact?.phone || contact?.email || contact?.address);

  return (
    <Stack>
      <div>
        <Title order={2}>{name}</Title>
        {other && other !== name && (
          // The other script keeps its own direction, on the page's side.
          <Text c="gray.7">
            <bdi lang={language === 'ar' ? 'fr' : 'ar'}>{other}</bdi>
          </Text>
        )}
      </div>
      {person.homeUnit && (
        <Text size="sm">
          {t('homeUnit')}:{' '}
          <Anchor component={Link} href={`/units/${encodeURIComponent(person.homeUnit.code)}`} c="teal.9">
            {pick(language, person.homeUnit.nameAr, person.homeUnit.nameFr)}
          </Anchor>
        </Text>
      )}
      {person.membershipNumber && (
        <Text size="sm">
          {t('membershipNumber')}: <span dir="ltr">{person.membershipNumber}</span>
        </Text>
      )}
      {hasContact && contact && (
        <section aria-labelledby="person-contact">
          <Card withBorder padding="sm">
            <Title order={3} size="h4" id="person-contact" mb="xs">
              {t('contactTitle')}
            </Title>
            <Stack gap={4}>
              {contact.phone && (
                <Text size="sm">
                  {t('phone')}:{' '}
                  <Anchor href={`tel:${contact.phone}`} dir="ltr" c="teal.9">
                    {contact.phone}
                  </Anchor>
                </Text>
              )}
              {contact.email && (
                <Text size="sm">
                  {t('email')}:{' '}
                  <Anchor href={`mailto:${contact.email}`} dir="ltr" c="teal.9">
                    {contact.email}
                  </Anchor>
                </Text>
              )}
              {contact.address && (
                <Text size="sm">
                  {t('address')}: {contact.address}
                </Text>
              )}
            </Stack>
          </Card>
        </section>
      )}

      <section aria-labelledby="person-mandates">
        <Title order={3} size="h4" id="person-mandates" mb="xs">
          {t('mandatesTitle')}
        </Title>
        {person.mandates.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('noMandates')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('post')}</Table.Th>
                  <Table.Th>{t('unit')}</Table.Th>
                  <Table.Th>{t('term')}</Table.Th>
                  <Table.Th>{t('attested')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {person.mandates.map((m) => (
                  <MandateRow key={m.id} mandate={m} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <Meetings id={person.id} />
    </Stack>
  );
}

/** One mandate: post, unit, term, the day it is attested, and whether it runs, ended or is to come. */
function MandateRow({ mandate: m }: { mandate: Mandate }) {
  const r = useMessages(recordMessages);
  const { language, formatDay } = useI18n();
  const day = moroccoToday();
  const ended = !!m.endsOn && m.endsOn < day;
  const upcoming = !!m.startsOn && m.startsOn > day;
  return (
    <Table.Tr>
      <Table.Td>{pick(language, m.position.titleAr, m.position.titleFr)}</Table.Td>
      <Table.Td>
        <Anchor component={Link} href={`/units/${encodeURIComponent(m.position.unit.code)}`} c="teal.9">
          {pick(language, m.position.unit.nameAr, m.position.unit.nameFr)}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Term startsOn={m.startsOn} endsOn={m.endsOn} />
      </Table.Td>
      <Table.Td>{m.attestedOn ? formatDay(m.attestedOn) : '—'}</Table.Td>
      <Table.Td>
        {ended ? (
          <Badge color="gray" variant="light">
            {r('ended')}
            {m.endReason ? ` · ${r(m.endReason)}` : ''}
          </Badge>
        ) : upcoming ? (
          <Badge variant="light">{r('upcoming')}</Badge>
        ) : (
          <Badge color="teal" variant="light">
            {r(m.status)}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The meetings the person took part in, newest first, ten at a time. */
function Meetings({ id }: { id: string }) {
  const t = useMessages(personMessages);
  const r = useMessages(recordMessages);
  const { language, formatDay } = useI18n();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching }] = useQuery({ query: MeetingsQuery, variables: { id, after } });
  const page = data?.person.participations;
  const items: Participation[] = useRowsSoFar(page?.edges, after);

  return (
    <PagedList
      id="person-meetings"
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
      {items.map((p) => {
        const kind = r(p.meeting.kind === 'OTHER' ? 'OTHER_MEETING' : p.meeting.kind);
        return (
          <Card component="li" withBorder padding="xs" key={p.id}>
            <Anchor component={Link} href={`/meetings/${p.meeting.id}`} c="teal.9" fw={600}>
              {pick(language, p.meeting.titleAr, p.meeting.titleFr) || kind}
            </Anchor>
            <Group gap="xs" mt={2}>
              <Text size="sm">{formatDay(p.meeting.date)}</Text>
              <Badge variant="light" color="gray" size="sm">
                {r(p.role)}
              </Badge>
              <Text size="sm">{p.attendance ? r(p.attendance) : r('attendanceUnknown')}</Text>
              {p.representedUnit && (
                <Text size="sm" c="gray.7">
                  {t('representing', {
                    unit: pick(language, p.representedUnit.nameAr, p.representedUnit.nameFr),
                  })}
                </Text>
              )}
            </Group>
          </Card>
        );
      })}
    </PagedList>
  );
}
