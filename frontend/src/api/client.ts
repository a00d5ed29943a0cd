import { ApiError, type FieldProblem } from "./errors";
import { sessionFromPair, type SessionStore } from "./session";
import type { TokenPair } from "./types";

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Send the bearer token (default: when signed in). `false` for public calls such as log-in. */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ClientOptions {
  baseUrl: () => Promise<string>;
  session: SessionStore;
  /** Called once the session cannot be renewed; the store is already cleared. */
  onSignedOut?: (reason: ApiError) => void;
  fetcher?: typeof fetch;
  now?: () => number;
}

/** Refresh this long before the access token runs out, so a request never leaves with a dying token. */
const EARLY_REFRESH_MS = 30_000;

function buildUrl(base: string, path: string, query?: Query): string {
  const url = `${base}${path.startsWith("/") ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

async function errorFrom(reply: Response): Promise<ApiError> {
  let code = `HTTP_${reply.status}`;
  let message = "";
  let details: FieldProblem[] = [];
  try {
    const body = (await reply.json()) as { error?: { code?: string; message?: string; details?: FieldProblem[] } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? "";
      details = Array.isArray(body.error.details) ? body.error.details : [];
    }
  } catch {
    // A gateway page or an empty body: the status alone tells what kind of failure it was.
  }
  return new ApiError(reply.status, code, message, details);
}

/**
 * The typed fetch wrapper every page uses: JSON in and out, the bearer token, errors as ApiError, and one shared
 * refresh when the access token is refused (the refresh token rotates, so concurrent 401s must not each refresh).
 */
export class ApiClient {
  private readonly options: ClientOptions;
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;
  private refreshing: Promise<string | null> | null = null;

  constructor(options: ClientOptions) {
    this.options = options;
    this.fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("GET", path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  delete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const reply = await this.send(method, path, options);
    if (reply.status === 204) return undefined as T;
    const text = await reply.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A binary answer (e.g. calendar.ics) fetched with the bearer token, for a download link made from a Blob. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const reply = await this.send("GET", path, options);
    return reply.blob();
  }

  /** The current access token, renewed first if it is about to run out; null when signed out. */
  async freshAccessToken(): Promise<string | null> {
    const session = this.options.session.get();
    if (!session) return null;
    if (session.expiresAt - this.now() > EARLY_REFRESH_MS) return session.accessToken;
    return this.refreshOnce(session.accessToken);
  }

  /**
   * Renews the tokens once for everyone who saw `staleToken` refused. A caller whose token was already replaced
   * gets the new one without another refresh; callers arriving during a refresh share its promise.
   */
  refreshOnce(staleToken: string): Promise<string | null> {
    const session = this.options.session.get();
    if (!session) return Promise.resolve(null);
    if (session.accessToken !== staleToken) return Promise.resolve(session.accessToken);
    if (!this.refreshing) {
      this.refreshing = this.refresh(session.refreshToken).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refresh(refreshToken: string): Promise<string | null> {
    const base = await this.options.baseUrl();
    let reply: Response;
    try {
      reply = await this.fetcher(buildUrl(base, "/auth/refresh"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh_token: refreshToken }),
      });
    } catch {
      // Offline: keep the session, the next call will try again.
      throw new ApiError(0, "NETWORK", "network error");
    }
    if (!reply.ok) {
      const failure = await errorFrom(reply);
      if (reply.status >= 500 || reply.status === 429) throw failure;
      this.signOut(failure);
      return null;
    }
    const pair = (await reply.json()) as TokenPair;
    this.options.session.set(sessionFromPair(pair, this.now()));
    return pair.access_token;
  }

  private signOut(reason: ApiError): void {
    this.options.session.set(null);
    this.options.onSignedOut?.(reason);
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const base = await this.options.baseUrl();
    const url = buildUrl(base, path, options.query);
    const useAuth = options.auth ?? true;
    let token = useAuth ? await this.tokenForRequest() : null;
    let reply = await this.fetchOnce(method, url, options, token);
    if (reply.status === 401 && token) {
      token = await this.refreshOnce(token);
      if (!token) throw await errorFrom(reply);
      reply = await this.fetchOnce(method, url, options, token);
      if (reply.status === 401) {
        const failure = await errorFrom(reply);
        this.signOut(failure);
        throw failure;
      }
    }
    if (!reply.ok) throw await errorFrom(reply);
    return reply;
  }

  private async tokenForRequest(): Promise<string | null> {
    try {
      return await this.freshAccessToken();
    } catch {
      // The early refresh failed for a passing reason; send the current token and let a 401 decide.
      return this.options.session.get()?.accessToken ?? null;
    }
  }

  private async fetchOnce(method: string, url: string, options: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetcher(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
      throw new ApiError(0, "NETWORK", "network error");
    }
  }
}
