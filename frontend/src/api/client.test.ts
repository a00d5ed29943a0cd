import { describe, expect, it, vi } from "vitest";
import { ApiClient } from "./client";
import { ApiError } from "./errors";
import { createSessionStore, type Session } from "./session";
import type { TokenPair, User } from "./types";

const user: User = {
  user_id: "u1",
  email: "paula@example.com",
  name: "Paula",
  role: "patient",
  status: "active",
  timezone: "Europe/Berlin",
  locale: "en",
  phone: null,
  date_of_birth: null,
  email_opt_out: false,
  email_preferences: { appointment_updates: true, reminders: true, waitlist: true, messages: true },
  created_at: "2026-01-01T00:00:00Z",
  doctor_status: null,
};

const NOW = 1_000_000;

function session(access: string, refresh: string, expiresAt = NOW + 10 * 60_000): Session {
  return { accessToken: access, refreshToken: refresh, expiresAt, user };
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

function pair(n: number): TokenPair {
  return { access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: "Bearer", expires_in: 900, user };
}

/** A fake API: /auth/refresh rotates tokens (a spent refresh token fails), /me wants the current access token. */
function fakeServer() {
  let generation = 1;
  const spent = new Set<string>();
  const calls: { url: string; auth: string | null; body: unknown }[] = [];
  let refreshGate: Promise<void> = Promise.resolve();
  const fetcher = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, auth: headers.Authorization ?? null, body });
    if (url.endsWith("/auth/refresh")) {
      await refreshGate;
      const presented = (body as { refresh_token: string }).refresh_token;
      if (spent.has(presented) || presented !== `refresh-${generation}`) {
        return json(401, { error: { code: "TOKEN_REUSED", message: "this session has ended" } });
      }
      spent.add(presented);
      generation += 1;
      return json(200, pair(generation));
    }
    if (headers.Authorization !== `Bearer access-${generation}`) {
      return json(401, { error: { code: "UNAUTHORIZED", message: "the token has expired" } });
    }
    return json(200, { ok: true, url });
  });
  return {
    fetcher,
    calls,
    refreshes: () => calls.filter((c) => c.url.endsWith("/auth/refresh")).length,
    holdRefresh(): () => void {
      let release!: () => void;
      refreshGate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

function client(server: ReturnType<typeof fakeServer>, start: Session | null) {
  const store = createSessionStore(null);
  store.set(start);
  const signedOut = vi.fn();
  const api = new ApiClient({
    baseUrl: async () => "/api",
    session: store,
    fetcher: server.fetcher as unknown as typeof fetch,
    onSignedOut: signedOut,
    now: () => NOW,
  });
  return { api, store, signedOut };
}

describe("ApiClient", () => {
  it("sends JSON with the bearer token and reads JSON back", async () => {
    const server = fakeServer();
    const { api } = client(server, session("access-1", "refresh-1"));
    const reply = await api.get<{ ok: boolean }>("/me", { query: { unread: true, empty: "" } });
    expect(reply.ok).toBe(true);
    expect(server.calls[0]).toMatchObject({ url: "/api/me?unread=true", auth: "Bearer access-1" });
  });

  it("turns an error body into an ApiError with code, message and status", async () => {
    const fetcher = vi.fn(async () => json(409, { error: { code: "SLOT_LOCKED", message: "the slot is held" } }));
    const store = createSessionStore(null);
    const api = new ApiClient({ baseUrl: async () => "/api", session: store, fetcher: fetcher as unknown as typeof fetch });
    const failure = await api.post("/slots/s1/lock").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 409, code: "SLOT_LOCKED", message: "the slot is held" });
  });

  it("gives a gateway page without a JSON body a status-only ApiError", async () => {
    const fetcher = vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502 }));
    const api = new ApiClient({
      baseUrl: async () => "/api",
      session: createSessionStore(null),
      fetcher: fetcher as unknown as typeof fetch,
    });
    await expect(api.get("/doctors")).rejects.toMatchObject({ status: 502, code: "HTTP_502" });
  });

  it("refreshes once on a 401 and retries the request with the new token", async () => {
    // Given a session whose access token the server no longer accepts
    const server = fakeServer();
    const { api, store } = client(server, session("expired-access", "refresh-1"));
    // When a request is refused
    const reply = await api.get<{ ok: boolean }>("/me");
    // Then the tokens were renewed once and the request went again with the new token
    expect(reply.ok).toBe(true);
    expect(server.calls.map((c) => c.url)).toEqual(["/api/me", "/api/auth/refresh", "/api/me"]);
    expect(server.calls[2]!.auth).toBe("Bearer access-2");
    expect(store.get()).toMatchObject({ accessToken: "access-2", refreshToken: "refresh-2" });
  });

  it("shares one refresh between concurrent 401s (a rotated refresh token must not be spent twice)", async () => {
    const server = fakeServer();
    const { api, store, signedOut } = client(server, session("stale", "refresh-1"));
    const release = server.holdRefresh();
    const requests = [api.get("/a"), api.get("/b"), api.get("/c")];
    await vi.waitFor(() => expect(server.refreshes()).toBe(1));
    release();
    await Promise.all(requests);
    expect(server.refreshes()).toBe(1);
    expect(signedOut).not.toHaveBeenCalled();
    expect(store.get()?.accessToken).toBe("access-2");
  });

  it("signs out when the refresh is refused, and the failure reaches the caller", async () => {
    const server = fakeServer();
    const { api, store, signedOut } = client(server, session("stale", "refresh-spent"));
    await expect(api.get("/me")).rejects.toMatchObject({ status: 401 });
    expect(store.get()).toBeNull();
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(signedOut.mock.calls[0]![0]).toMatchObject({ code: "TOKEN_REUSED" });
  });

  it("keeps the session when the refresh fails for a passing reason (offline)", async () => {
    const fetcher = vi.fn(async (input: RequestInfo | URL) => {
      if (String(input).endsWith("/auth/refresh")) throw new TypeError("Failed to fetch");
      return json(401, { error: { code: "UNAUTHORIZED", message: "expired" } });
    });
    const store = createSessionStore(null);
    store.set(session("stale", "refresh-1"));
    const api = new ApiClient({
      baseUrl: async () => "/api",
      session: store,
      fetcher: fetcher as unknown as typeof fetch,
      now: () => NOW,
    });
    await expect(api.get("/me")).rejects.toMatchObject({ code: "NETWORK" });
    expect(store.get()?.refreshToken).toBe("refresh-1");
  });

  it("renews a token about to run out before sending, so the request is not refused first", async () => {
    const server = fakeServer();
    const { api } = client(server, session("access-1", "refresh-1", NOW + 5_000));
    await api.get("/me");
    expect(server.calls.map((c) => c.url)).toEqual(["/api/auth/refresh", "/api/me"]);
    expect(server.calls[1]!.auth).toBe("Bearer access-2");
  });

  it("does not send a token on public calls and does not refresh for them", async () => {
    const fetcher = vi.fn(async () => json(401, { error: { code: "INVALID_CREDENTIALS", message: "wrong" } }));
    const store = createSessionStore(null);
    store.set(session("access-1", "refresh-1"));
    const api = new ApiClient({
      baseUrl: async () => "/api",
      session: store,
      fetcher: fetcher as unknown as typeof fetch,
      now: () => NOW,
    });
    await expect(api.post("/auth/login", { email: "a@b.c", password: "x" }, { auth: false })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
    expect(fetcher).toHaveBeenCalledTimes(1);
    const init = (fetcher.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(store.get()).not.toBeNull();
  });

  it("fetches binary answers as a Blob with the bearer token", async () => {
    const fetcher = vi.fn(async () => new Response("BEGIN:VCALENDAR", { status: 200, headers: { "Content-Type": "text/calendar" } }));
    const store = createSessionStore(null);
    store.set(session("access-1", "refresh-1"));
    const api = new ApiClient({
      baseUrl: async () => "/api",
      session: store,
      fetcher: fetcher as unknown as typeof fetch,
      now: () => NOW,
    });
    const blob = await api.blob("/appointments/a1/calendar.ics");
    expect(await blob.text()).toBe("BEGIN:VCALENDAR");
    const init = (fetcher.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer access-1");
  });
});
