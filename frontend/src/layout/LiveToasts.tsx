import { notifications as toasts } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { Role } from "../api/types";
import { useAuth } from "../auth/context";
import { formatDateTime } from "../components/time";
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
  const when = data.start ? ` for ${formatDateTime(data.start, zone)}` : "";
  switch (event.type) {
    case "new-appointment":
      return role === "doctor" ? { title: "New appointment", message: `A patient booked an appointment${when}.` } : null;
    case "appointment-confirmed":
      return { title: "Appointment confirmed", message: `Your appointment${when} is confirmed.` };
    case "appointment-cancelled":
      return { title: "Appointment cancelled", message: `The appointment${when} was cancelled.` };
    case "appointment-status-changed":
      return data.status === "COMPLETED"
        ? { title: "Visit completed", message: "The visit summary is ready under your appointments." }
        : null;
    case "notification":
      return data.kind === "appointment-rescheduled"
        ? { title: "Appointment moved", message: `An appointment was moved${when}.` }
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
