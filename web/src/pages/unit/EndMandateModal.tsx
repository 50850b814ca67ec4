import { Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { MandateEndReason } from '../../gql/graphql';
import { useMessages } from '../../i18n/i18n';
import { recordMessages, unitMessages } from './messages';
import { MandateDialog, useMandateProblems } from './MandateDialog';

const EndMandate = graphql(`
  mutation UnitPageEndMandate($input: EndMandateInput!) {
    endMandate(input: $input) {
      id
      endsOn
      endReason
      version
    }
  }
`);

export interface EndTarget {
  mandateId: string;
  version: number;
  name: string;
}

const FIELDS = ['endsOn', 'endReason'] as const;
// REPLACED is written by appointing a successor, UNIT_DISSOLVED by dissolving the unit.
const REASONS: MandateEndReason[] = ['TERM_COMPLETED', 'RESIGNED', 'DISMISSED', 'DECEASED', 'OTHER'];

/** Ends a running mandate on a given last day, with its reason; the version read guards the change. */
export function EndMandateModal({
  target,
  defaultDay,
  onClose,
  onDone,
}: {
  target: EndTarget;
  defaultDay: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useMessages(unitMessages);
  const r = useMessages(recordMessages);
  const [endsOn, setEndsOn] = useState(defaultDay);
  const [endReason, setEndReason] = useState<MandateEndReason>('TERM_COMPLETED');
  const [required, setRequired] = useState(false);
  const [{ fetching, error }, end] = useMutation(EndMandate);
  const { fieldError, generalText } = useMandateProblems(error, FIELDS);

  async function submit() {
    setRequired(!endsOn);
    if (!endsOn) return;
    const result = await end(
      { input: { id: target.mandateId, endsOn, endReason, expectedVersion: target.version } },
      { additionalTypenames: ['Mandate'] },
    );
    if (result.data) onDone();
  }

  return (
    <MandateDialog
      title={t('endMandateOf', { name: target.name })}
      generalText={generalText}
      submitLabel={t('endMandate')}
      submitColor="red"
      busy={fetching}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <TextInput
        type="date"
        label={t('endsOn')}
        required
        value={endsOn}
        max="9999-12-31"
        onChange={(event) => setEndsOn(event.currentTarget.value)}
        error={required ? t('errRequired') : fieldError('endsOn')}
      />
      <Select
        label={t('endReason')}
        data={REASONS.map((value) => ({ value, label: r(value) }))}
        value={endReason}
        onChange={(value) => value && setEndReason(value as MandateEndReason)}
        allowDeselect={false}
        error={fieldError('endReason')}
      />
    </MandateDialog>
  );
}
