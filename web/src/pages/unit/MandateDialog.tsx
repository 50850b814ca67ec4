import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { CombinedError } from 'urql';
import type { ReactNode } from 'react';
import { byField, problemsOf } from '../../api/errors';
import { useMessages } from '../../i18n/i18n';
import { unitMessages } from './messages';
import { mandateProblemText } from './problems';

/**
 * What a mandate form shows for the server's answer: the problems tied to one of its fields, next to
 * that field (after the form's own checks, kept in `local`), and the rest above the form.
 */
export function useMandateProblems<Field extends string>(
  error: CombinedError | undefined,
  fields: readonly Field[],
  local: Partial<Record<Field, string>> = {},
) {
  const t = useMessages(unitMessages);
  const problems = problemsOf(error);
  const { atField, general } = byField(problems, fields);
  const fieldError = (name: Field) => {
    if (local[name]) return local[name];
    const problem = atField[name] ? problems.find((p) => p.field?.split('.')[0] === name) : undefined;
    return problem ? mandateProblemText(problem, t) : undefined;
  };
  return { fieldError, generalText: general.map((p) => mandateProblemText(p, t)).join(' ') };
}

/** The dialog both mandate forms share: a title, the problems not tied to a field, the fields, cancel and submit. */
export function MandateDialog({
  title,
  generalText,
  submitLabel,
  submitColor,
  busy,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  generalText: string;
  submitLabel: string;
  submitColor?: string;
  busy: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useMessages(unitMessages);
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('cancel') }} title={title} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          {generalText && (
            <Alert color="red" role="alert">
              {generalText}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" color={submitColor} loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
