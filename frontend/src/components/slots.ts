import type { Slot, SlotList } from "../api/types";
import type { RealtimeEvent } from "../realtime/connection";

export type ShownState = "free" | "held" | "hidden";

/**
 * What a slot looks like to a patient at `now`: a hold whose time is up is free again (an expired hold sends no
 * event), booked, blocked and past slots are gone.
 */
export function shownState(slot: Slot, now: number): ShownState {
  if (new Date(slot.start).getTime() <= now) return "hidden";
  if (slot.state === "available") return "free";
  if (slot.state === "locked") {
    const until = slot.lock_expires_at ? new Date(slot.lock_expires_at).getTime() : 0;
    return until > now ? "held" : "free";
  }
  return "hidden";
}

export interface SlotEventData {
  slot_id?: string;
  doctor_id?: string;
  start?: string;
  end?: string;
  state?: string;
  expires_at?: string | null;
  refetch?: boolean;
}

const STATE_OF: Record<string, Slot["state"]> = {
  "slot-locked": "locked",
  "slot-unlocked": "available",
  "slot-booked": "booked",
};

/** Slot event types that concern a doctor's week. */
export const SLOT_EVENTS = [
  "slot-locked",
  "slot-unlocked",
  "slot-booked",
  "slot-added",
  "slot-removed",
  "slot-availability-changed",
];

/**
 * The week after a live slot event, or "refetch" when the event cannot be applied in place (a bulk change, or a
 * slot this list does not hold yet).
 */
export function applySlotEvent(list: SlotList, event: RealtimeEvent): SlotList | "refetch" {
  const data = event.data as SlotEventData;
  if (data.refetch || !data.slot_id) return "refetch";
  const index = list.items.findIndex((s) => s.slot_id === data.slot_id);
  if (event.type === "slot-removed") {
    return index < 0 ? list : { ...list, items: list.items.filter((s) => s.slot_id !== data.slot_id) };
  }
  if (index < 0) return "refetch";
  const current = list.items[index]!;
  const state = (STATE_OF[event.type] ?? (data.state as Slot["state"] | undefined)) || current.state;
  const next: Slot = { ...current, state };
  if (state === "locked" && data.expires_at) next.lock_expires_at = data.expires_at;
  else delete next.lock_expires_at;
  const items = [...list.items];
  items[index] = next;
  return { ...list, items };
}
