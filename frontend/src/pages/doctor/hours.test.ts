import { durationProblem, endProblem, slotsThatFit, timeProblem, weekdayList } from "./hours";
import { splitSchedule } from "./schedule";
import { appointment } from "./testing";

describe("opening hours a doctor types", () => {
  it("accepts times on the 5-minute grid only, as the server does", () => {
    expect(timeProblem("09:05")).toBeNull();
    expect(timeProblem("09:07")).toMatch(/5-minute mark/);
    expect(timeProblem("9:00")).toMatch(/HH:MM/);
    expect(endProblem("10:00", "09:00")).toMatch(/after the start/);
    expect(durationProblem(250)).toMatch(/5 to 240/);
  });

  it("counts the slots that fit, breaks included", () => {
    expect(slotsThatFit("09:00", "12:00", 30, 0)).toBe(6);
    expect(slotsThatFit("14:00", "17:00", 20, 10)).toBe(6);
    expect(slotsThatFit("09:00", "09:20", 30, 0)).toBe(0);
  });

  it("names weekdays in order", () => {
    expect(weekdayList([5, 1, 3])).toBe("Mon, Wed, Fri");
  });
});

describe("the dashboard's split of the schedule", () => {
  it("puts an appointment on the doctor's day, not the UTC day, and counts every status", () => {
    const late = appointment({ appointment_id: "late", start: "2026-12-01T23:30:00Z", end: "2026-12-02T00:00:00Z" });
    const morning = appointment({ appointment_id: "morning", start: "2026-12-01T08:00:00Z" });
    const cancelledToday = appointment({ appointment_id: "cancelled", status: "CANCELLED", start: "2026-12-01T10:00:00Z" });
    const cancelledLater = appointment({ appointment_id: "gone", status: "CANCELLED", start: "2026-12-05T10:00:00Z" });
    const split = splitSchedule([late, cancelledLater, morning, cancelledToday], "2026-12-01", "Europe/Berlin");
    expect(split.today.map((a) => a.appointment_id)).toEqual(["morning"]);
    expect(split.todayDone.map((a) => a.appointment_id)).toEqual(["cancelled"]);
    expect(split.upcoming.map((a) => a.appointment_id)).toEqual(["late"]);
    expect(split.counts).toMatchObject({ SCHEDULED: 2, CANCELLED: 2, CONFIRMED: 0 });
  });
});
