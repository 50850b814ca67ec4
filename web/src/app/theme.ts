import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * System fonts only (nothing is fetched at run time): Arabic script in the platform's Arabic face.
 * The primary green (shade 9) is dark enough for white text to meet WCAG AA contrast.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily:
    'system-ui, "Segoe UI", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, "DejaVu Sans", Arial, sans-serif',
  headings: { fontFamily: 'inherit' },
  defaultRadius: 'md',
});

/**
 * "Dimmed" text (hints, secondary facts) and green text on the light green of an active link, dark
 * enough for WCAG AA contrast (4.5:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-teal-light-color': '#0a5a43',
  },
  dark: {},
});
