/**
 * One WebSocket for the tab: topic subscriptions counted per user of the topic, reconnection with exponential
 * backoff and full jitter, the topics sent again after every reconnect, a ping every few minutes (API Gateway
 * drops a connection idle for 10 minutes) and a callback on reconnect so the app refetches what it missed. A
 * subscribe the server refuses for its rate limit (`RATE_LIMITED`, docs/api.md "WebSocket") is asked again with the
 * same backoff until it is confirmed, so a burst of subscriptions never leaves a page silently without live updates.
 */
export interface RealtimeEvent<T = Record<string, unknown>> {
  type: string;
  data: T;
  at?: string;
}

export type Listener = (event: RealtimeEvent) => void;
export type Status = "idle" | "connecting" | "open" | "closed";

interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface ConnectionOptions {
  /** The socket URL with the current access token; null when there is nothing to connect with. */
  url: () => Promise<string | null>;
  socket?: SocketFactory;
  onReconnect?: () => void;
  onStatus?: (status: Status) => void;
  /** The topics the server has confirmed, after each change. */
  onTopics?: (topics: string[]) => void;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pingEveryMs?: number;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;

export class RealtimeConnection {
  private readonly options: Required<Omit<ConnectionOptions, "onReconnect" | "onStatus" | "onTopics">> &
    Pick<ConnectionOptions, "onReconnect" | "onStatus" | "onTopics">;
  private socket: SocketLike | null = null;
  private readonly topics = new Map<string, number>();
  /** Topics the server has confirmed on the current socket. */
  private readonly confirmed = new Set<string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private attempt = 0;
  private everOpened = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private resubscribeTimer: ReturnType<typeof setTimeout> | null = null;
  private resubscribeAttempt = 0;
  private running = false;
  private generation = 0;
  status: Status = "idle";

  constructor(options: ConnectionOptions) {
    this.options = {
      ...options,
      socket: options.socket ?? ((url) => new WebSocket(url)),
      random: options.random ?? Math.random,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      pingEveryMs: options.pingEveryMs ?? 5 * 60_000,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  /** Closes for good (sign-out, unmount): no reconnection, subscriptions kept for a later start(). */
  stop(): void {
    this.running = false;
    this.generation += 1;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    this.confirmed.clear();
    this.everOpened = false;
    this.attempt = 0;
    this.resubscribeAttempt = 0;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onopen = null;
      socket.close(NORMAL_CLOSURE, "bye");
    }
    this.setStatus("idle");
  }

  /** Subscribes to a topic until the returned function is called; one subscription per topic on the wire. */
  subscribe(topic: string): () => void {
    const count = this.topics.get(topic) ?? 0;
    this.topics.set(topic, count + 1);
    if (count === 0) this.sendJson({ action: "subscribe", topic });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
      } else {
        this.topics.delete(topic);
        this.confirmed.delete(topic);
        this.sendJson({ action: "unsubscribe", topic });
        this.options.onTopics?.(this.confirmedTopics());
      }
    };
  }

  /** Listens to one event type ("*" for all) until the returned function is called. */
  on(type: string, listener: Listener): () => void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(type, set);
    return () => {
      set.delete(listener);
    };
  }

  subscribedTopics(): string[] {
    return [...this.topics.keys()];
  }

  confirmedTopics(): string[] {
    return [...this.confirmed];
  }

  /** The delay before reconnection attempt `attempt` (0-based): full jitter over a doubling, capped window. */
  backoffDelay(attempt: number): number {
    const window = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** attempt);
    return Math.round(window / 2 + (this.options.random() * window) / 2);
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    this.setStatus("connecting");
    let url: string | null = null;
    try {
      url = await this.options.url();
    } catch {
      url = null;
    }
    if (!this.running || generation !== this.generation) return;
    if (!url) {
      this.scheduleReconnect();
      return;
    }
    let socket: SocketLike;
    try {
      socket = this.options.socket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.resubscribeAttempt = 0;
      this.setStatus("open");
      for (const topic of this.topics.keys()) this.sendJson({ action: "subscribe", topic });
      this.startPing();
      if (reconnected) this.options.onReconnect?.();
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.confirmed.clear();
      this.options.onTopics?.([]);
      this.clearTimers();
      this.setStatus("closed");
      if (this.running) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const delay = this.backoffDelay(this.attempt);
    this.attempt += 1;
    // Anything missed while offline is refetched on the next open (onReconnect), even if the first connect failed.
    this.everOpened = true;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  /** Topics wanted but not confirmed on this socket. */
  private unconfirmed(): string[] {
    return [...this.topics.keys()].filter((topic) => !this.confirmed.has(topic));
  }

  /** After a RATE_LIMITED refusal: ask again for what is not confirmed yet, waiting longer each time. */
  private scheduleResubscribe(): void {
    if (this.resubscribeTimer || this.unconfirmed().length === 0) return;
    const delay = this.backoffDelay(this.resubscribeAttempt);
    this.resubscribeAttempt += 1;
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = null;
      for (const topic of this.unconfirmed()) this.sendJson({ action: "subscribe", topic });
    }, delay);
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.sendJson({ action: "ping" }), this.options.pingEveryMs);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.retryTimer = null;
    this.pingTimer = null;
    this.resubscribeTimer = null;
  }

  private sendJson(message: Record<string, string>): void {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== "string") return;
    let event: RealtimeEvent;
    try {
      const parsed = JSON.parse(raw) as Partial<RealtimeEvent>;
      if (!parsed || typeof parsed.type !== "string") return;
      event = { type: parsed.type, data: (parsed.data ?? {}) as Record<string, unknown>, at: parsed.at };
    } catch {
      return;
    }
    const topic = (event.data as { topic?: unknown }).topic;
    if (typeof topic === "string" && (event.type === "subscribed" || event.type === "unsubscribed")) {
      if (event.type === "subscribed" && this.topics.has(topic)) this.confirmed.add(topic);
      else this.confirmed.delete(topic);
      if (this.unconfirmed().length === 0) this.resubscribeAttempt = 0;
      this.options.onTopics?.(this.confirmedTopics());
    }
    if (event.type === "error" && (event.data as { code?: unknown }).code === "RATE_LIMITED") this.scheduleResubscribe();
    for (const key of [event.type, "*"]) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(event);
        } catch (error) {
          console.error("realtime listener failed", error);
        }
      }
    }
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.options.onStatus?.(status);
  }
}
