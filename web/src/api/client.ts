import { cacheExchange } from '@urql/exchange-graphcache';
import { authExchange } from '@urql/exchange-auth';
import { createClient as createWebSocketClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { graphql } from '../gql';
import { currentLanguage } from '../i18n/language';
import { sessionStore, type StoredSession } from './session';

const RefreshSession = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      accessToken
      refreshToken
      expiresAt
      account {
        id
        email
      }
    }
  }
`);

const endpoint = '/graphql';

/** Errors come back in the page's language (codes never change). */
function fetchOptions(): RequestInit {
  return { headers: { 'accept-language': currentLanguage() } };
}

/**
 * A client without the session's exchanges, for signing in and refreshing: a refused password must
 * not be retried (each try counts against the sign-in limits), nor wait for a session to be renewed.
 */
export const publicClient = new Client({
  url: endpoint,
  exchanges: [fetchExchange],
  fetchOptions,
  preferGetMethod: false,
});

async function refresh(refreshToken: string): Promise<StoredSession | null> {
  const result = await publicClient
    .mutation(RefreshSession, { input: { refreshToken } }, { requestPolicy: 'network-only' })
    .toPromise();
  const payload = result.data?.refreshSession;
  if (!payload) return null;
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: payload.expiresAt,
    email: payload.account.email,
  };
}

/** A token that is good for the next request: refreshed first if needed (see SessionStore.fresh). */
export async function freshAccessToken(
  options: { force?: boolean; waitForSignIn?: boolean } = {},
): Promise<string | null> {
  return (await sessionStore.fresh(refresh, options))?.accessToken ?? null;
}

/** The app's one WebSocket (graphql-transport-ws), opened while a subscription runs; see useLiveStatus. */
export const webSocket = createWebSocketClient({
  url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${endpoint}`,
  lazy: true,
  // Asked again at every (re)connection, so a reconnection after expiry carries a fresh token.
  connectionParams: async () => ({ authorization: `Bearer ${(await freshAccessToken()) ?? ''}` }),
  retryAttempts: Infinity,
  retryWait: (retries) =>
    new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries))),
});

function isUnauthenticated(error: {
  graphQLErrors: Array<{ extensions?: Record<string, unknown> }>;
}): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * The app's GraphQL client: a normalised cache (people, meetings and mandates by id; units and posts
 * are read "as of" a day, so they stay under the field that read them), the session's token on every
 * request and refreshed when it is about to expire, subscriptions over graphql-transport-ws.
 */
export const client = new Client({
  url: endpoint,
  fetchOptions,
  // JSON POSTs: a GET would need a CSRF-prevention header, and reads are cached here anyway.
  preferGetMethod: false,
  requestPolicy: 'cache-and-network',
  exchanges: [
    cacheExchange({
      keys: {
        OrgUnit: () => null,
        Position: () => null,
        Vacancy: () => null,
      },
    }),
    authExchange((utils) =>
      Promise.resolve({
        addAuthToOperation(operation) {
          const token = sessionStore.session?.accessToken;
          return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
        },
        willAuthError: () => sessionStore.session !== null && sessionStore.stale(),
        didAuthError: (error) => sessionStore.session !== null && isUnauthenticated(error),
        async refreshAuth() {
          // Also when the token is not stale by the clock: the API refused it, so its session ended.
          await sessionStore.fresh(refresh, { force: true });
        },
      }),
    ),
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            const dispose = webSocket.subscribe(input, sink);
            return { unsubscribe: dispose };
          },
        };
      },
    }),
  ],
});
