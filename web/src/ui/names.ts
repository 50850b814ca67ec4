import type { Language } from '../i18n/language';

/** A name in the page's language, else the other one (Arabic first, French/Latin second). */
export function pick(
  language: Language,
  arabic: string | null | undefined,
  latin: string | null | undefined,
): string {
  return (language === 'ar' ? arabic || latin : latin || arabic) ?? '';
}
