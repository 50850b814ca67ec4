import { useDirection } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { moroccoWallClock } from '../ui/morocco-time';
import {
  currentDigits,
  currentLanguage,
  directionOf,
  rememberDigits,
  rememberLanguage,
  type Digits,
  type Language,
} from './language';

/**
 * A page's texts in both languages, the same keys in each (a missing French key fails the build).
 * `{name}` in a text is replaced by the value given for it.
 */
export type Messages<K extends string> = { ar: Record<K, string>; fr: Record<K, string> };

export function defineMessages<K extends string>(messages: {
  ar: Record<K, string>;
  fr: Record<NoInfer<K>, string>;
}): Messages<K> {
  return messages;
}

interface I18n {
  language: Language;
  digits: Digits;
  dir: 'rtl' | 'ltr';
  setLanguage(language: Language): void;
  setDigits(digits: Digits): void;
  /** A calendar day (YYYY-MM-DD) as people write it: `2 نونبر 2020`, `2 novembre 2020`. */
  formatDay(day: string): string;
  /** A month (YYYY-MM-DD of its first day), short: `نونبر 2020`. */
  formatMonth(day: string): string;
  /** An instant, day and time, in Morocco's time. */
  formatInstant(instant: string): string;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Locale tags whose Gregorian month names are Morocco's own (نونبر, not نوفمبر). */
function localeOf(language: Language, digits: Digits): string {
  return `${language}-MA-u-nu-${digits}`;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(currentLanguage);
  const [digits, setDigitsState] = useState<Digits>(currentDigits);
  const { setDirection } = useDirection();

  const setLanguage = useCallback(
    (next: Language) => {
      rememberLanguage(next);
      document.documentElement.lang = next;
      document.documentElement.dir = directionOf(next);
      setDirection(directionOf(next));
      setLanguageState(next);
    },
    [setDirection],
  );
  const setDigits = useCallback((next: Digits) => {
    rememberDigits(next);
    setDigitsState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = localeOf(language, digits);
    const day = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const instant = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    });
    return {
      language,
      digits,
      dir: directionOf(language),
      setLanguage,
      setDigits,
      formatDay: (value) => day.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)),
      formatMonth: (value) => month.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)),
      formatInstant: (value) => instant.format(moroccoWallClock(value)),
      formatNumber: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    };
  }, [language, digits, setLanguage, setDigits]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/** The texts of `messages` in the page's language: `t('key', { name: value })`. */
export function useMessages<K extends string>(
  messages: Messages<K>,
): (key: K, values?: Record<string, string | number>) => string {
  const { language, formatNumber } = useI18n();
  return useCallback(
    (key, values) => {
      const text = messages[language][key];
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = values[name];
        return typeof value === 'number' ? formatNumber(value) : (value ?? '');
      });
    },
    [messages, language, formatNumber],
  );
}
