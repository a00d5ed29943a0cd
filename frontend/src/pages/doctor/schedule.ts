import type { Appointment, AppointmentStatus } from "../../api/types";
import { ALL_STATUSES, isActive } from "./actions";
import { dayIn } from "./zoned";

export interface DaySchedule {
  /** Today's appointments still to come or under way, soonest first. */
  today: Appointment[];
  /** Today's that are done with: finished, missed or cancelled (shown after the active ones). */
  todayDone: Appointment[];
  upcoming: Appointment[];
  counts: Record<AppointmentStatus, number>;
}

/**
 * Splits a window of appointments into today's (active first, then the finished and cancelled ones, so a
 * cancellation stays visible without pushing the day's work down) and the later active ones, by the doctor's
 * calendar; counts cover the whole window.
 */
export function splitSchedule(appointments: Appointment[], today: string, zone: string): DaySchedule {
  const sorted = [...appointments].sort((a, b) => a.start.localeCompare(b.start));
  const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<AppointmentStatus, number>;
  for (const a of sorted) counts[a.status] += 1;
  const todays = sorted.filter((a) => dayIn(a.start, zone) === today);
  return {
    today: todays.filter((a) => isActive(a.status)),
    todayDone: todays.filter((a) => !isActive(a.status)),
    upcoming: sorted.filter((a) => dayIn(a.start, zone) > today && isActive(a.status)),
    counts,
  };
}
