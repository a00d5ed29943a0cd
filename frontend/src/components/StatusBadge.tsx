import { Badge } from "@mantine/core";
import type { AppointmentStatus } from "../api/types";

const LOOK: Record<AppointmentStatus, { label: string; color: string }> = {
  SCHEDULED: { label: "Booked", color: "blue" },
  CONFIRMED: { label: "Confirmed", color: "teal" },
  IN_PROGRESS: { label: "In progress", color: "violet" },
  COMPLETED: { label: "Completed", color: "gray" },
  NO_SHOW: { label: "Missed", color: "orange" },
  CANCELLED: { label: "Cancelled", color: "red" },
};

export function statusLabel(status: string): string {
  return LOOK[status as AppointmentStatus]?.label ?? status.toLowerCase().replace(/_/g, " ");
}

export function StatusBadge({ status }: { status: string }) {
  const look = LOOK[status as AppointmentStatus] ?? { label: statusLabel(status), color: "gray" };
  return (
    <Badge color={look.color} variant="light">
      {look.label}
    </Badge>
  );
}
