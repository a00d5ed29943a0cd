import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** A moment in the given IANA zone (the viewer's by default). */
export function inZone(iso: string | Date | Dayjs, zone?: string): Dayjs {
  return dayjs(iso).tz(zone ?? browserZone());
}

const dateTime = (zone?: string): Intl.DateTimeFormatOptions => ({
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: zone ?? browserZone(),
});

export function formatDateTime(iso: string, zone?: string): string {
  return new Intl.DateTimeFormat("en-GB", dateTime(zone)).format(new Date(iso));
}

export function formatDate(iso: string, zone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: zone ?? browserZone(),
  }).format(new Date(iso));
}

export function formatTime(iso: string, zone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone ?? browserZone() }).format(
    new Date(iso),
  );
}

/** "Europe/Berlin" -> "Berlin time (Europe/Berlin)" for labels next to times. */
export function zoneLabel(zone: string): string {
  const city = zone.split("/").pop()?.replace(/_/g, " ") ?? zone;
  return zone === "UTC" ? "UTC" : `${city} time (${zone})`;
}

/** mm:ss left until `until`, never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
