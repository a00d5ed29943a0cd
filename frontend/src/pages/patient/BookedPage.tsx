import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCalendarPlus, IconCircleCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useParams } from "react-router-dom";
import { booking, keys } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { CalendarButton } from "../../components/CalendarButton";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatTime, zoneLabel } from "../../components/time";

export default function BookedPage() {
  const { appointmentId = "" } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const passed = (location.state ?? {}) as { appointment?: Appointment; failedUploads?: number };
  const appointment = useQuery({
    queryKey: keys.appointment(appointmentId),
    queryFn: () => booking.get(appointmentId),
    initialData: passed.appointment,
  });
  if (appointment.isLoading) return <PageLoader />;
  if (!appointment.data) return <ErrorAlert error={appointment.error} />;
  const a = appointment.data;
  const zone = user?.timezone;
  return (
    <Paper maw={640} mx="auto" p="lg" withBorder>
      <Stack>
        <Group gap="xs">
          <IconCircleCheck size={32} color="var(--mantine-color-teal-8)" aria-hidden />
          <Title order={1} fz="h2">
            You are booked
          </Title>
        </Group>
        <Text fz="lg">
          {a.doctor.name}, {formatDateTime(a.start, zone)}–{formatTime(a.end, zone)}
        </Text>
        {zone && (
          <Text fz="sm" c="dimmed">
            Times in {zoneLabel(zone)}
          </Text>
        )}
        {a.reason_for_visit && <Text fz="sm">Reason: {a.reason_for_visit}</Text>}
        {(passed.failedUploads ?? 0) > 0 && (
          <Alert color="orange" role="alert">
            Some files could not be uploaded. You can add them from the appointment page.
          </Alert>
        )}
        <Text fz="sm">We will send you a reminder the day before.</Text>
        <Group>
          <CalendarButton appointmentId={a.appointment_id} leftSection={<IconCalendarPlus size={18} aria-hidden />} />
          <Button component={Link} to={`/me/appointments/${encodeURIComponent(a.appointment_id)}`} variant="default">
            View the appointment
          </Button>
          <Button component={Link} to="/me/appointments" variant="subtle">
            My appointments
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
