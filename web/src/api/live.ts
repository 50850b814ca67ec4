import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { ChangeKind } from '../gql/graphql';
import { freshAccessToken, webSocket } from './client';

const RegistryChanged = graphql(`
  subscription LiveRegistryChanged($under: ID, $kinds: [ChangeKind!]) {
    registryChanged(under: $under, kinds: $kinds) {
      id
      kind
      unitId
    }
  }
`);

/** `connecting` until the first connection, `live` while connected, `reconnecting` after a loss. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** The close code the API ends a connection with when its token expires or stops working. */
const UNAUTHORIZED = 4401;

/**
 * Calls `onChange` when the registry changes under `under` (its subtree, within the caller's scope):
 * at most once per `debounceMs`, `debounceMs` after the first change of a burst, so a page re-reads
 * its numbers once for a batch of changes rather than once per change. Also after a reconnection,
 * since changes made while disconnected were not heard.
 *
 * The API closes the socket with 4401 when the access token expires (or is revoked): graphql-ws does
 * not retry that code, and the subscription ends with an error. The token is then refreshed (even
 * if this browser's clock thinks it good: the server's clock decides) and the subscription started
 * again, with a growing wait if it keeps failing.
 */
export function useRegistryChanges(options: {
  under: string | null;
  kinds?: ChangeKind[];
  onChange: () => void;
  debounceMs?: number;
}): LiveStatus {
  const { under, kinds, debounceMs = 750 } = options;
  const client = useClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const onChange = useRef(options.onChange);
  useEffect(() => {
    onChange.current = options.onChange;
  });
  const kindsKey = kinds?.join(',') ?? '';

  useEffect(() => {
    if (!under) return;
    let stopped = false;
    let everConnected = false;
    let lastClose = 0;
    let failures = 0;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | undefined;

    const changed = () => {
      if (debounce !== undefined) return;
      debounce = setTimeout(() => {
        debounce = undefined;
        if (!stopped) onChange.current();
      }, debounceMs);
    };
    const stopListening = [
      webSocket.on('connected', () => {
        if (stopped) return;
        failures = 0;
        setStatus('live');
        if (everConnected) changed();
        everConnected = true;
      }),
      webSocket.on('closed', (event) => {
        lastClose = (event as CloseEvent | undefined)?.code ?? 0;
        if (!stopped && everConnected) setStatus('reconnecting');
      }),
    ];

    const variables = { under, kinds: kindsKey ? (kindsKey.split(',') as ChangeKind[]) : null };
    const start = () => {
      subscription = client.subscription(RegistryChanged, variables).subscribe((result) => {
        if (stopped) return;
        if (!result.error) {
          // A change heard: live, even when the socket was opened by another subscriber before this one.
          if (result.data) {
            setStatus('live');
            changed();
          }
          return;
        }
        // The subscription has ended (closed socket or refused): start it again.
        subscription = undefined;
        if (everConnected) setStatus('reconnecting');
        const expired = lastClose === UNAUTHORIZED;
        const wait = Math.min(30_000, 1000 * 2 ** failures++);
        retry = setTimeout(() => {
          const renewed = expired ? freshAccessToken({ force: true }) : Promise.resolve(null);
          void renewed.then(() => {
            if (!stopped) start();
          });
        }, wait);
      });
    };
    start();

    return () => {
      stopped = true;
      clearTimeout(debounce);
      clearTimeout(retry);
      subscription?.unsubscribe();
      for (const stop of stopListening) stop();
    };
  }, [client, under, kindsKey, debounceMs]);

  return under ? status : 'connecting';
}
