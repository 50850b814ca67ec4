import type { Language } from '../i18n/language';

/** A name in the page's language, else the other one (Arabic first, French/Latin second). */
export function pick(
  language: Language,
  arabic: string | null | undefined,
  latin: string | null | undefined,
): string {
  return (language === 'ar' ? arabic || latin : latin || arabic) ?? '';
}

/** Today in Morocco, as a calendar day (YYYY-MM-DD). */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(new Date());
}
