import type { Slot } from "../../api/types";
import i18n from "../../i18n";

/**
 * How a doctor reads one of their slots. The public listing says `unavailable` for a blocked slot and also for one
 * outside the booking window (past, less than the minimum notice ahead, beyond the maximum advance), so the window
 * (docs/api.md, "Availability and booking": at least 1 h ahead, at most 90 days) tells them apart: inside it, `unavailable` can only mean blocked.
 */
export type SlotKind = "available" | "locked" | "booked" | "blocked" | "past" | "too-soon" | "too-far";

export const MIN_NOTICE_MS = 60 * 60_000;
export const MAX_ADVANCE_MS = 90 * 24 * 60 * 60_000;

export function slotKind(slot: Slot, now: Date): SlotKind {
  if (slot.state !== "unavailable") return slot.state;
  const ahead = new Date(slot.start).getTime() - now.getTime();
  if (ahead <= 0) return "past";
  if (ahead < MIN_NOTICE_MS) return "too-soon";
  if (ahead > MAX_ADVANCE_MS) return "too-far";
  return "blocked";
}

/** The word for each kind, in the current language (src/i18n, `doctor.week.kind`). */
export const KIND_LABELS = new Proxy({} as Record<SlotKind, string>, {
  get: (_target, kind: string) => i18n.t(`doctor.week.kind.${kind as SlotKind}`),
});

/** The CSS state class: blocked and closed kinds look alike but not like free ones. */
export function kindClass(kind: SlotKind): string {
  if (kind === "past" || kind === "too-soon" || kind === "too-far") return "state-closed";
  return `state-${kind}`;
}

export type SlotCommand = "block" | "unblock" | "delete";

/** What a doctor may do to a slot of this kind (a booked slot changes only through its appointment). */
export function slotCommands(kind: SlotKind): SlotCommand[] {
  switch (kind) {
    case "available":
      return ["block", "delete"];
    case "locked":
      return ["block"];
    case "blocked":
      return ["unblock", "delete"];
    case "too-far":
      return ["block", "unblock", "delete"];
    case "too-soon":
      return ["delete"];
    default:
      return [];
  }
}
