import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * System fonts only (nothing is fetched at run time): Arabic script in the platform's Arabic face.
 * The primary green is dark enough for white text to meet WCAG AA contrast.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  fontFamily:
    'system-ui, "Segoe UI", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, "DejaVu Sans", Arial, sans-serif',
  headings: { fontFamily: 'inherit' },
  defaultRadius: 'md',
});

/**
 * Mantine's dimmed grey (gray.6) is below WCAG AA contrast on white for small text (hints, emails,
 * labels before a value): one shade darker everywhere.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
