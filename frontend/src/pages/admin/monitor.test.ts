import { appointment } from "../doctor/testing";
import { applyChange, dayQueries } from "./monitor";

describe("the admin's day of appointments", () => {
  it("asks one UTC day when the admin's day is UTC", () => {
    expect(dayQueries("2026-12-01", "UTC")).toEqual([
      { utcDay: "2026-12-01", from: "2026-12-01T00:00:00+00:00", to: "2026-12-01T23:59:59+00:00" },
    ]);
  });

  it("asks both UTC days a local day straddles, bounded to the local day", () => {
    const berlin = dayQueries("2026-12-01", "Europe/Berlin");
    expect(berlin.map((q) => q.utcDay)).toEqual(["2026-11-30", "2026-12-01"]);
    expect(berlin[0]).toMatchObject({ from: "2026-12-01T00:00:00+01:00", to: "2026-12-01T23:59:59+01:00" });
    expect(dayQueries("2026-12-01", "America/Chicago").map((q) => q.utcDay)).toEqual(["2026-12-01", "2026-12-02"]);
  });

  it("changes a row's status in place when its event arrives", () => {
    const rows = [appointment({ appointment_id: "a" }), appointment({ appointment_id: "b", start: "2026-12-01T10:00:00Z" })];
    const next = applyChange(rows, { appointment_id: "b", status: "CANCELLED" }, "2026-12-01", "UTC");
    expect(next?.map((a) => [a.appointment_id, a.status])).toEqual([
      ["a", "SCHEDULED"],
      ["b", "CANCELLED"],
    ]);
    expect(rows[1]?.status).toBe("SCHEDULED");
  });

  it("moves a rescheduled row to its new time, or off the list when it left the day", () => {
    const rows = [appointment({ appointment_id: "a", start: "2026-12-01T09:00:00Z" }), appointment({ appointment_id: "b", start: "2026-12-01T10:00:00Z" })];
    const earlier = applyChange(rows, { appointment_id: "b", start: "2026-12-01T08:00:00Z", end: "2026-12-01T08:30:00Z" }, "2026-12-01", "UTC");
    expect(earlier?.map((a) => a.appointment_id)).toEqual(["b", "a"]);
    const away = applyChange(rows, { appointment_id: "a", start: "2026-12-03T09:00:00Z" }, "2026-12-01", "UTC");
    expect(away?.map((a) => a.appointment_id)).toEqual(["b"]);
  });

  it("says it cannot apply an event about an appointment it does not list, so the day is fetched again", () => {
    expect(applyChange([appointment()], { appointment_id: "new", status: "SCHEDULED" }, "2026-12-01", "UTC")).toBeNull();
  });
});
