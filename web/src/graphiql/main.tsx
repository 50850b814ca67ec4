// GraphiQL, bundled from npm and served by Tanzim itself: nothing comes from another origin. Its own
// page and entry (graphiql.html), so the editor (Monaco, several MB) never weighs on the app's first load.
// Monaco runs its language services in workers, which Vite must know of ahead of time (`?worker`
// imports): GraphiQL ships that setup for Vite.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { freshAccessToken } from '../api/client';
import { sessionStore } from '../api/session';

const endpoint = '/graphql';

/**
 * The signed-in session's token (the app's, from this browser's storage), refreshed when about to
 * expire. This page has no sign-in dialog: when the session cannot be renewed, the request leaves
 * without a token and the API's UNAUTHENTICATED answer shows in the result pane.
 */
function token(): Promise<string | null> {
  return freshAccessToken({ waitForSignIn: false });
}

// Subscriptions over graphql-transport-ws; the token goes in connection_init (a browser cannot set
// headers on a WebSocket), asked again at every connection so a reconnection carries a fresh one.
const wsClient = createClient({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${endpoint}`,
  lazy: true,
  connectionParams: async () => {
    const accessToken = await token();
    return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  },
});

const fetcher = createGraphiQLFetcher({
  url: endpoint,
  wsClient,
  // The API answers plain JSON (no @defer/@stream).
  enableIncrementalDelivery: false,
  // An Authorization header typed in the headers pane wins; otherwise the session's token goes.
  fetch: async (input, init) => {
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization')) {
      const accessToken = await token();
      if (accessToken) headers.set('authorization', `Bearer ${accessToken}`);
    }
    return fetch(input, { ...init, headers });
  },
});

const DEFAULT_QUERY = `# Tanzim's GraphQL API, with the token of the session signed in to the app.
# Ctrl-Enter runs the query; the "Docs" button lists every type and field.
{
  me {
    grants {
      level
      unit {
        code
        nameFr
      }
    }
  }
}
`;

function Page() {
  const email = sessionStore.session?.email;
  const query = new URLSearchParams(location.search).get('query') ?? undefined;
  return (
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} initialQuery={query}>
      <GraphiQL.Logo>
        <a href="/">Tanzim</a>
        <span style={{ fontSize: '0.6em', marginInlineStart: '0.75em' }}>
          {email ? email : 'not signed in: sign in to the app first'}
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
