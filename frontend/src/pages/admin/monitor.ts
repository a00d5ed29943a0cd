import type { Appointment, AppointmentStatus } from "../../api/types";
import { addDays, dayIn, daysRange } from "../doctor/zoned";

export interface DayQuery {
  utcDay: string;
  from: string;
  to: string;
}

/**
 * The appointments index is keyed by UTC day; an admin's local day can straddle two of them (any zone off UTC),
 * so "today" is one query per UTC day it touches, each bounded to the local day.
 */
export function dayQueries(localDay: string, zone: string): DayQuery[] {
  const { from, to } = daysRange(localDay, localDay, zone);
  const first = new Date(from).toISOString().slice(0, 10);
  const last = new Date(to).toISOString().slice(0, 10);
  const out: DayQuery[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push({ utcDay: day, from, to });
  return out;
}

export interface LiveChange {
  appointment_id?: string;
  doctor_id?: string;
  start?: string;
  end?: string;
  status?: string;
}

const STATUSES = new Set(["SCHEDULED", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"]);

/**
 * Applies a pushed appointment event to the day's rows: the row takes the event's status and times, and leaves the
 * day if it moved to another one. Returns null when the event names an appointment not on the list (a new booking
 * or one moved in): only a refetch can bring its names.
 */
export function applyChange(rows: Appointment[], change: LiveChange, localDay: string, zone: string): Appointment[] | null {
  const index = rows.findIndex((a) => a.appointment_id === change.appointment_id);
  if (index < 0) return null;
  const current = rows[index]!;
  const status = change.status && STATUSES.has(change.status) ? (change.status as AppointmentStatus) : current.status;
  const updated: Appointment = { ...current, status, start: change.start ?? current.start, end: change.end ?? current.end };
  const next = [...rows];
  if (dayIn(updated.start, zone) !== localDay) next.splice(index, 1);
  else next[index] = updated;
  return next.sort((a, b) => a.start.localeCompare(b.start));
}
