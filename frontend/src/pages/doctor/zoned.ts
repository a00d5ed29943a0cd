import { formatCalendarDay, formatDayTime, formatLongDate, zoneName } from "../../i18n/format";

/**
 * Calendar arithmetic in a named IANA time zone with nothing but Intl: a doctor's week is laid out on the doctor's
 * own calendar, whatever zone the browser is in, and the API is sent instants with their offset.
 */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** Minutes the zone is ahead of UTC at `instant` (e.g. 60 for Berlin in winter). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DD` of `instant` on the zone's calendar. */
export function dayIn(instant: Date | string, timeZone: string): string {
  const wall = wallClock(new Date(instant), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `HH:MM` of `instant` on the zone's clock. */
export function timeIn(instant: Date | string, timeZone: string): string {
  const wall = wallClock(new Date(instant), timeZone);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * The instant a wall-clock time on `day` means in the zone. A time skipped when clocks go forward moves forward
 * by the gap, like the server's rules.to_utc.
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = wallAsUtc - offsetMinutes(new Date(wallAsUtc), timeZone) * 60_000;
  const second = wallAsUtc - offsetMinutes(new Date(first), timeZone) * 60_000;
  return new Date(Math.max(first, second));
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2026-12-01T09:00:00+01:00`. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const wall = wallClock(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${zone}`;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** From the first instant of `first` to the last second of `last` (inclusive), both on the zone's calendar. */
export function daysRange(first: string, last: string, timeZone: string): { from: string; to: string } {
  const start = zonedInstant(first, "00:00", timeZone);
  const end = new Date(zonedInstant(addDays(last, 1), "00:00", timeZone).getTime() - 1000);
  return { from: isoWithOffset(start, timeZone), to: isoWithOffset(end, timeZone) };
}

/** "Tue 1 Dec" for a calendar date, in the current language. */
export function dayLabel(day: string): string {
  return formatCalendarDay(day);
}

/** "Tuesday 1 December 2026" for a calendar date, in the current language. */
export function longDayLabel(day: string): string {
  return formatLongDate(day);
}

/** "Tue 1 Dec, 09:30" in the zone. */
export function dateTimeIn(instant: string | Date, timeZone: string): string {
  return formatDayTime(instant, timeZone);
}

/** "Berlin time": whose clock the times on a page are. */
export function zoneLabel(timeZone: string, _at: Date = new Date()): string {
  return zoneName(timeZone);
}
