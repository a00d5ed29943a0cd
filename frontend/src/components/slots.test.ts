import { describe, expect, it } from "vitest";
import type { SlotList } from "../api/types";
import { applySlotEvent, shownState } from "./slots";

const list: SlotList = {
  timezone: "Europe/Berlin",
  items: [
    { slot_id: "s1", start: "2026-12-01T09:00:00Z", end: "2026-12-01T09:30:00Z", duration_minutes: 30, state: "available" },
    {
      slot_id: "s2",
      start: "2026-12-01T09:30:00Z",
      end: "2026-12-01T10:00:00Z",
      duration_minutes: 30,
      state: "locked",
      lock_expires_at: "2026-12-01T08:05:00Z",
    },
  ],
};

const event = (type: string, data: Record<string, unknown>) => ({ type, data });

describe("applySlotEvent", () => {
  it("marks a slot held with the hold's end", () => {
    const next = applySlotEvent(list, event("slot-locked", { slot_id: "s1", state: "locked", expires_at: "2026-12-01T08:10:00Z" }));
    expect(next).not.toBe("refetch");
    expect((next as SlotList).items[0]).toMatchObject({ state: "locked", lock_expires_at: "2026-12-01T08:10:00Z" });
    expect(list.items[0]!.state).toBe("available");
  });

  it("frees a released slot and drops its hold time", () => {
    const next = applySlotEvent(list, event("slot-unlocked", { slot_id: "s2", state: "available" })) as SlotList;
    expect(next.items[1]!.state).toBe("available");
    expect(next.items[1]!.lock_expires_at).toBeUndefined();
  });

  it("marks a booked slot booked and removes a deleted one", () => {
    const booked = applySlotEvent(list, event("slot-booked", { slot_id: "s1" })) as SlotList;
    expect(booked.items[0]!.state).toBe("booked");
    const removed = applySlotEvent(list, event("slot-removed", { slot_id: "s1" })) as SlotList;
    expect(removed.items.map((s) => s.slot_id)).toEqual(["s2"]);
  });

  it("asks for a refetch for bulk changes and for slots it does not have", () => {
    expect(applySlotEvent(list, event("slot-availability-changed", { doctor_id: "d", refetch: true }))).toBe("refetch");
    expect(applySlotEvent(list, event("slot-added", { slot_id: "new", state: "available" }))).toBe("refetch");
  });

  it("applies availability changes of a single slot by its state", () => {
    const blocked = applySlotEvent(list, event("slot-availability-changed", { slot_id: "s1", state: "unavailable" })) as SlotList;
    expect(blocked.items[0]!.state).toBe("unavailable");
  });
});

describe("shownState", () => {
  const now = Date.parse("2026-12-01T08:00:00Z");
  it("hides past, booked and blocked slots and frees expired holds", () => {
    expect(shownState(list.items[0]!, now)).toBe("free");
    expect(shownState(list.items[1]!, now)).toBe("held");
    expect(shownState(list.items[1]!, Date.parse("2026-12-01T08:05:00Z"))).toBe("free");
    expect(shownState({ ...list.items[0]!, state: "booked" }, now)).toBe("hidden");
    expect(shownState({ ...list.items[0]!, state: "unavailable" }, now)).toBe("hidden");
    expect(shownState(list.items[0]!, Date.parse("2026-12-01T09:00:00Z"))).toBe("hidden");
  });
});
