/** Where the API and the WebSocket live: read once from /config.json, served next to index.html by each stage. */
export interface AppConfig {
  stage: string;
  apiUrl: string;
  wsUrl: string;
  /** ISO 4217 code fees are shown in; EUR unless config.json names another. */
  currency: string;
}

let loading: Promise<AppConfig> | null = null;

function defaultWsUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/ws`;
}

export function loadConfig(fetcher: typeof fetch = fetch): Promise<AppConfig> {
  if (!loading) {
    loading = fetcher("/config.json", { cache: "no-store" })
      .then(async (reply) => {
        if (!reply.ok) throw new Error(`config.json answered ${reply.status}`);
        const raw = (await reply.json()) as { stage?: string; apiUrl?: string; wsUrl?: string | null; currency?: string };
        return {
          stage: raw.stage ?? "unknown",
          apiUrl: (raw.apiUrl ?? "/api").replace(/\/+$/, ""),
          // Absent: the same host's /ws (npm run dev, local stack). null: the stage has no live push (polling).
          wsUrl: raw.wsUrl === undefined ? defaultWsUrl() : (raw.wsUrl ?? ""),
          currency: raw.currency && /^[A-Z]{3}$/.test(raw.currency) ? raw.currency : "EUR",
        };
      })
      .catch((cause: unknown) => {
        loading = null;
        throw cause;
      });
  }
  return loading;
}

/** For tests: start from a known configuration. */
export function setConfigForTests(config: AppConfig | null): void {
  loading = config ? Promise.resolve(config) : null;
}
