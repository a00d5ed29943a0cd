import { Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { booking, keys } from "../../api/endpoints";
import { useAuth } from "../../auth/context";
import { BackLink } from "../../components/BackLink";
import { hasKey, tKey } from "../../i18n";
import { formatWhen } from "../../i18n/format";
import { AttendanceBadge, ErrorNotice, PageHeader, StatusBadge } from "../doctor/ui";
import { dateTimeIn } from "../doctor/zoned";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** Any appointment, read-only, for the admin (the monitor's rows and mail links lead here). */
export default function AdminAppointmentPage() {
  const { t } = useTranslation();
  const { appointmentId = "" } = useParams();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const appointment = useQuery({ queryKey: keys.appointment(appointmentId), queryFn: () => booking.get(appointmentId) });
  if (appointment.isPending) return <Skeleton h={240} />;
  if (appointment.isError) {
    return (
      <Stack>
        <BackLink fallback="/admin" label={t("admin.appointment.back")} />
        <ErrorNotice error={appointment.error} onRetry={() => void appointment.refetch()} />
      </Stack>
    );
  }
  const a = appointment.data;
  const cancelledKey = `doctor.detail.cancelledBy.${a.cancelled_by ?? "unknown"}`;
  const reason = a.cancel_reason?.trim() && a.cancel_reason.trim() !== "-" ? a.cancel_reason.trim() : null;
  return (
    <Stack gap="lg" maw={860}>
      <BackLink fallback="/admin" label={t("admin.appointment.back")} />
      <PageHeader title={t("admin.appointment.title")} subtitle={formatWhen(a.start, zone, { end: a.end })}>
        <StatusBadge status={a.status} />
        <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
      </PageHeader>
      <Card withBorder radius="md" component="section" aria-labelledby="admin-appointment-details">
        <Title order={2} size="h4" id="admin-appointment-details" mb="sm">
          {t("doctor.detail.details")}
        </Title>
        <Stack gap="md">
          <Group gap="xl" wrap="wrap" align="flex-start">
            <Field label={t("admin.appointment.doctor")}>{a.doctor.name}</Field>
            <Field label={t("admin.appointment.patient")}>{a.patient.name || "—"}</Field>
            <Field label={t("admin.appointment.booked")}>{dateTimeIn(a.created_at, zone)}</Field>
            <Field label={t("admin.appointment.attendance")}>
              {a.attendance_confirmed_at
                ? t("doctor.detail.attended", { when: dateTimeIn(a.attendance_confirmed_at, zone) })
                : t("doctor.detail.notAttended")}
            </Field>
          </Group>
          <Field label={t("admin.appointment.reason")}>
            <Text style={{ whiteSpace: "pre-wrap" }}>{a.reason_for_visit || t("admin.appointment.noReason")}</Text>
          </Field>
          {a.status === "CANCELLED" && (
            <Field label={t("admin.appointment.cancellation")}>
              <Text>{hasKey(cancelledKey) ? tKey(cancelledKey) : t("doctor.detail.cancelledBy.unknown")}</Text>
              {reason && <Text>{t("doctor.detail.reasonGiven", { reason })}</Text>}
            </Field>
          )}
          {a.summary && (
            <Field label={t("admin.appointment.summary")}>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.summary}</Text>
            </Field>
          )}
          {a.notes && (
            <Field label={t("admin.appointment.notes")}>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.notes}</Text>
            </Field>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
