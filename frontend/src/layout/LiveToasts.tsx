import { notifications as toasts } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { Role } from "../api/types";
import { useAuth } from "../auth/context";
import i18n, { tKey } from "../i18n";
import { browserZone, formatWhen } from "../i18n/format";
import { useRealtimeEvent, type RealtimeEvent } from "../realtime/useRealtime";

export const APPOINTMENT_EVENTS = [
  "new-appointment",
  "appointment-confirmed",
  "appointment-cancelled",
  "appointment-status-changed",
  "notification",
];

/**
 * The toast for an event, or null. The one who made a change gets the same event (their other tabs refresh) but
 * without a `notification_id`: only the other party, for whom a feed entry was written, is told.
 */
export function toastFor(event: RealtimeEvent, role: Role | null, zone?: string): { title: string; message: string } | null {
  const data = event.data as Record<string, string | null | undefined>;
  if (!data.notification_id) return null;
  const t = i18n.t;
  const when = data.start ? formatWhen(data.start, zone ?? browserZone()) : "";
  const pick = (withTime: string, without: string) => (when ? tKey(withTime, { when }) : tKey(without));
  switch (event.type) {
    case "new-appointment":
      return role === "doctor"
        ? { title: t("patient.live.newTitle"), message: pick("patient.live.newAt", "patient.live.new") }
        : null;
    case "appointment-confirmed":
      return { title: t("patient.live.confirmedTitle"), message: pick("patient.live.confirmedAt", "patient.live.confirmed") };
    case "appointment-cancelled":
      return { title: t("patient.live.cancelledTitle"), message: pick("patient.live.cancelledAt", "patient.live.cancelled") };
    case "appointment-status-changed":
      return data.status === "COMPLETED"
        ? { title: t("patient.live.completedTitle"), message: t("patient.live.completed") }
        : null;
    case "notification":
      return data.kind === "appointment-rescheduled"
        ? { title: t("patient.live.movedTitle"), message: pick("patient.live.movedAt", "patient.live.moved") }
        : null;
    default:
      return null;
  }
}

/** Toasts for what others did, and the appointment lists refetched so every open page shows it. */
export function LiveToasts() {
  const { role, user } = useAuth();
  const queryClient = useQueryClient();
  useRealtimeEvent(APPOINTMENT_EVENTS, (event) => {
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    const id = (event.data as { appointment_id?: string }).appointment_id;
    if (id) void queryClient.invalidateQueries({ queryKey: ["appointment", id] });
    const shown = toastFor(event, role, user?.timezone);
    if (shown) toasts.show({ ...shown, color: event.type === "appointment-cancelled" ? "orange" : "blue" });
  });
  useRealtimeEvent("waitlist-slot-open", () => {
    void queryClient.invalidateQueries({ queryKey: ["waitlist"] });
  });
  return null;
}
