import { addToCalendarLinks } from "./calendarLinks";

describe("add-to-calendar links", () => {
  it("fill Google's event template and Outlook's compose link with the appointment in UTC", () => {
    const links = addToCalendarLinks({
      title: "Appointment with Anna Schmidt",
      start: "2026-12-03T10:00:00+01:00",
      end: "2026-12-03T10:30:00+01:00",
      details: "https://docspot.test/appointments/apt-1",
    });
    const google = new URL(links.google);
    expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(google.searchParams.get("action")).toBe("TEMPLATE");
    expect(google.searchParams.get("dates")).toBe("20261203T090000Z/20261203T093000Z");
    expect(google.searchParams.get("text")).toBe("Appointment with Anna Schmidt");
    const outlook = new URL(links.outlook);
    expect(outlook.searchParams.get("startdt")).toBe("2026-12-03T09:00:00Z");
    expect(outlook.searchParams.get("enddt")).toBe("2026-12-03T09:30:00Z");
    expect(outlook.searchParams.get("subject")).toBe("Appointment with Anna Schmidt");
    expect(outlook.searchParams.get("body")).toBe("https://docspot.test/appointments/apt-1");
  });
});
