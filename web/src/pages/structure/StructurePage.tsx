import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { problemsOf } from '../../api/errors';
import { graphql } from '../../gql';
import type { StructureUnitsQuery } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { useRowsSoFar } from '../../ui/paging';
import { moroccoToday } from '../../ui/morocco-time';
import { pick } from '../../ui/names';
import { SeatBadges } from '../../ui/SeatBadges';
import { SearchBox } from './SearchBox';
import { structureMessages } from './messages';

const StructureUnits = graphql(`
  query StructureUnits($asOf: Date, $after: String) {
    orgUnits(asOf: $asOf, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          level
          nameAr
          nameFr
          parent {
            id
          }
          officials {
            id
            person {
              id
              fullNameAr
              fullNameLatin
            }
            position {
              id
              titleAr
              titleFr
            }
          }
          vacancies {
            knownVacantSeats
            holderUnknownSeats
            position {
              id
              titleAr
              titleFr
            }
          }
        }
      }
    }
  }
`);

type Unit = StructureUnitsQuery['orgUnits']['edges'][number]['node'];

/** The caller's subtree as an org chart on a chosen day: units, their officials, their vacant seats. */
export function StructurePage() {
  const t = useMessages(structureMessages);
  const [asOf, setAsOf] = useState(moroccoToday);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: StructureUnits, variables: { asOf, after } });
  const units: Unit[] = useRowsSoFar(data?.orgUnits.edges, after);

  const tree = useMemo(() => treeOf(units), [units]);
  const [problem] = problemsOf(error);

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <SearchBox />
      <Group align="end">
        <TextInput
          type="date"
          label={t('asOf')}
          value={asOf}
          max="9999-12-31"
          onChange={(event) => {
            if (!event.currentTarget.value) return;
            setAfter(null);
            setAsOf(event.currentTarget.value);
          }}
        />
        {data && (
          <Text size="sm" c="dimmed" pb={6}>
            {t('unitCount', { count: data.orgUnits.totalCount })}
          </Text>
        )}
      </Group>
      {problem && (
        <Alert color="red" role="alert">
          {problem.message}
        </Alert>
      )}
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {tree.roots.map((unit) => (
          <UnitNode key={unit.id} unit={unit} tree={tree} />
        ))}
      </Stack>
      {data?.orgUnits.pageInfo.hasNextPage && (
        <Button
          variant="light"
          loading={fetching}
          onClick={() => setAfter(data.orgUnits.pageInfo.endCursor ?? null)}
        >
          {t('loadMore')}
        </Button>
      )}
    </Stack>
  );
}

interface Tree {
  roots: Unit[];
  children: Map<string, Unit[]>;
}

/** Units in tree order become a forest: a unit whose parent is outside the page (or the scope) is a root. */
function treeOf(units: Unit[]): Tree {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string, Unit[]>();
  const roots: Unit[] = [];
  for (const unit of units) {
    const parentId = unit.parent?.id;
    if (parentId && ids.has(parentId)) children.set(parentId, [...(children.get(parentId) ?? []), unit]);
    else roots.push(unit);
  }
  return { roots, children };
}

function UnitNode({ unit, tree }: { unit: Unit; tree: Tree }) {
  const t = useMessages(structureMessages);
  const { language } = useI18n();
  const below = tree.children.get(unit.id) ?? [];
  return (
    <li>
      <Card withBorder padding="sm" radius="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} component={Link} href={`/units/${encodeURIComponent(unit.code)}`} c="teal.9">
            {pick(language, unit.nameAr, unit.nameFr)}
          </Text>
          <Badge variant="light" color="gray">
            {t(unit.level)}
          </Badge>
        </Group>
        <Stack gap={4} mt="xs">
          {unit.officials.map((mandate) => (
            <Text size="sm" key={mandate.id}>
              <Text span c="dimmed">
                {pick(language, mandate.position.titleAr, mandate.position.titleFr)}:{' '}
              </Text>
              <Text span component={Link} href={`/people/${mandate.person.id}`} c="teal.9" td="underline">
                {pick(language, mandate.person.fullNameAr, mandate.person.fullNameLatin)}
              </Text>
            </Text>
          ))}
          {unit.vacancies.map((vacancy) => (
            <Group gap="xs" key={vacancy.position.id}>
              <SeatBadges {...vacancy} />
              <Text size="sm">{pick(language, vacancy.position.titleAr, vacancy.position.titleFr)}</Text>
            </Group>
          ))}
          {unit.officials.length === 0 && unit.vacancies.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('noOfficials')}
            </Text>
          )}
        </Stack>
      </Card>
      {below.length > 0 && (
        <Stack
          gap="sm"
          component="ul"
          mt="sm"
          style={{
            listStyle: 'none',
            margin: 0,
            paddingInlineStart: 20,
            borderInlineStart: '2px solid var(--mantine-color-gray-3)',
          }}
        >
          {below.map((child) => (
            <UnitNode key={child.id} unit={child} tree={tree} />
          ))}
        </Stack>
      )}
    </li>
  );
}
