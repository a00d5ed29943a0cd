import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RealtimeConnection, type SocketFactory } from "./connection";

/** A stateful stand-in for the browser's WebSocket: the test opens, feeds and drops it. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, string>[] = [];
  closedByClient = false;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  constructor(public url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, string>);
  }

  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  receive(message: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(message) }));
  }

  drop() {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code: 1006 }));
  }
}

const factory: SocketFactory = (url) => new FakeSocket(url);
const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

function connection(overrides: Partial<ConstructorParameters<typeof RealtimeConnection>[0]> = {}) {
  let token = 1;
  return new RealtimeConnection({
    url: async () => `ws://stack/ws?token=t${token++}`,
    socket: factory,
    random: () => 0.5,
    ...overrides,
  });
}

describe("RealtimeConnection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("connects with a fresh token and subscribes each topic once, however many components want it", async () => {
    const conn = connection();
    const undoA = conn.subscribe("doctor#d1#slots");
    const undoB = conn.subscribe("doctor#d1#slots");
    conn.start();
    await settle();
    latest().open();
    expect(latest().url).toBe("ws://stack/ws?token=t1");
    expect(latest().sent).toEqual([{ action: "subscribe", topic: "doctor#d1#slots" }]);
    undoA();
    expect(latest().sent).toHaveLength(1);
    undoB();
    expect(latest().sent[1]).toEqual({ action: "unsubscribe", topic: "doctor#d1#slots" });
  });

  it("reconnects with growing, jittered delays, re-subscribes its topics and asks for a refetch", async () => {
    // Given a live connection with one topic
    const onReconnect = vi.fn();
    const conn = connection({ onReconnect, baseDelayMs: 1000, maxDelayMs: 8000 });
    conn.subscribe("admin");
    conn.start();
    await settle();
    latest().open();
    expect(onReconnect).not.toHaveBeenCalled();

    // When the connection drops and the first attempts fail
    latest().drop();
    expect(conn.status).toBe("closed");
    await vi.advanceTimersByTimeAsync(749);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop();
    await vi.advanceTimersByTimeAsync(1499);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);

    // Then the next open re-subscribes with a new token and tells the app to refetch what it missed
    latest().open();
    expect(latest().url).toBe("ws://stack/ws?token=t3");
    expect(latest().sent).toEqual([{ action: "subscribe", topic: "admin" }]);
    expect(onReconnect).toHaveBeenCalledTimes(1);
  });

  it("spreads delays with jitter and caps them", () => {
    const low = connection({ random: () => 0, baseDelayMs: 1000, maxDelayMs: 30_000 });
    const high = connection({ random: () => 1, baseDelayMs: 1000, maxDelayMs: 30_000 });
    expect([0, 1, 2, 3].map((n) => low.backoffDelay(n))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => high.backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(high.backoffDelay(20)).toBe(30_000);
    expect(low.backoffDelay(20)).toBe(15_000);
  });

  it("starts counting again from the first delay after a successful reconnect", async () => {
    const conn = connection({ baseDelayMs: 1000 });
    conn.start();
    await settle();
    latest().open();
    latest().drop();
    await vi.advanceTimersByTimeAsync(750);
    latest().open();
    latest().drop();
    await vi.advanceTimersByTimeAsync(750);
    expect(FakeSocket.all).toHaveLength(3);
  });

  it("pings every five minutes while open, and stops when closed", async () => {
    const conn = connection();
    conn.start();
    await settle();
    const socket = latest();
    socket.open();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(socket.sent).toEqual([{ action: "ping" }]);
    conn.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(socket.sent).toHaveLength(1);
    expect(socket.closedByClient).toBe(true);
  });

  it("delivers events to listeners of their type and to '*', and ignores junk", async () => {
    const conn = connection();
    const locked = vi.fn();
    const everything = vi.fn();
    conn.on("slot-locked", locked);
    const off = conn.on("*", everything);
    conn.start();
    await settle();
    latest().open();
    latest().receive({ type: "slot-locked", data: { slot_id: "s1" }, at: "2026-12-01T10:00:00Z" });
    latest().onmessage?.(new MessageEvent("message", { data: "not json" }));
    latest().receive({ nothing: true });
    off();
    latest().receive({ type: "pong" });
    expect(locked).toHaveBeenCalledWith({ type: "slot-locked", data: { slot_id: "s1" }, at: "2026-12-01T10:00:00Z" });
    expect(everything).toHaveBeenCalledTimes(1);
  });

  it("tracks the topics the server confirmed, and forgets them when the socket drops", async () => {
    const onTopics = vi.fn();
    const conn = connection({ onTopics });
    conn.subscribe("doctor#d1#slots");
    conn.start();
    await settle();
    latest().open();
    latest().receive({ type: "subscribed", data: { topic: "doctor#d1#slots" } });
    expect(conn.confirmedTopics()).toEqual(["doctor#d1#slots"]);
    latest().drop();
    expect(conn.confirmedTopics()).toEqual([]);
    expect(onTopics).toHaveBeenLastCalledWith([]);
  });

  it("waits and retries when there is no token to connect with", async () => {
    let calls = 0;
    const conn = connection({
      url: async () => (++calls < 2 ? null : "ws://stack/ws?token=late"),
      baseDelayMs: 1000,
    });
    conn.start();
    await settle();
    expect(FakeSocket.all).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(750);
    expect(latest().url).toBe("ws://stack/ws?token=late");
  });

  it("uses the browser's WebSocket when given no factory (an explicit undefined included)", async () => {
    const created: string[] = [];
    vi.stubGlobal(
      "WebSocket",
      class {
        readyState = 0;
        constructor(url: string) {
          created.push(url);
        }
        close() {}
      },
    );
    try {
      const conn = new RealtimeConnection({ url: async () => "ws://stack/ws?token=t", socket: undefined });
      conn.start();
      await settle();
      expect(created).toEqual(["ws://stack/ws?token=t"]);
      conn.stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("does not reconnect after stop()", async () => {
    const conn = connection();
    conn.start();
    await settle();
    latest().open();
    conn.stop();
    latest().drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("asks again, with growing waits, for a subscription the server refused as RATE_LIMITED", async () => {
    const conn = connection();
    conn.subscribe("doctor#d1#slots");
    conn.subscribe("admin");
    conn.start();
    await settle();
    latest().open();
    latest().receive({ type: "subscribed", data: { topic: "admin" } });
    latest().sent = [];

    // The second subscribe was dropped by the server's rate limit: nothing names the topic, only the code.
    latest().receive({ type: "error", data: { code: "RATE_LIMITED", message: "slow down" } });
    await vi.advanceTimersByTimeAsync(400);
    expect(latest().sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(latest().sent).toEqual([{ action: "subscribe", topic: "doctor#d1#slots" }]);

    // Refused again: the next try waits longer (full jitter over a doubled window, here 1.5 s).
    latest().sent = [];
    latest().receive({ type: "error", data: { code: "RATE_LIMITED", message: "slow down" } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(latest().sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(600);
    expect(latest().sent).toEqual([{ action: "subscribe", topic: "doctor#d1#slots" }]);

    // Once confirmed, nothing more is sent, and the topics are all live.
    latest().receive({ type: "subscribed", data: { topic: "doctor#d1#slots" } });
    latest().sent = [];
    await vi.advanceTimersByTimeAsync(60_000);
    expect(latest().sent.filter((m) => m.action === "subscribe")).toEqual([]);
    expect(conn.confirmedTopics().sort()).toEqual(["admin", "doctor#d1#slots"]);
  });

  it("does not retry after a RATE_LIMITED answer when every topic is already confirmed", async () => {
    const conn = connection();
    conn.subscribe("admin");
    conn.start();
    await settle();
    latest().open();
    latest().receive({ type: "subscribed", data: { topic: "admin" } });
    latest().sent = [];
    latest().receive({ type: "error", data: { code: "RATE_LIMITED", message: "a ping was dropped" } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(latest().sent.filter((m) => m.action === "subscribe")).toEqual([]);
  });
});
