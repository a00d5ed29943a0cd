import { addDays, dateTimeIn, dayIn, daysRange, isoWeekday, isoWithOffset, mondayOf, timeIn, zonedInstant } from "./zoned";

describe("a doctor's calendar in their own time zone", () => {
  it("reads an instant as the day and time on the doctor's clock, not the browser's", () => {
    const instant = "2026-12-01T23:30:00Z";
    expect(dayIn(instant, "Europe/Berlin")).toBe("2026-12-02");
    expect(timeIn(instant, "Europe/Berlin")).toBe("00:30");
    expect(dayIn(instant, "America/New_York")).toBe("2026-12-01");
    expect(timeIn(instant, "America/New_York")).toBe("18:30");
  });

  it("turns a wall-clock time into the instant with its offset", () => {
    const nine = zonedInstant("2026-12-01", "09:00", "Europe/Berlin");
    expect(nine.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(isoWithOffset(nine, "Europe/Berlin")).toBe("2026-12-01T09:00:00+01:00");
    expect(isoWithOffset(zonedInstant("2026-07-01", "09:00", "America/New_York"), "America/New_York")).toBe(
      "2026-07-01T09:00:00-04:00",
    );
  });

  it("moves a time skipped by the clocks going forward on by the gap, as the server does", () => {
    expect(zonedInstant("2026-03-29", "02:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("covers whole local days when asking the API for a range", () => {
    expect(daysRange("2026-12-01", "2026-12-01", "Asia/Tokyo")).toEqual({
      from: "2026-12-01T00:00:00+09:00",
      to: "2026-12-01T23:59:59+09:00",
    });
    expect(daysRange("2026-10-24", "2026-10-25", "Europe/Berlin")).toEqual({
      from: "2026-10-24T00:00:00+02:00",
      to: "2026-10-25T23:59:59+01:00",
    });
  });

  it("finds the Monday that starts a date's week, across month ends", () => {
    expect(isoWeekday("2026-12-06")).toBe(7);
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("labels a moment with the doctor's day and time", () => {
    expect(dateTimeIn("2026-12-01T08:00:00Z", "Europe/Berlin")).toBe("Tue 1 Dec, 09:00");
  });
});
