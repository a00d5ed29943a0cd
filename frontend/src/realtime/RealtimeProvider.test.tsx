import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setConfigForTests } from "../api/config";
import type { User } from "../api/types";
import { AuthContext, type AuthState } from "../auth/context";
import type { SocketFactory } from "./connection";
import { RealtimeProvider } from "./RealtimeProvider";
import { useTopic } from "./useRealtime";

vi.mock("../api", () => ({ api: { freshAccessToken: async () => "token-1" } }));

interface Fake {
  url: string;
  readyState: number;
  sent: string[];
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(): void;
}

const sockets: Fake[] = [];
const factory: SocketFactory = (url) => {
  const socket: Fake = {
    url,
    readyState: 0,
    sent: [],
    onopen: null,
    onclose: null,
    onmessage: null,
    onerror: null,
    send(data) {
      this.sent.push(data);
    },
    close() {
      this.readyState = 3;
    },
  };
  sockets.push(socket);
  return socket;
};

const user = { user_id: "u1", role: "patient", name: "Paula" } as User;
const auth = { user, role: "patient", accessToken: "token-1" } as AuthState;

function Watcher() {
  useTopic("doctor#d1#slots");
  return null;
}

describe("RealtimeProvider", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sockets.length = 0;
    setConfigForTests({ stage: "test", apiUrl: "/api", wsUrl: "ws://stack/ws", currency: "EUR" });
  });
  afterEach(() => {
    vi.useRealTimers();
    setConfigForTests(null);
  });

  it("connects once signed in, re-subscribes after a drop and refetches every query on reconnect", async () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries");
    render(
      <QueryClientProvider client={client}>
        <AuthContext.Provider value={auth}>
          <RealtimeProvider socket={factory}>
            <Watcher />
          </RealtimeProvider>
        </AuthContext.Provider>
      </QueryClientProvider>,
    );
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe("ws://stack/ws?token=token-1");
    act(() => {
      sockets[0]!.readyState = 1;
      sockets[0]!.onopen?.(new Event("open"));
    });
    expect(sockets[0]!.sent).toContain(JSON.stringify({ action: "subscribe", topic: "doctor#d1#slots" }));
    expect(invalidate).not.toHaveBeenCalled();

    act(() => {
      sockets[0]!.readyState = 3;
      sockets[0]!.onclose?.(new CloseEvent("close"));
    });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(sockets).toHaveLength(2);
    act(() => {
      sockets[1]!.readyState = 1;
      sockets[1]!.onopen?.(new Event("open"));
    });
    expect(sockets[1]!.sent).toContain(JSON.stringify({ action: "subscribe", topic: "doctor#d1#slots" }));
    expect(invalidate).toHaveBeenCalledWith();
  });
});
