import { Badge, Tooltip } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { AppointmentStatus } from "../api/types";
import { hasKey, tKey } from "../i18n";

/**
 * The one set of status words: patients and staff (doctors, admins) each read their own set, defined once in the
 * translations (`status.patient`, `status.staff`), with one sentence each saying what it means (`status.help`).
 */
export type Audience = "patient" | "staff";

export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  SCHEDULED: "blue",
  CONFIRMED: "teal",
  IN_PROGRESS: "grape",
  COMPLETED: "gray",
  NO_SHOW: "orange",
  CANCELLED: "red",
};

export const ALL_STATUSES: AppointmentStatus[] = ["SCHEDULED", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "NO_SHOW", "CANCELLED"];

export function statusLabel(status: string, audience: Audience = "patient"): string {
  const key = `status.${audience}.${status}`;
  return hasKey(key) ? tKey(key) : status.toLowerCase().replace(/_/g, " ");
}

export function statusHelp(status: string): string {
  const key = `status.help.${status}`;
  return hasKey(key) ? tKey(key) : "";
}

export function StatusBadge({ status, audience = "patient" }: { status: string; audience?: Audience }) {
  useTranslation();
  const color = STATUS_COLORS[status as AppointmentStatus] ?? "gray";
  return (
    <Tooltip label={statusHelp(status)} disabled={!statusHelp(status)} multiline w={240}>
      <Badge color={color} c="dark.8" variant="light" radius="sm" data-status={status}>
        {statusLabel(status, audience)}
      </Badge>
    </Tooltip>
  );
}

/** The patient's own answer to the reminder ("I will attend"), never to be read as the practice's confirmation. */
export function AttendanceBadge({ confirmedAt }: { confirmedAt?: string | null }) {
  const { t } = useTranslation();
  if (!confirmedAt) return null;
  return (
    <Badge color="green.9" variant="outline" radius="sm" leftSection={<IconCircleCheck size={14} aria-hidden />}>
      {t("status.attendanceConfirmed")}
    </Badge>
  );
}
