import i18n from "i18next";

/**
 * Every date, time, number and amount on a page goes through here, in the current language: one time format
 * everywhere ("Thu 10 Dec, 09:00 (Berlin time)"), both zones when the viewer's differs from the one that counts.
 */
const LOCALES: Record<string, string> = { en: "en-GB", de: "de-DE" };

export function intlLocale(language: string = i18n.language): string {
  return LOCALES[language] ?? LOCALES[language.split("-")[0] ?? ""] ?? "en-GB";
}

export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: string, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = intlLocale();
  const key = `${locale}|${kind}|${zone}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    cache.set(key, found);
  }
  return found;
}

const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const DAY: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" };
const DAY_WITH_YEAR: Intl.DateTimeFormatOptions = { ...DAY, year: "numeric" };

function yearOf(instant: Date, zone: string): string {
  return formatter("year", zone, { year: "numeric" }).format(instant);
}

/** "Thu 10 Dec" (the year added when it is not this year's), on the zone's calendar. */
export function formatDay(iso: string | Date, zone: string = browserZone()): string {
  const instant = new Date(iso);
  const thisYear = yearOf(instant, zone) === yearOf(new Date(), zone);
  const text = formatter(thisYear ? "day" : "dayYear", zone, thisYear ? DAY : DAY_WITH_YEAR).format(instant);
  // en-GB writes "Fri, 15 Jan 2027" with a year but "Thu 10 Dec" without: one shape, with or without the year.
  return intlLocale() === "en-GB" ? text.replace(/^([A-Za-z]+),/, "$1") : text;
}

/** "Thursday 10 December 2026" for a calendar date `YYYY-MM-DD`. */
export function formatLongDate(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return formatter("long", "UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(Date.UTC(y, m - 1, d, 12)),
  );
}

/**
 * "12 Mar 2019" ("12.03.2019" in German) for a calendar date `YYYY-MM-DD`: a date that is not a day of the week to
 * come (a record's dates, a birthday). Anything else is shown as it is.
 */
export function formatShortDate(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  return formatter("short", "UTC", { dateStyle: "medium" }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "Thu 10 Dec" for a calendar date `YYYY-MM-DD`. */
export function formatCalendarDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return formatDay(new Date(Date.UTC(y, m - 1, d, 12)), "UTC");
}

/** "Tuesday 1 December" on the zone's calendar (what a screen reader says for a time's day). */
export function formatSpokenDay(iso: string | Date, zone: string = browserZone()): string {
  return formatter("spoken", zone, { weekday: "long", day: "numeric", month: "long" }).format(new Date(iso));
}

/** "09:00" on the zone's clock. */
export function formatTime(iso: string | Date, zone: string = browserZone()): string {
  return formatter("time", zone, TIME).format(new Date(iso));
}

/** "Berlin time" for Europe/Berlin; "UTC" for UTC. */
export function zoneName(zone: string): string {
  if (zone === "UTC" || zone === "Etc/UTC") return "UTC";
  const city = zone.split("/").pop()?.replace(/_/g, " ") ?? zone;
  return i18n.t("time.zone", { city });
}

/** "Thu 10 Dec, 09:00" without the zone (for lists whose heading names it). */
export function formatDayTime(iso: string | Date, zone: string = browserZone()): string {
  return i18n.t("time.dayTime", { day: formatDay(iso, zone), time: formatTime(iso, zone) });
}

/**
 * "Thu 10 Dec, 09:00 (Berlin time)"; with `end`, "Thu 10 Dec, 09:00–09:30 (Berlin time)". When the viewer's zone
 * differs from `zone`, the viewer's clock follows: "… · 08:00 (London time)" (with its day when that differs).
 */
export function formatWhen(
  start: string | Date,
  zone: string,
  { end, viewerZone }: { end?: string | Date; viewerZone?: string | null } = {},
): string {
  const main = one(new Date(start), end ? new Date(end) : undefined, zone, true);
  if (!viewerZone || viewerZone === zone || sameOffset(new Date(start), zone, viewerZone)) return main;
  const showDay = dayDiffers(new Date(start), zone, viewerZone);
  return `${main} · ${one(new Date(start), end ? new Date(end) : undefined, viewerZone, showDay)}`;
}

function one(start: Date, end: Date | undefined, zone: string, withDay: boolean): string {
  const time = end ? `${formatTime(start, zone)}–${formatTime(end, zone)}` : formatTime(start, zone);
  const when = withDay ? i18n.t("time.dayTime", { day: formatDay(start, zone), time }) : time;
  return `${when} (${zoneName(zone)})`;
}

function dayDiffers(instant: Date, a: string, b: string): boolean {
  const ymd = (zone: string) =>
    formatter("ymd", zone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  return ymd(a) !== ymd(b);
}

function sameOffset(instant: Date, a: string, b: string): boolean {
  const names = (zone: string) => formatter("offset", zone, { timeZoneName: "shortOffset" }).format(instant);
  return names(a) === names(b);
}

/** An amount with its currency, e.g. "€80.00" / "80,00 €". */
export function formatMoney(amount: number, currency: string = appCurrency()): string {
  try {
    return new Intl.NumberFormat(intlLocale(), { style: "currency", currency }).format(amount);
  } catch {
    return new Intl.NumberFormat(intlLocale(), { style: "currency", currency: "EUR" }).format(amount);
  }
}

/** A price as the API sends it (a decimal string with an ISO 4217 code), in the reader's language. */
export function formatPrice(price: { amount: string; currency: string }): string {
  return formatMoney(Number(price.amount), price.currency);
}

/** A language's name from its ISO 639-1 code, in the reader's language. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([intlLocale()], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intlLocale()).format(value);
}

let currency = "EUR";

/** The currency fees are charged in (config.json's `currency`, EUR when it names none). */
export function appCurrency(): string {
  return currency;
}

export function setAppCurrency(code: string | null | undefined): void {
  currency = code && /^[A-Z]{3}$/.test(code) ? code : "EUR";
}

/** "1.2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} KB`;
  return `${number(bytes / (1024 * 1024), 1)} MB`;
}
