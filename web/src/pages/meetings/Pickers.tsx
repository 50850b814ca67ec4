import { Button, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { pick } from '../../ui/names';
import type { NamedUnit } from './draft';
import { meetingMessages } from './messages';

const UnitSearch = graphql(`
  query RecordMeetingUnitSearch($search: String!) {
    orgUnits(filter: { search: $search }, first: 8) {
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
`);

const PersonSearch = graphql(`
  query RecordMeetingPersonSearch($search: String!) {
    people(filter: { search: $search }, first: 8) {
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

interface Choice {
  id: string;
  label: string;
}

/**
 * A search box whose results are buttons: typing searches the API as-you-type (its Arabic-aware
 * search: any spelling, with or without tatweel), a click picks the result and empties the box.
 */
function SearchPicker({
  label,
  error,
  search,
  onSearch,
  fetching,
  choices,
  onPick,
}: {
  label: string;
  error?: string;
  search: string;
  onSearch: (text: string) => void;
  fetching: boolean;
  choices: Choice[] | null;
  onPick: (id: string) => void;
}) {
  const t = useMessages(meetingMessages);
  return (
    <div>
      <TextInput
        label={label}
        description={t('searchHint')}
        value={search}
        error={error}
        type="search"
        onChange={(event) => onSearch(event.currentTarget.value)}
        rightSection={fetching ? <Loader size="xs" /> : null}
      />
      {choices && (
        <Paper withBorder p={4} mt={4} aria-live="polite" aria-label={label} role="group">
          {choices.length === 0 ? (
            <Text size="sm" c="dimmed" p={4}>
              {t('noResults')}
            </Text>
          ) : (
            <Stack gap={0}>
              {choices.map((choice) => (
                <Button
                  key={choice.id}
                  variant="subtle"
                  justify="flex-start"
                  color="teal.9"
                  onClick={() => {
                    onSearch('');
                    onPick(choice.id);
                  }}
                >
                  {choice.label}
                </Button>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </div>
  );
}

/**
 * What is typed in a picker and the search it asks for: trimmed, after a pause in the typing, and only
 * from two letters on, so a search is not sent for each key.
 */
function useTypedSearch() {
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 250);
  return { text, setText, search, ready: search.length >= 2 && search === text.trim() };
}

/** Finds a unit of the caller's scope by any spelling of its name or its code. */
export function UnitPicker({
  label,
  error,
  onPick,
}: {
  label: string;
  error?: string;
  onPick: (unit: NamedUnit) => void;
}) {
  const { language } = useI18n();
  const { text, setText, search, ready } = useTypedSearch();
  const [{ data, fetching }] = useQuery({ query: UnitSearch, variables: { search }, pause: !ready });
  const nodes = ready && data ? data.orgUnits.edges.map((edge) => edge.node) : null;
  return (
    <SearchPicker
      label={label}
      error={error}
      search={text}
      onSearch={setText}
      fetching={fetching}
      choices={
        nodes?.map((node) => ({ id: node.id, label: pick(language, node.nameAr, node.nameFr) })) ?? null
      }
      onPick={(id) => {
        const node = nodes?.find((n) => n.id === id);
        if (node) onPick({ id: node.id, nameAr: node.nameAr, nameFr: node.nameFr });
      }}
    />
  );
}

export interface PickedPerson {
  id: string;
  fullNameAr: string | null;
  fullNameLatin: string | null;
}

/** Finds a person of the caller's scope by any spelling of their name. */
export function PersonPicker({
  label,
  error,
  onPick,
}: {
  label: string;
  error?: string;
  onPick: (person: PickedPerson) => void;
}) {
  const { language } = useI18n();
  const { text, setText, search, ready } = useTypedSearch();
  const [{ data, fetching }] = useQuery({ query: PersonSearch, variables: { search }, pause: !ready });
  const nodes = ready && data ? data.people.edges.map((edge) => edge.node) : null;
  return (
    <SearchPicker
      label={label}
      error={error}
      search={text}
      onSearch={setText}
      fetching={fetching}
      choices={
        nodes?.map((node) => ({ id: node.id, label: pick(language, node.fullNameAr, node.fullNameLatin) })) ??
        null
      }
      onPick={(id) => {
        const node = nodes?.find((n) => n.id === id);
        if (node) onPick(node);
      }}
    />
  );
}
