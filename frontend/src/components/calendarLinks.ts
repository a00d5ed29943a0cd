/**
 * "Add to calendar" links from the calendars' own URL templates (no third-party script). They make an entry of
 * their own that later moves do not update, unlike the .ics invite; the server builds the same links for mails
 * (chalicelib/services/booking/calendar.py, add_to_calendar_links).
 */
export interface CalendarLinks {
  google: string;
  outlook: string;
}

function compact(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function utc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function addToCalendarLinks({
  title,
  start,
  end,
  details,
}: {
  title: string;
  start: string;
  end: string;
  details: string;
}): CalendarLinks {
  const google = new URLSearchParams({ action: "TEMPLATE", text: title, dates: `${compact(start)}/${compact(end)}`, details });
  const outlook = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: title,
    startdt: utc(start),
    enddt: utc(end),
    body: details,
  });
  return {
    google: `https://calendar.google.com/calendar/render?${google.toString()}`,
    outlook: `https://outlook.live.com/calendar/0/deeplink/compose?${outlook.toString()}`,
  };
}
