import type { Appointment, AppointmentStatus } from "../api/types";

/**
 * What time allows on an appointment, as the server decides it (docs/api.md, "Appointments"): a patient cancels or
 * moves up to the notice period before the start (DOCSPOT_CANCEL_NOTICE_MINUTES, 2 hours by default), a visit is
 * started from 15 minutes before its start (configurable on the server) and completed only once started.
 */
export const CANCEL_NOTICE_MINUTES = 120;
export const START_EARLY_MINUTES = 15;

const OPEN: AppointmentStatus[] = ["SCHEDULED", "CONFIRMED"];
const ACTIVE: AppointmentStatus[] = ["SCHEDULED", "CONFIRMED", "IN_PROGRESS"];

export function hasEnded(a: Pick<Appointment, "end">, now: number = Date.now()): boolean {
  return new Date(a.end).getTime() <= now;
}

/** Upcoming: not cancelled, not finished, and its end still ahead. */
export function isUpcoming(a: Pick<Appointment, "status" | "end">, now: number = Date.now()): boolean {
  return ACTIVE.includes(a.status) && !hasEnded(a, now);
}

export interface PatientOptions {
  /** Cancel and reschedule are offered (before the notice period). */
  change: boolean;
  /** Still open but inside the notice period: the patient is told to call. */
  tooLate: boolean;
  /** Over: ended, completed, missed. */
  over: boolean;
}

export function patientOptions(
  a: Pick<Appointment, "status" | "start" | "end">,
  now: number = Date.now(),
  noticeMinutes: number = CANCEL_NOTICE_MINUTES,
): PatientOptions {
  const open = OPEN.includes(a.status);
  const over = a.status === "COMPLETED" || a.status === "NO_SHOW" || (a.status !== "CANCELLED" && hasEnded(a, now));
  const change = open && !over && new Date(a.start).getTime() - now >= noticeMinutes * 60_000;
  return { change, tooLate: open && !over && !change, over };
}

/** From when a doctor may start the visit: `START_EARLY_MINUTES` before its start. */
export function startOpensAt(a: Pick<Appointment, "start">, earlyMinutes: number = START_EARLY_MINUTES): number {
  return new Date(a.start).getTime() - earlyMinutes * 60_000;
}
