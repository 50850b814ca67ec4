import { Checkbox, Loader, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { MandateStatus } from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { newIdempotencyKey } from '../../ui/idempotency';
import { pick } from '../../ui/names';
import { recordMessages, unitMessages } from './messages';
import { MandateDialog, useMandateProblems } from './MandateDialog';

const PeopleSearch = graphql(`
  query UnitPageAppointPeople($search: String!) {
    people(filter: { search: $search }, first: 10) {
      edges {
        node {
          id
          fullNameAr
          fullNameLatin
          homeUnit {
            id
            nameAr
            nameFr
          }
        }
      }
    }
  }
`);

const Appoint = graphql(`
  mutation UnitPageAppoint($input: AppointInput!) {
    appoint(input: $input) {
      id
      startsOn
      attestedOn
      endsOn
      status
      person {
        id
      }
    }
  }
`);

export interface AppointTarget {
  positionId: string;
  title: string;
  /** Who holds the post's seats on the day read: replacing one of them ends their mandate. */
  holders: Array<{ mandateId: string; name: string }>;
  full: boolean;
}

const FIELDS = ['personId', 'startsOn', 'attestedOn', 'source', 'status', 'replacedMandateId'] as const;
const STATUSES: MandateStatus[] = ['ACTIVE', 'ACTING'];

/**
 * Appoints someone to a post: a person found as the name is typed (the API's Arabic-aware search),
 * the start (or a day the mandate is attested when the start is unknown), the source, and on a full
 * post "replace the current holder". The idempotency key lives as long as the dialog: a double click
 * or a retry after a lost answer appoints once.
 */
export function AppointModal({
  target,
  defaultDay,
  onClose,
  onDone,
}: {
  target: AppointTarget;
  defaultDay: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(unitMessages);
  const r = useMessages(recordMessages);
  const { language } = useI18n();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [personId, setPersonId] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(defaultDay);
  const [attestedOn, setAttestedOn] = useState('');
  const [source, setSource] = useState('');
  const [status, setStatus] = useState<MandateStatus>('ACTIVE');
  const [replaceCurrent, setReplaceCurrent] = useState(false);
  const [replacedMandateId, setReplacedMandateId] = useState<string | null>(
    target.holders.length === 1 ? target.holders[0].mandateId : null,
  );
  const [local, setLocal] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});

  const [{ data: found, fetching: searching }] = useQuery({
    query: PeopleSearch,
    variables: { search: debounced },
    pause: debounced.length < 2,
  });
  const options = useMemo(
    () =>
      (found?.people.edges ?? []).map(({ node }) => ({
        value: node.id,
        label:
          pick(language, node.fullNameAr, node.fullNameLatin) +
          (node.homeUnit ? ` · ${pick(language, node.homeUnit.nameAr, node.homeUnit.nameFr)}` : ''),
      })),
    [found, language],
  );
  // The chosen person stays an option while the list follows the typing.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const data = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;

  const [{ fetching: saving, error }, appoint] = useMutation(Appoint);
  const { fieldError, generalText } = useMandateProblems(error, FIELDS, local);

  async function submit() {
    const missing: typeof local = {};
    if (!personId) missing.personId = t('errRequired');
    if (!startsOn && !attestedOn) missing.startsOn = t('errStartOrAttested');
    setLocal(missing);
    if (Object.keys(missing).length > 0 || !personId) return;
    const result = await appoint(
      {
        input: {
          positionId: target.positionId,
          personId,
          startsOn: startsOn || null,
          attestedOn: attestedOn || null,
          source: source.trim() || null,
          status,
          replaceCurrent: target.full && replaceCurrent,
          replacedMandateId: target.full && replaceCurrent ? replacedMandateId : null,
          idempotencyKey,
        },
      },
      { additionalTypenames: ['Mandate'] },
    );
    if (result.data) onDone();
  }

  return (
    <MandateDialog
      title={t('appointOn', { post: target.title })}
      generalText={generalText}
      submitLabel={t('save')}
      busy={saving}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <Select
        label={t('person')}
        description={t('personHint')}
        searchable
        required
        data={data}
        value={personId}
        searchValue={search}
        onSearchChange={setSearch}
        onChange={(value, option) => {
          setPersonId(value);
          setChosen(value ? option : null);
        }}
        // The API already matched every spelling; filtering again here would drop them.
        filter={({ options: all }) => all}
        nothingFoundMessage={debounced.length >= 2 && !searching ? t('nobodyFound') : undefined}
        rightSection={searching ? <Loader size="xs" /> : undefined}
        error={fieldError('personId')}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        type="date"
        label={t('startsOn')}
        value={startsOn}
        max="9999-12-31"
        onChange={(event) => setStartsOn(event.currentTarget.value)}
        error={fieldError('startsOn')}
      />
      <TextInput
        type="date"
        label={t('attestedOnField')}
        description={t('attestedOnHint')}
        value={attestedOn}
        max="9999-12-31"
        onChange={(event) => setAttestedOn(event.currentTarget.value)}
        error={fieldError('attestedOn')}
      />
      <TextInput
        label={t('source')}
        description={t('sourceHint')}
        value={source}
        onChange={(event) => setSource(event.currentTarget.value)}
        error={fieldError('source')}
      />
      <Select
        label={t('status')}
        data={STATUSES.map((value) => ({ value, label: r(value) }))}
        value={status}
        onChange={(value) => value && setStatus(value as MandateStatus)}
        allowDeselect={false}
        error={fieldError('status')}
      />
      {target.full && (
        <>
          <Checkbox
            label={t('replaceCurrent')}
            description={
              target.holders.length === 1
                ? t('replaceCurrentHint', { name: target.holders[0].name })
                : undefined
            }
            checked={replaceCurrent}
            onChange={(event) => setReplaceCurrent(event.currentTarget.checked)}
          />
          {replaceCurrent && target.holders.length > 1 && (
            <Select
              label={t('replacedMandate')}
              data={target.holders.map((h) => ({ value: h.mandateId, label: h.name }))}
              value={replacedMandateId}
              onChange={setReplacedMandateId}
              error={fieldError('replacedMandateId')}
            />
          )}
        </>
      )}
    </MandateDialog>
  );
}
