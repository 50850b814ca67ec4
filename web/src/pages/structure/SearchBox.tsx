import { Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../../gql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { pick } from '../../ui/names';
import { structureMessages } from './messages';

const Search = graphql(`
  query StructureSearch($search: String!) {
    orgUnits(filter: { search: $search }, first: 6) {
      edges {
        node {
          id
          code
          nameAr
          nameFr
        }
      }
    }
    people(filter: { search: $search }, first: 6) {
      edges {
        node {
          id
          fullNameAr
          fullNameLatin
        }
      }
    }
  }
`);

/** As-you-type search of units and people, through the API's Arabic-aware search (any spelling). */
export function SearchBox() {
  const t = useMessages(structureMessages);
  const { language } = useI18n();
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 250);
  const [{ data, fetching }] = useQuery({ query: Search, variables: { search }, pause: search.length < 2 });
  const units = data?.orgUnits.edges ?? [];
  const people = data?.people.edges ?? [];
  return (
    <div role="search">
      <TextInput
        label={t('search')}
        description={t('searchHint')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        rightSection={fetching ? <Loader size="xs" /> : null}
        type="search"
      />
      {search.length >= 2 && data && (
        <Paper withBorder p="sm" mt="xs" aria-live="polite">
          {units.length === 0 && people.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('noResults')}
            </Text>
          ) : (
            <Stack gap="xs">
              {units.length > 0 && (
                <Stack gap={2}>
                  <Text size="xs" fw={700} c="dimmed">
                    {t('units')}
                  </Text>
                  {units.map(({ node }) => (
                    <Text
                      key={node.id}
                      component={Link}
                      href={`/units/${encodeURIComponent(node.code)}`}
                      c="teal.9"
                    >
                      {pick(language, node.nameAr, node.nameFr)}
                    </Text>
                  ))}
                </Stack>
              )}
              {people.length > 0 && (
                <Stack gap={2}>
                  <Text size="xs" fw={700} c="dimmed">
                    {t('people')}
                  </Text>
                  {people.map(({ node }) => (
                    <Text key={node.id} component={Link} href={`/people/${node.id}`} c="teal.9">
                      {pick(language, node.fullNameAr, node.fullNameLatin)}
                    </Text>
                  ))}
                </Stack>
              )}
            </Stack>
          )}
        </Paper>
      )}
    </div>
  );
}
