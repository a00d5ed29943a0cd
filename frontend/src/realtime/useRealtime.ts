import { useContext, useEffect, useLayoutEffect, useRef } from "react";
import type { RealtimeEvent } from "./connection";
import { RealtimeContext } from "./context";

export type { RealtimeEvent } from "./connection";

/** The tab's connection: `subscribe(topic)` and `on(type, listener)` both return their undo. */
export function useRealtime() {
  const state = useContext(RealtimeContext);
  if (!state) throw new Error("useRealtime outside RealtimeProvider");
  const { connection, status } = state;
  return {
    status,
    subscribe: (topic: string) => connection.subscribe(topic),
    on: (type: string, listener: (event: RealtimeEvent) => void) => connection.on(type, listener),
  };
}

/** Subscribed to `topic` while the component is mounted (and `topic` is not null). */
export function useTopic(topic: string | null): void {
  const state = useContext(RealtimeContext);
  const connection = state?.connection;
  useEffect(() => {
    if (!connection || !topic) return;
    return connection.subscribe(topic);
  }, [connection, topic]);
}

/** Calls the latest `handler` for each event of the given types while mounted. */
export function useRealtimeEvent(types: string | string[], handler: (event: RealtimeEvent) => void): void {
  const state = useContext(RealtimeContext);
  const connection = state?.connection;
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const key = Array.isArray(types) ? types.join(",") : types;
  useEffect(() => {
    if (!connection) return;
    const offs = key.split(",").map((type) => connection.on(type, (event) => latest.current(event)));
    return () => offs.forEach((off) => off());
  }, [connection, key]);
}
