import { useSyncExternalStore } from 'react';
import { sessionStore } from './session';

/** The stored session (null when signed out) and whether it expired while the page was open. */
export function useSession() {
  const session = useSyncExternalStore(
    (listener) => sessionStore.subscribe(listener),
    () => sessionStore.session,
  );
  const expired = useSyncExternalStore(
    (listener) => sessionStore.subscribe(listener),
    () => sessionStore.isExpired,
  );
  return { session, expired };
}
