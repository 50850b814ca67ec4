/**
 * The signed-in session: the token pair the API gave at sign-in, kept in this browser's storage so a
 * reload or a second tab stays signed in. Credentials travel only in the Authorization header (the API
 * sets no cookie), and the page allows no script but its own (see the server's Content-Security-Policy).
 *
 * A refresh token works once: two tabs trading the same one would look like a stolen copy and end every
 * session. Refreshing therefore happens under a lock shared by the tabs, and a tab that waited reads the
 * pair the other tab stored instead of trading the spent token again.
 */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ISO). */
  expiresAt: string;
  email: string;
}

type Listener = () => void;
type Refresher = (refreshToken: string) => Promise<StoredSession | null>;

const STORAGE_KEY = 'tanzim.session';
/** Refresh this long before expiry, so a request never leaves with a token that expires on the way. */
const EARLY_MS = 30_000;

function read(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

class SessionStore {
  private current: StoredSession | null = read();
  /** True once a refresh failed: the user must sign in again (the page underneath stays as it was). */
  private expired = false;
  private listeners = new Set<Listener>();
  private waitingForSignIn: Array<(session: StoredSession | null) => void> = [];

  constructor() {
    // Another tab signed in, refreshed or signed out.
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.current = read();
      if (this.current) this.resolveWaiters(this.current);
      this.emit();
    });
  }

  get session(): StoredSession | null {
    return this.current;
  }

  get isExpired(): boolean {
    return this.expired;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(session: StoredSession): void {
    this.current = session;
    this.expired = false;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.resolveWaiters(session);
    this.emit();
  }

  clear(): void {
    this.current = null;
    this.expired = false;
    localStorage.removeItem(STORAGE_KEY);
    this.resolveWaiters(null);
    this.emit();
  }

  /** Whether the access token is about to expire (or has). */
  stale(session = this.current): boolean {
    return !session || Date.parse(session.expiresAt) - Date.now() < EARLY_MS;
  }

  /**
   * A fresh session: the stored one if it is not about to expire, else a refreshed one. When the
   * refresh token no longer works, the session is marked expired and this waits until the user signs
   * in again (the sign-in dialog over the page), so no operation, and no form, is lost.
   *
   * `force` refreshes even a token this browser's clock thinks good: the server said it is not (the
   * API refused it, or a live connection closed with 4401: the session was ended on the server), and
   * its clock is the one that counts. A page with no sign-in dialog (GraphiQL) passes
   * `waitForSignIn: false` and gets null instead of waiting.
   */
  async fresh(
    refresher: Refresher,
    options: { force?: boolean; waitForSignIn?: boolean } = {},
  ): Promise<StoredSession | null> {
    const seen = this.current;
    if (seen && !options.force && !this.stale(seen)) return seen;
    if (!seen) return null;
    const renewed = await withLock(async () => {
      const latest = read();
      // Another tab refreshed while this one waited for the lock.
      if (latest && latest.refreshToken !== seen.refreshToken && !this.stale(latest)) return latest;
      return refresher(seen.refreshToken).catch(() => null);
    });
    if (renewed) {
      this.set(renewed);
      return renewed;
    }
    if (options.waitForSignIn === false) return null;
    return this.expire();
  }

  /** Marks the session expired and waits for the user to sign in again (or sign out). */
  expire(): Promise<StoredSession | null> {
    this.expired = true;
    this.emit();
    return new Promise((resolve) => this.waitingForSignIn.push(resolve));
  }

  private resolveWaiters(session: StoredSession | null): void {
    const waiting = this.waitingForSignIn;
    this.waitingForSignIn = [];
    for (const resolve of waiting) resolve(session);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  if (!('locks' in navigator)) return work();
  return navigator.locks.request('tanzim.session.refresh', work);
}

export const sessionStore = new SessionStore();
