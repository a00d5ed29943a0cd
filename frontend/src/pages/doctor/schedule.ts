import type { Appointment, AppointmentStatus } from "../../api/types";
import { ALL_STATUSES, isActive } from "./actions";
import { dayIn } from "./zoned";

export interface DaySchedule {
  today: Appointment[];
  upcoming: Appointment[];
  counts: Record<AppointmentStatus, number>;
}

/**
 * Splits a window of appointments into today's (every status, so a cancellation stays visible) and the later
 * active ones, by the doctor's calendar; counts cover the whole window.
 */
export function splitSchedule(appointments: Appointment[], today: string, zone: string): DaySchedule {
  const sorted = [...appointments].sort((a, b) => a.start.localeCompare(b.start));
  const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<AppointmentStatus, number>;
  for (const a of sorted) counts[a.status] += 1;
  return {
    today: sorted.filter((a) => dayIn(a.start, zone) === today),
    upcoming: sorted.filter((a) => dayIn(a.start, zone) > today && isActive(a.status)),
    counts,
  };
}
