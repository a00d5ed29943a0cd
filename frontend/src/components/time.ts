import dayjs, { type Dayjs } from "dayjs";
import "dayjs/locale/de";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import {
  browserZone,
  formatDay,
  formatDayTime,
  formatLongDate,
  formatTime as clock,
  formatWhen,
  zoneName,
} from "../i18n/format";

dayjs.extend(utc);
dayjs.extend(timezone);

export { browserZone, dayjs, formatDay, formatWhen, zoneName };

/** A moment in the given IANA zone (the viewer's by default). */
export function inZone(iso: string | Date | Dayjs, zone?: string): Dayjs {
  return dayjs(iso).tz(zone ?? browserZone());
}

/** "Thu 10 Dec, 09:00" in the zone (the viewer's by default), in the current language. */
export function formatDateTime(iso: string, zone?: string): string {
  return formatDayTime(iso, zone ?? browserZone());
}

/** "Thursday 10 December 2026" for the zone's calendar day of `iso`. */
export function formatDate(iso: string, zone?: string): string {
  return formatLongDate(inZone(iso, zone).format("YYYY-MM-DD"));
}

export function formatTime(iso: string, zone?: string): string {
  return clock(iso, zone ?? browserZone());
}

/** "Berlin time" for labels next to times. */
export function zoneLabel(zone: string): string {
  return zoneName(zone);
}

/** mm:ss left until `until`, never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
