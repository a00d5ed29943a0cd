import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { toastFor } from "./LiveToasts";

const base = { appointment_id: "a1", doctor_id: "d1", start: "2026-12-01T09:00:00Z", status: "SCHEDULED" };

describe("toastFor", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-20T10:00:00Z"), toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("tells the doctor about a new booking made by a patient", () => {
    const toast = toastFor({ type: "new-appointment", data: { ...base, notification_id: "n1" } }, "doctor", "UTC");
    expect(toast).toEqual({ title: "New appointment", message: "A patient booked an appointment for Tue 1 Dec, 09:00 (UTC)." });
  });

  it("stays quiet for the one who made the change (no feed entry was written for them)", () => {
    expect(toastFor({ type: "appointment-cancelled", data: { ...base, notification_id: null } }, "patient")).toBeNull();
  });

  it("reads a reschedule from the notification event's kind", () => {
    const data = { ...base, kind: "appointment-rescheduled", notification_id: "n2" };
    expect(toastFor({ type: "notification", data }, "patient", "UTC")?.title).toBe("Appointment moved");
  });
});
