import { notifications as toasts } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { Role } from "../api/types";
import { useAuth } from "../auth/context";
import { formatDateTime } from "../components/time";
import { useRealtimeEvent, type RealtimeEvent } from "../realtime/useRealtime";

function text(event: RealtimeEvent, role: Role | null): { title: string; message: string } | null {
  const data = event.data as Record<string, string | undefined>;
  const when = data.start ? ` for ${formatDateTime(data.start)}` : "";
  switch (event.type) {
    case "new-appointment":
      return role === "doctor" ? { title: "New appointment", message: `A patient booked an appointment${when}.` } : null;
    case "appointment-confirmed":
      return { title: "Appointment confirmed", message: `Your appointment${when} is confirmed.` };
    case "appointment-cancelled":
      return { title: "Appointment cancelled", message: `The appointment${when} was cancelled.` };
    case "appointment-rescheduled":
      return { title: "Appointment moved", message: `An appointment was moved${when}.` };
    case "appointment-status-changed":
      return data.status === "COMPLETED"
        ? { title: "Visit completed", message: "The visit summary is ready under your appointments." }
        : null;
    case "waitlist-slot-open":
      return { title: "A time opened up", message: `A time${when} is being held for you. Book it before it expires.` };
    default:
      return null;
  }
}

/** Toasts for what happened elsewhere, and the appointment lists refetched so every page shows it. */
export function LiveToasts() {
  const { role, user } = useAuth();
  const queryClient = useQueryClient();
  useRealtimeEvent(
    [
      "new-appointment",
      "appointment-confirmed",
      "appointment-cancelled",
      "appointment-rescheduled",
      "appointment-status-changed",
      "waitlist-slot-open",
    ],
    (event) => {
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      const id = (event.data as { appointment_id?: string }).appointment_id;
      if (id) void queryClient.invalidateQueries({ queryKey: ["appointment", id] });
      if (event.type === "waitlist-slot-open") void queryClient.invalidateQueries({ queryKey: ["waitlist"] });
      const shown = text(event, role);
      if (shown && user) toasts.show({ ...shown, color: event.type === "appointment-cancelled" ? "orange" : "blue" });
    },
  );
  return null;
}
