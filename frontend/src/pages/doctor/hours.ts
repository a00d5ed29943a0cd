/** Client-side checks of opening hours, matching chalicelib/contracts/availability.py, so mistakes show at the field. */
import i18n from "../../i18n";
import { intlLocale } from "../../i18n/format";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function timeProblem(value: string): string | null {
  if (!value) return i18n.t("doctor.hours.timeMissing");
  if (!HHMM.test(value)) return i18n.t("doctor.hours.timeFormat");
  if (Number(value.slice(3)) % 5 !== 0) return i18n.t("doctor.hours.timeGrid");
  return null;
}

export function endProblem(start: string, end: string): string | null {
  return timeProblem(end) ?? (!timeProblem(start) && end <= start ? i18n.t("doctor.hours.endAfterStart") : null);
}

export function durationProblem(value: number | string): string | null {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240) return i18n.t("doctor.hours.duration");
  if (minutes % 5 !== 0) return i18n.t("doctor.hours.fiveMinutes");
  return null;
}

export function bufferProblem(value: number | string): string | null {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 120) return i18n.t("doctor.hours.buffer");
  if (minutes % 5 !== 0) return i18n.t("doctor.hours.fiveMinutes");
  return null;
}

/** How many slots of `duration` + `buffer` fit between two wall times (the server's run_of_slots, on a calm day). */
export function slotsThatFit(start: string, end: string, duration: number, buffer: number): number {
  if (timeProblem(start) || timeProblem(end) || durationProblem(duration) || bufferProblem(buffer)) return 0;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const length = minutes(end) - minutes(start);
  if (length < duration) return 0;
  return Math.floor((length - duration) / (duration + buffer)) + 1;
}

/** ISO weekdays (1 = Monday ... 7 = Sunday), named in the current language (1 January 2024 was a Monday). */
function weekdayName(day: number, style: "short" | "long"): string {
  return new Intl.DateTimeFormat(intlLocale(), { weekday: style, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, day, 12)));
}

export const WEEKDAYS: { value: number; short: string; long: string }[] = [1, 2, 3, 4, 5, 6, 7].map((value) => ({
  value,
  get short() {
    return weekdayName(value, "short");
  },
  get long() {
    return weekdayName(value, "long");
  },
}));

export function weekdayList(days: number[]): string {
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => WEEKDAYS[d - 1]?.short ?? String(d))
    .join(", ");
}
