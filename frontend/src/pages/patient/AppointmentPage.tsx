import { Alert, Button, Divider, Group, Modal, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { booking, keys } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { AppointmentFiles } from "../../components/AppointmentFiles";
import { CalendarButton } from "../../components/CalendarButton";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusBadge } from "../../components/StatusBadge";
import { dayjs, formatDateTime, formatTime, zoneLabel } from "../../components/time";
import { FollowUpPanel } from "./FollowUpPanel";

const OPEN = ["SCHEDULED", "CONFIRMED"];
/** `cancelled_by` is the canceller's role. */
const CANCELLED_BY: Record<string, string> = { patient: " by you", doctor: " by the doctor", admin: " by the practice" };

export function canChange(appointment: Appointment, now: number = Date.now()): boolean {
  return OPEN.includes(appointment.status) && new Date(appointment.start).getTime() > now;
}

export default function AppointmentPage() {
  const { appointmentId = "" } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const appointment = useQuery({ queryKey: keys.appointment(appointmentId), queryFn: () => booking.get(appointmentId) });
  const cancel = useMutation({
    mutationFn: () => booking.cancel(appointmentId, reason.trim()),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.appointment(appointmentId), updated);
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      setCancelling(false);
    },
  });

  if (appointment.isLoading) return <PageLoader />;
  if (!appointment.data) return <ErrorAlert error={appointment.error} title="Appointment not available" />;
  const a = appointment.data;
  const zone = user?.timezone;
  const changeable = canChange(a);
  const week = dayjs(a.start).format("YYYY-MM-DD");

  return (
    <Stack maw={760} mx="auto">
      <Button component={Link} to="/me/appointments" variant="subtle" w="fit-content" px={0}>
        ← My appointments
      </Button>
      {notice && (
        <Alert color="teal" role="status">
          {notice}
        </Alert>
      )}
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={1} fz="h2">
              {a.doctor.name}
            </Title>
            <StatusBadge status={a.status} />
          </Group>
          <Text fz="lg">
            {formatDateTime(a.start, zone)}–{formatTime(a.end, zone)}
          </Text>
          {zone && (
            <Text fz="sm" c="dimmed">
              Times in {zoneLabel(zone)}
            </Text>
          )}
          {a.reason_for_visit && <Text>Reason: {a.reason_for_visit}</Text>}
          {a.status === "CANCELLED" && (
            <Alert color="red" variant="light">
              Cancelled{CANCELLED_BY[a.cancelled_by ?? ""] ?? ""}
              {a.cancel_reason ? `: ${a.cancel_reason}` : "."}
            </Alert>
          )}
          {a.attendance_confirmed_at && (
            <Text fz="sm" c="teal.9">
              You confirmed you will attend ({formatDateTime(a.attendance_confirmed_at, zone)}).
            </Text>
          )}
          {a.status === "COMPLETED" && (
            <Paper bg="gray.0" p="md" radius="md">
              <Title order={2} fz="h4" mb={4}>
                Visit summary
              </Title>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.summary || "The doctor has not written a summary."}</Text>
            </Paper>
          )}
          {a.status === "COMPLETED" && <FollowUpPanel appointment={a} zone={zone} />}
          <ErrorAlert error={cancel.error} title="Could not cancel" />
          <Group>
            {a.status !== "CANCELLED" && <CalendarButton appointmentId={a.appointment_id} variant="default" />}
            {changeable && (
              <>
                <Button
                  component={Link}
                  to={`/doctors/${encodeURIComponent(a.doctor.id)}?reschedule=${encodeURIComponent(a.appointment_id)}&week=${week}`}
                  variant="default"
                >
                  Reschedule
                </Button>
                <Button color="red" variant="light" onClick={() => setCancelling(true)}>
                  Cancel appointment
                </Button>
              </>
            )}
          </Group>
          <Divider my="sm" />
          <AppointmentFiles appointmentId={a.appointment_id} canEdit={a.status !== "CANCELLED"} />
        </Stack>
      </Paper>
      <Modal opened={cancelling} onClose={() => setCancelling(false)} title="Cancel this appointment?" centered>
        <Stack>
          <Text fz="sm">
            {a.doctor.name}, {formatDateTime(a.start, zone)}. The time becomes free for other patients.
          </Text>
          <Textarea
            label="Reason (optional)"
            description="Shared with the practice"
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCancelling(false)}>
              Keep it
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel appointment
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
