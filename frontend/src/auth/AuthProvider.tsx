import { notifications as toasts } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import i18n from "../i18n";
import { applyLanguage, languageOf } from "../i18n/language";
import { auth, me, type Registration } from "../api/endpoints";
import { loginCode } from "../api/reviews";
import { sessionFromPair, sessionStore, type Session, type SessionStore } from "../api/session";
import type { User } from "../api/types";
import { AuthContext, type AuthState } from "./context";

interface Props {
  children: ReactNode;
  store?: SessionStore;
}

export function AuthProvider({ children, store = sessionStore }: Props) {
  const [session, setSession] = useState<Session | null>(() => store.get());
  const leaving = useRef(false);
  const queryClient = useQueryClient();

  useEffect(
    () =>
      store.subscribe((next) => {
        setSession((previous) => {
          if (previous && !next && !leaving.current) {
            toasts.show({ color: "yellow", title: i18n.t("session.signedOut"), message: i18n.t("session.ended") });
          }
          return next;
        });
        if (!next) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "specialties" });
      }),
    [store, queryClient],
  );

  // The UI speaks the user's language (`locale` on /me); signed out, this device's choice or the browser's.
  // (`languageOf` still checks the value: a session stored by an older build may hold a user without `locale`.)
  const sessionUser = session?.user ?? null;
  useEffect(() => {
    applyLanguage(languageOf(sessionUser));
  }, [sessionUser]);

  // A reload restores the stored user at once; the profile is then read again in case it changed elsewhere.
  const signedIn = session !== null;
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    me.get()
      .then((user) => {
        const current = store.get();
        if (live && current) store.set({ ...current, user });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [signedIn, store]);

  const login = useCallback(
    async (email: string, password: string) => {
      const pair = await auth.login(email, password);
      leaving.current = false;
      store.set(sessionFromPair(pair));
      return pair.user;
    },
    [store],
  );

  const loginWithCode = useCallback(
    async (email: string, code: string) => {
      const pair = await loginCode.verify(email, code);
      leaving.current = false;
      store.set(sessionFromPair(pair));
      return pair.user;
    },
    [store],
  );

  const logout = useCallback(async () => {
    const current = store.get();
    leaving.current = true;
    try {
      if (current) await auth.logout(current.refreshToken);
    } catch {
      // Already ended on the server, or offline: forgetting the tokens here is what matters.
    } finally {
      store.set(null);
      queryClient.clear();
      leaving.current = false;
    }
  }, [store, queryClient]);

  const register = useCallback((registration: Registration) => auth.register(registration), []);

  const setUser = useCallback(
    (user: User) => {
      const current = store.get();
      if (current) store.set({ ...current, user });
    },
    [store],
  );

  const value = useMemo<AuthState>(
    () => ({
      user: session?.user ?? null,
      role: session?.user.role ?? null,
      accessToken: session?.accessToken ?? null,
      login,
      loginWithCode,
      logout,
      register,
      setUser,
    }),
    [session, login, loginWithCode, logout, register, setUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
