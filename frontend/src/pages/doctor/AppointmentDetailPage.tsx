import { Anchor, Card, Divider, Group, List, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { IconFile } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { doctorApi } from "../../api/doctor";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/context";
import { AppointmentActions } from "./AppointmentActions";
import { AttendanceBadge, ErrorNotice, formatBytes, PageHeader, StatusBadge } from "./ui";
import { useNow } from "./useNow";
import { dateTimeIn, longDayLabel, dayIn, timeIn, zoneLabel } from "./zoned";

function PatientFiles({ appointmentId }: { appointmentId: string }) {
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
      return <Text c="dimmed" size="sm">The patient's files cannot be shown here yet.</Text>;
    }
    return <ErrorNotice error={files.error} onRetry={() => void files.refetch()} />;
  }
  const items = files.data.items;
  if (items.length === 0) return <Text c="dimmed" size="sm">The patient has not shared any files.</Text>;
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
            {file.status !== "UPLOADED" ? ", still uploading" : ""})
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

export default function AppointmentDetailPage() {
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
        <PageHeader title="Appointment" />
        <ErrorNotice error={appointment.error} onRetry={() => void appointment.refetch()} />
        <Anchor component={Link} to="/doctor">
          Back to the dashboard
        </Anchor>
      </Stack>
    );
  }
  const a = appointment.data;
  const day = dayIn(a.start, zone);

  return (
    <Stack gap="lg" maw={860}>
      <Anchor component={Link} to="/doctor" size="sm">
        ← Dashboard
      </Anchor>
      <PageHeader
        title={`Appointment with ${a.patient.name || "a patient"}`}
        subtitle={`${longDayLabel(day)}, ${timeIn(a.start, zone)}–${timeIn(a.end, zone)} · ${zoneLabel(zone, new Date(a.start))}`}
      >
        <StatusBadge status={a.status} />
        <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
      </PageHeader>

      <Card withBorder radius="md" component="section" aria-labelledby="actions-title">
        <Title order={2} size="h4" id="actions-title" mb="sm">
          Actions
        </Title>
        <AppointmentActions appointment={a} zone={zone} now={now} />
      </Card>

      <Card withBorder radius="md" component="section" aria-labelledby="details-title">
        <Title order={2} size="h4" id="details-title" mb="sm">
          Details
        </Title>
        <Stack gap="md">
          <Group gap="xl" wrap="wrap" align="flex-start">
            <Field label="Patient">
              {a.patient.name || "—"}{" "}
              <Anchor component={Link} to={`/doctor/patients/${encodeURIComponent(a.patient.id)}`} size="sm">
                (record and visits)
              </Anchor>
            </Field>
            <Field label="Booked">{dateTimeIn(a.created_at, zone)}</Field>
            <Field label="Attendance">
              {a.attendance_confirmed_at
                ? `Patient confirmed attendance on ${dateTimeIn(a.attendance_confirmed_at, zone)}`
                : "Not confirmed by the patient yet"}
            </Field>
          </Group>
          <Field label="Reason for visit">
            <Text style={{ whiteSpace: "pre-wrap" }}>{a.reason_for_visit || "No reason given."}</Text>
          </Field>
          {a.status === "CANCELLED" && (
            <Field label="Cancellation">
              <Text>
                Cancelled by {a.cancelled_by === "doctor" ? "you" : (a.cancelled_by ?? "someone")}
                {a.cancel_reason && a.cancel_reason !== "-" ? `: ${a.cancel_reason}` : "."}
              </Text>
            </Field>
          )}
          {(a.summary || a.notes) && <Divider />}
          {a.summary && (
            <Field label="Summary for the patient">
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.summary}</Text>
            </Field>
          )}
          {a.notes && (
            <Field label="Private notes">
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.notes}</Text>
            </Field>
          )}
          {a.follow_up && (
            <Field label="Follow-up">
              <Text style={{ whiteSpace: "pre-wrap" }}>
                {a.follow_up.instructions}
                {a.follow_up.within_days ? ` (within ${a.follow_up.within_days} days)` : ""}
              </Text>
            </Field>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" component="section" aria-labelledby="files-title">
        <Title order={2} size="h4" id="files-title" mb="sm">
          Patient's files
        </Title>
        <PatientFiles appointmentId={a.appointment_id} />
      </Card>
    </Stack>
  );
}
