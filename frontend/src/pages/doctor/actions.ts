import type { AppointmentStatus } from "../../api/types";
import { startOpensAt } from "../../components/appointmentRules";
import { ALL_STATUSES as STATUSES, STATUS_COLORS as COLORS, statusLabel } from "../../components/StatusBadge";
import i18n from "../../i18n";
import { formatTime } from "../../i18n/format";

/** What a doctor can do to an appointment; mirrors TRANSITIONS in chalicelib/services/booking/_policy.py. */
export type DoctorAction = "confirm" | "start" | "complete" | "no-show" | "cancel" | "reschedule";

export interface ActionOffer {
  action: DoctorAction;
  label: string;
  /** Why the action is shown but cannot be taken yet; null when it can. */
  blockedBecause: string | null;
}

const BY_STATUS: Record<AppointmentStatus, DoctorAction[]> = {
  SCHEDULED: ["confirm", "reschedule", "no-show", "cancel"],
  CONFIRMED: ["start", "reschedule", "no-show", "cancel"],
  IN_PROGRESS: ["complete"],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

/** Moves that change when the appointment happens: pointless (and refused) once it is over. */
const BEFORE_THE_END: DoctorAction[] = ["reschedule", "cancel"];

/**
 * The actions to offer for an appointment in `status`, in the order they are shown, as time allows them:
 * a visit starts from 15 minutes before its start, a no-show is recorded once it has begun (both shown disabled
 * with the reason until then, so the doctor learns when they come), and an appointment that has ended can no
 * longer be moved or cancelled. Completing needs a visit in progress.
 */
export function actionsFor(
  status: AppointmentStatus,
  start: string,
  now: Date = new Date(),
  end?: string,
  zone?: string,
): ActionOffer[] {
  const begun = now.getTime() >= new Date(start).getTime();
  const startable = now.getTime() >= startOpensAt({ start });
  const over = end !== undefined && now.getTime() >= new Date(end).getTime();
  return BY_STATUS[status]
    .filter((action) => !(over && BEFORE_THE_END.includes(action)))
    .map((action) => ({
      action,
      label: i18n.t(`doctor.actions.${action}`),
      blockedBecause:
        action === "no-show" && !begun
          ? i18n.t("doctor.actions.noShowFrom")
          : action === "start" && !startable
            ? i18n.t("doctor.actions.startFrom", { time: formatTime(new Date(startOpensAt({ start })), zone) })
            : null,
    }));
}

/** The staff's status words (src/i18n, `status.staff`), read where a map is handier than a function. */
export const STATUS_LABELS = new Proxy({} as Record<AppointmentStatus, string>, {
  get: (_target, status: string) => statusLabel(status, "staff"),
});

export const STATUS_COLORS = COLORS;
export const ALL_STATUSES = STATUSES;

export function isActive(status: AppointmentStatus): boolean {
  return status === "SCHEDULED" || status === "CONFIRMED" || status === "IN_PROGRESS";
}
