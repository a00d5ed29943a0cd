import type { AppointmentStatus } from "../../api/types";

/** What a doctor can do to an appointment; mirrors TRANSITIONS in chalicelib/services/rules.py. */
export type DoctorAction = "confirm" | "start" | "complete" | "no-show" | "cancel" | "reschedule";

export interface ActionOffer {
  action: DoctorAction;
  label: string;
  /** Why the action is shown but cannot be taken yet; null when it can. */
  blockedBecause: string | null;
}

const LABELS: Record<DoctorAction, string> = {
  confirm: "Confirm",
  start: "Start visit",
  complete: "Complete visit",
  "no-show": "Mark as no-show",
  cancel: "Cancel appointment",
  reschedule: "Reschedule",
};

const BY_STATUS: Record<AppointmentStatus, DoctorAction[]> = {
  SCHEDULED: ["confirm", "reschedule", "no-show", "cancel"],
  CONFIRMED: ["start", "reschedule", "no-show", "cancel"],
  IN_PROGRESS: ["complete"],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

/**
 * The actions to offer for an appointment in `status`, in the order they are shown.
 *
 * A no-show can only be recorded once the appointment has begun (the server answers TOO_EARLY otherwise), so
 * before its start it is offered disabled with the reason, rather than hidden: the doctor learns when it comes.
 */
export function actionsFor(status: AppointmentStatus, start: string, now: Date = new Date()): ActionOffer[] {
  const begun = now.getTime() >= new Date(start).getTime();
  return BY_STATUS[status].map((action) => ({
    action,
    label: LABELS[action],
    blockedBecause: action === "no-show" && !begun ? "A no-show can be recorded once the appointment has begun." : null,
  }));
}

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  SCHEDULED: "Scheduled",
  CONFIRMED: "Confirmed",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "No-show",
};

export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  SCHEDULED: "blue",
  CONFIRMED: "teal",
  IN_PROGRESS: "grape",
  COMPLETED: "gray",
  CANCELLED: "red",
  NO_SHOW: "orange",
};

export const ALL_STATUSES: AppointmentStatus[] = [
  "SCHEDULED",
  "CONFIRMED",
  "IN_PROGRESS",
  "COMPLETED",
  "NO_SHOW",
  "CANCELLED",
];

export function isActive(status: AppointmentStatus): boolean {
  return status === "SCHEDULED" || status === "CONFIRMED" || status === "IN_PROGRESS";
}
