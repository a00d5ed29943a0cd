import type { Slot } from "../../api/types";
import { slotCommands, slotKind } from "./slotView";

const now = new Date("2026-12-01T08:00:00Z");
const slot = (start: string, state: Slot["state"]): Slot => ({
  slot_id: `s-${start}`,
  start,
  end: start,
  duration_minutes: 30,
  state,
});

describe("how a doctor reads their slots", () => {
  it("calls an unavailable slot inside the booking window blocked, and offers to unblock it", () => {
    const kind = slotKind(slot("2026-12-02T09:00:00Z", "unavailable"), now);
    expect(kind).toBe("blocked");
    expect(slotCommands(kind)).toEqual(["unblock", "delete"]);
  });

  it("tells past and too-soon slots apart from blocked ones", () => {
    expect(slotKind(slot("2026-12-01T07:00:00Z", "unavailable"), now)).toBe("past");
    expect(slotKind(slot("2026-12-01T08:30:00Z", "unavailable"), now)).toBe("too-soon");
    expect(slotCommands("past")).toEqual([]);
  });

  it("lets a free slot be blocked or deleted, a held one only blocked, a booked one neither", () => {
    expect(slotCommands(slotKind(slot("2026-12-02T09:00:00Z", "available"), now))).toEqual(["block", "delete"]);
    expect(slotCommands(slotKind(slot("2026-12-02T09:00:00Z", "locked"), now))).toEqual(["block"]);
    expect(slotCommands(slotKind(slot("2026-12-02T09:00:00Z", "booked"), now))).toEqual([]);
  });
});
