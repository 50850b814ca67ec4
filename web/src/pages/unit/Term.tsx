import { useI18n, useMessages } from '../../i18n/i18n';
import { recordMessages } from './messages';

/**
 * A mandate's term in words: "since 2 November 2020", "from … to …", or the day it is attested
 * when its start is unknown (as in the seed report, which names holders but not their start).
 */
export function Term({
  startsOn,
  attestedOn,
  endsOn,
}: {
  startsOn?: string | null;
  attestedOn?: string | null;
  endsOn?: string | null;
}) {
  const r = useMessages(recordMessages);
  const { formatDay } = useI18n();
  const from = startsOn
    ? formatDay(startsOn)
    : attestedOn
      ? r('attestedOn', { date: formatDay(attestedOn) })
      : null;
  if (endsOn) return <>{r('fromTo', { from: from ?? r('fromUnknown'), to: formatDay(endsOn) })}</>;
  if (startsOn) return <>{r('since', { date: formatDay(startsOn) })}</>;
  return <>{from ?? r('fromUnknown')}</>;
}
