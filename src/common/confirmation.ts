import { addMonths } from './dates';

/**
 * How long a mandate attested on a day (its start unknown) reads as current without a new source,
 * and whether access derived from it stops after that. Set from the environment at start
 * (MANDATE_CONFIRMATION_MONTHS, UNCONFIRMED_MANDATES_GRANT).
 */
export class ConfirmationPolicy {
  constructor(
    /** Months after its last confirmation that a mandate of unknown start still counts as confirmed. */
    readonly months: number = 12,
    /** Whether a mandate read as unconfirmed still grants access on its unit. */
    readonly unconfirmedGrants: boolean = false,
  ) {}
}

export type ConfirmationState = 'CONFIRMED' | 'UNCONFIRMED';

/**
 * Whether a mandate is confirmed on `day`: its start is known (an appointment), or a source attested
 * it at most `months` before. Same rule as the grants' SQL (`date + interval 'n months'`, which ends
 * on the month's last day when the day does not exist).
 */
export function confirmationOn(
  mandate: { startsOn: string | null; lastConfirmedOn: string },
  day: string,
  policy: ConfirmationPolicy,
): ConfirmationState {
  if (mandate.startsOn) return 'CONFIRMED';
  return day <= addMonths(mandate.lastConfirmedOn, policy.months) ? 'CONFIRMED' : 'UNCONFIRMED';
}
