import { Group, SegmentedControl, Text } from '@mantine/core';
import { useI18n, useMessages } from '../i18n/i18n';
import type { Digits, Language } from '../i18n/language';
import { appMessages } from './messages';

/** العربية / Français, and the digits Arabic pages use (123 or ١٢٣); both remembered. */
export function LanguageSwitch() {
  const { language, setLanguage, digits, setDigits } = useI18n();
  const t = useMessages(appMessages);
  return (
    <Group gap="xs" wrap="nowrap">
      <SegmentedControl
        size="xs"
        aria-label={t('language')}
        value={language}
        onChange={(value) => setLanguage(value as Language)}
        data={[
          { value: 'ar', label: <span lang="ar">العربية</span> },
          { value: 'fr', label: <span lang="fr">Français</span> },
        ]}
      />
      {language === 'ar' && (
        <SegmentedControl
          size="xs"
          aria-label={t('digits')}
          value={digits}
          onChange={(value) => setDigits(value as Digits)}
          data={[
            {
              value: 'latn',
              label: (
                <Text span size="xs">
                  {t('digitsLatin')}
                </Text>
              ),
            },
            {
              value: 'arab',
              label: (
                <Text span size="xs">
                  {t('digitsArabic')}
                </Text>
              ),
            },
          ]}
        />
      )}
    </Group>
  );
}
