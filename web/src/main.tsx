import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider as GraphqlProvider } from 'urql';
import { client } from './api/client';
import { App } from './app/App';
import { cssVariablesResolver, theme } from './app/theme';
import { I18nProvider } from './i18n/i18n';
import { currentLanguage, directionOf } from './i18n/language';

const language = currentLanguage();
document.documentElement.lang = language;
document.documentElement.dir = directionOf(language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider initialDirection={directionOf(language)} detectDirection={false}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <Notifications position="top-center" />
        <I18nProvider>
          <GraphqlProvider value={client}>
            <App />
          </GraphqlProvider>
        </I18nProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
