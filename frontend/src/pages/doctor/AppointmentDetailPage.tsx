import { Anchor, Card, Divider, Group, List, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { IconFile } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import type { Appointment } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { hasKey, tKey } from "../../i18n";
import { doctorApi } from "../../api/doctor";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/context";
import { MessageButton } from "../talk/MessageButton";
import { AppointmentActions } from "./AppointmentActions";
import { AttendanceBadge, ErrorNotice, formatBytes, PageHeader, StatusBadge } from "./ui";
import { VisitDetails } from "../../components/VisitDetails";
import { useNow } from "./useNow";
import { dateTimeIn, longDayLabel, dayIn, timeIn, zoneLabel } from "./zoned";
import { RaiseDisputeButton } from "../../components/RaiseDisputeButton";

function PatientFiles({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: ["files", appointmentId],
    queryFn: () => doctorApi.files(appointmentId),
    // Download links are short-lived: read them again rather than keep stale ones.
    staleTime: 0,
    refetchInterval: 4 * 60_000,
  });
  if (files.isPending) return <Skeleton h={40} />;
  if (files.isError) {
    if (files.error instanceof ApiError && files.error.status === 404) {
      return <Text c="dimmed" size="sm">{t("doctor.detail.filesUnavailable")}</Text>;
    }
    return <ErrorNotice error={files.error} onRetry={() => void files.refetch()} />;
  }
  const items = files.data.items;
  if (items.length === 0) return <Text c="dimmed" size="sm">{t("doctor.detail.noFiles")}</Text>;
  return (
    <List spacing="xs" listStyleType="none" pl={0}>
      {items.map((file) => (
        <List.Item key={file.file_id} icon={<IconFile size={18} aria-hidden />}>
          {file.status === "UPLOADED" && file.download_url ? (
            <Anchor href={file.download_url} target="_blank" rel="noopener noreferrer" download={file.filename}>
              {file.filename}
            </Anchor>
          ) : (
            <Text span>{file.filename}</Text>
          )}{" "}
          <Text span size="sm" c="dimmed">
            ({formatBytes(file.size)}
            {file.status !== "UPLOADED" ? `, ${t("doctor.detail.stillUploading")}` : ""})
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

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

/** The patient's contact, when the appointment carries it (the API's answer may add `email` and `phone`). */
export function contactOf(a: Appointment): { email: string | null; phone: string | null } {
  const patient = a.patient as Appointment["patient"] & { email?: string | null; phone?: string | null };
  return { email: patient.email ?? null, phone: patient.phone ?? null };
}

export default function AppointmentDetailPage() {
  const { t } = useTranslation();
  const { appointmentId = "" } = useParams();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const now = useNow(30_000);
  const appointment = useQuery({
    queryKey: ["appointment", appointmentId],
    queryFn: () => doctorApi.appointment(appointmentId),
  });

  if (appointment.isPending) return <Skeleton h={240} />;
  if (appointment.isError) {
    return (
      <Stack>
        <PageHeader title={t("doctor.detail.details")} />
        <ErrorNotice error={appointment.error} onRetry={() => void appointment.refetch()} />
        <Anchor component={Link} to="/doctor">
          {t("nav.dashboard")}
        </Anchor>
      </Stack>
    );
  }
  const a = appointment.data;
  const day = dayIn(a.start, zone);
  const contact = contactOf(a);
  const cancelledKey = `doctor.detail.cancelledBy.${a.cancelled_by ?? "unknown"}`;
  const cancelReason = a.cancel_reason?.trim() && a.cancel_reason.trim() !== "-" ? a.cancel_reason.trim() : null;

  return (
    <Stack gap="lg" maw={860}>
      <BackLink fallback="/doctor/appointments" label={t("doctor.detail.back")} />
      <PageHeader
        title={t("doctor.detail.title", { patient: a.patient.name || t("doctor.detail.aPatient") })}
        subtitle={`${longDayLabel(day)}, ${timeIn(a.start, zone)}–${timeIn(a.end, zone)} · ${zoneLabel(zone, new Date(a.start))}`}
      >
        <StatusBadge status={a.status} />
        <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
        <RaiseDisputeButton appointmentId={a.appointment_id} status={a.status} />
      </PageHeader>

      <Card withBorder radius="md" component="section" aria-labelledby="actions-title">
        <Title order={2} size="h4" id="actions-title" mb="sm">
          {t("doctor.detail.actions")}
        </Title>
        <AppointmentActions appointment={a} zone={zone} now={now} />
      </Card>

      <Card withBorder radius="md" component="section" aria-labelledby="details-title">
        <Title order={2} size="h4" id="details-title" mb="sm">
          {t("doctor.detail.details")}
        </Title>
        <Stack gap="md">
          <Group gap="xl" wrap="wrap" align="flex-start">
            <Field label={t("doctor.detail.patient")}>
              {a.patient.name || "—"}{" "}
              <Anchor component={Link} to={`/doctor/patients/${encodeURIComponent(a.patient.id)}`} size="sm">
                {t("doctor.detail.recordLink")}
              </Anchor>
              {a.status !== "CANCELLED" && (
                <Stack mt="xs" gap="xs">
                  <MessageButton patientId={a.patient.id} />
                </Stack>
              )}
            </Field>
            <Field label={t("doctor.detail.contact")}>
              {contact.email || contact.phone ? (
                <Stack gap={2}>
                  {contact.email && <Anchor href={`mailto:${contact.email}`}>{contact.email}</Anchor>}
                  {contact.phone && <Anchor href={`tel:${contact.phone.replace(/\s/g, "")}`}>{contact.phone}</Anchor>}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed" maw={320}>
                  {t("doctor.detail.noContact")}
                </Text>
              )}
            </Field>
            <Field label={t("doctor.detail.booked")}>{dateTimeIn(a.created_at, zone)}</Field>
            <Field label={t("doctor.detail.attendance")}>
              {a.attendance_confirmed_at
                ? t("doctor.detail.attended", { when: dateTimeIn(a.attendance_confirmed_at, zone) })
                : t("doctor.detail.notAttended")}
            </Field>
          </Group>
          <Text size="xs" c="dimmed">
            {t("status.attendanceHelpStaff")}
          </Text>
          <VisitDetails appointment={a} zone={zone} now={now} />
          <Field label={t("doctor.detail.reason")}>
            <Text style={{ whiteSpace: "pre-wrap" }}>{a.reason_for_visit || t("doctor.detail.noReason")}</Text>
          </Field>
          {a.status === "CANCELLED" && (
            <Field label={t("doctor.detail.cancellation")}>
              <Text>{hasKey(cancelledKey) ? tKey(cancelledKey) : t("doctor.detail.cancelledBy.unknown")}</Text>
              {cancelReason && <Text>{t("doctor.detail.reasonGiven", { reason: cancelReason })}</Text>}
            </Field>
          )}
          {(a.summary || a.notes) && <Divider />}
          {a.summary && (
            <Field label={t("doctor.detail.summary")}>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.summary}</Text>
            </Field>
          )}
          {a.notes && (
            <Field label={t("doctor.detail.notes")}>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.notes}</Text>
            </Field>
          )}
          {a.follow_up && (
            <Field label={t("doctor.detail.followUp")}>
              <Text style={{ whiteSpace: "pre-wrap" }}>
                {a.follow_up.instructions}
                {a.follow_up.within_days ? ` ${t("doctor.detail.withinDays", { count: a.follow_up.within_days })}` : ""}
              </Text>
            </Field>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" component="section" aria-labelledby="files-title">
        <Title order={2} size="h4" id="files-title" mb="sm">
          {t("doctor.detail.files")}
        </Title>
        <PatientFiles appointmentId={a.appointment_id} />
      </Card>
    </Stack>
  );
}
