import type { AppointmentStatus } from "../../api/types";
import { actionsFor } from "./actions";

const start = "2026-12-01T09:00:00Z";
const before = new Date("2026-12-01T08:00:00Z");
const after = new Date("2026-12-01T09:05:00Z");
const names = (status: AppointmentStatus, now: Date) => actionsFor(status, start, now).map((a) => a.action);

describe("the actions a doctor is offered follow the appointment state machine", () => {
  it("blocks starting a visit until 15 minutes before the start, and allows it from then on", () => {
    const early = actionsFor("CONFIRMED", start, new Date("2026-12-01T08:44:00Z")).find((a) => a.action === "start");
    expect(early?.blockedBecause).toMatch(/15 minutes before/);
    const onTime = actionsFor("CONFIRMED", start, new Date("2026-12-01T08:45:00Z")).find((a) => a.action === "start");
    expect(onTime?.blockedBecause).toBeNull();
  });

  it("offers completing only a visit in progress", () => {
    for (const status of ["SCHEDULED", "CONFIRMED"] as const) {
      expect(names(status, after)).not.toContain("complete");
    }
  });

  it("drops rescheduling and cancelling once the appointment has ended", () => {
    const ended = new Date("2026-12-01T10:00:00Z");
    expect(actionsFor("SCHEDULED", start, ended, "2026-12-01T09:30:00Z").map((a) => a.action)).toEqual(["confirm", "no-show"]);
  });

  it("offers confirm, reschedule, no-show and cancel on a scheduled appointment", () => {
    expect(names("SCHEDULED", before)).toEqual(["confirm", "reschedule", "no-show", "cancel"]);
  });

  it("offers start instead of confirm once confirmed", () => {
    expect(names("CONFIRMED", before)).toEqual(["start", "reschedule", "no-show", "cancel"]);
  });

  it("offers only completing a visit in progress", () => {
    expect(names("IN_PROGRESS", after)).toEqual(["complete"]);
  });

  it.each<AppointmentStatus>(["COMPLETED", "CANCELLED", "NO_SHOW"])("offers nothing on a %s appointment", (status) => {
    expect(actionsFor(status, start, after)).toEqual([]);
  });

  it("shows a no-show as not yet possible before the appointment begins, with the reason", () => {
    const noShow = actionsFor("CONFIRMED", start, before).find((a) => a.action === "no-show");
    expect(noShow?.blockedBecause).toMatch(/once the appointment has begun/);
    const later = actionsFor("CONFIRMED", start, after).find((a) => a.action === "no-show");
    expect(later?.blockedBecause).toBeNull();
  });
});
