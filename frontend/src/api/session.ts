import type { TokenPair, User } from "./types";

/**
 * The signed-in session of this tab, kept in sessionStorage.
 *
 * Why sessionStorage: refresh tokens rotate and presenting a spent one ends the whole login (TOKEN_REUSED). Tabs
 * sharing one refresh token through localStorage would race each other's refreshes and sign everyone out; one
 * login per tab cannot. It also survives a reload but not closing the tab, which suits a medical app on a
 * shared computer, and keeps the tokens out of reach of other tabs.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
  user: User;
}

export interface SessionStore {
  get(): Session | null;
  set(session: Session | null): void;
  subscribe(listener: (session: Session | null) => void): () => void;
}

const KEY = "docspot.session";

export function sessionFromPair(pair: TokenPair, now: number = Date.now()): Session {
  return {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    expiresAt: now + pair.expires_in * 1000,
    user: pair.user,
  };
}

export function createSessionStore(storage: Storage | null): SessionStore {
  const listeners = new Set<(session: Session | null) => void>();
  let current: Session | null = null;
  try {
    const raw = storage?.getItem(KEY);
    current = raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    current = null;
  }
  return {
    get: () => current,
    set(session) {
      current = session;
      try {
        if (session) storage?.setItem(KEY, JSON.stringify(session));
        else storage?.removeItem(KEY);
      } catch {
        // Storage can be full or blocked (private mode); the session still lives in memory for this page.
      }
      for (const listener of listeners) listener(session);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function browserStorage(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.sessionStorage : null;
  } catch {
    return null;
  }
}

export const sessionStore: SessionStore = createSessionStore(browserStorage());
