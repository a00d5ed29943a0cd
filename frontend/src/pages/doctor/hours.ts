/** Client-side checks of opening hours, matching chalicelib/contracts/availability.py, so mistakes show at the field. */
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function timeProblem(value: string): string | null {
  if (!value) return "Enter a time.";
  if (!HHMM.test(value)) return "Enter a time as HH:MM.";
  if (Number(value.slice(3)) % 5 !== 0) return "Use a time on a 5-minute mark, e.g. 09:05.";
  return null;
}

export function endProblem(start: string, end: string): string | null {
  return timeProblem(end) ?? (!timeProblem(start) && end <= start ? "The end must be after the start." : null);
}

export function durationProblem(value: number | string): string | null {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240) return "A slot lasts from 5 to 240 minutes.";
  if (minutes % 5 !== 0) return "Use a multiple of 5 minutes.";
  return null;
}

export function bufferProblem(value: number | string): string | null {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 120) return "A break lasts from 0 to 120 minutes.";
  if (minutes % 5 !== 0) return "Use a multiple of 5 minutes.";
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

export const WEEKDAYS: { value: number; short: string; long: string }[] = [
  { value: 1, short: "Mon", long: "Monday" },
  { value: 2, short: "Tue", long: "Tuesday" },
  { value: 3, short: "Wed", long: "Wednesday" },
  { value: 4, short: "Thu", long: "Thursday" },
  { value: 5, short: "Fri", long: "Friday" },
  { value: 6, short: "Sat", long: "Saturday" },
  { value: 7, short: "Sun", long: "Sunday" },
];

export function weekdayList(days: number[]): string {
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => WEEKDAYS[d - 1]?.short ?? String(d))
    .join(", ");
}
