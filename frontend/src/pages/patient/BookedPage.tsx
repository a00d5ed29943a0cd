import { Alert, Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCalendarPlus, IconCircleCheck, IconPaperclip } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router-dom";
import { booking, keys } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { CANCEL_NOTICE_MINUTES } from "../../components/appointmentRules";
import { CalendarButton } from "../../components/CalendarButton";
import { addToCalendarLinks } from "../../components/calendarLinks";
import { ErrorAlert } from "../../components/ErrorAlert";
import { browserZone, formatWhen } from "../../i18n/format";

/** The in-app confirmation of a booking, with what happens next and what the patient can do now. */
export default function BookedPage() {
  const { t } = useTranslation();
  const { appointmentId = "" } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const passed = (location.state ?? {}) as { appointment?: Appointment; failedUploads?: number; zone?: string };
  const appointment = useQuery({
    queryKey: keys.appointment(appointmentId),
    queryFn: () => booking.get(appointmentId),
    initialData: passed.appointment,
  });
  if (appointment.isLoading) return <PageLoader />;
  if (!appointment.data) return <ErrorAlert error={appointment.error} />;
  const a = appointment.data;
  const viewer = user?.timezone ?? browserZone();
  const zone = passed.zone ?? viewer;
  const page = `/me/appointments/${encodeURIComponent(a.appointment_id)}`;
  const links = addToCalendarLinks({
    title: t("patient.booked.eventTitle", { doctor: a.doctor.name }),
    start: a.start,
    end: a.end,
    details: `${window.location.origin}/appointments/${encodeURIComponent(a.appointment_id)}`,
  });
  return (
    <Paper maw={640} mx="auto" p="lg" withBorder>
      <Stack>
        <Group gap="xs">
          <IconCircleCheck size={32} color="var(--mantine-color-teal-8)" aria-hidden />
          <Title order={1} fz="h2">
            {t("patient.booked.title")}
          </Title>
        </Group>
        <Text fz="lg" fw={600}>
          {a.doctor.name}
        </Text>
        <Text fz="lg">{formatWhen(a.start, zone, { end: a.end, viewerZone: viewer })}</Text>
        {a.reason_for_visit && <Text fz="sm">{t("patient.booked.reason", { reason: a.reason_for_visit })}</Text>}
        {(passed.failedUploads ?? 0) > 0 && (
          <Alert color="orange" role="alert">
            {t("patient.booked.uploadsFailed")}
          </Alert>
        )}
        <section aria-labelledby="next-steps">
          <Title order={2} fz="h4" id="next-steps" mb="xs">
            {t("patient.booked.nextSteps")}
          </Title>
          <List spacing="xs" size="sm">
            <List.Item>{t("patient.booked.stepMail")}</List.Item>
            <List.Item>{t("patient.booked.stepCalendar")}</List.Item>
            <List.Item>{t("patient.booked.stepFiles")}</List.Item>
            <List.Item>{t("patient.booked.stepReminder")}</List.Item>
            <List.Item>{t("patient.booked.stepChange", { hours: CANCEL_NOTICE_MINUTES / 60 })}</List.Item>
          </List>
        </section>
        <Group>
          <CalendarButton appointmentId={a.appointment_id} leftSection={<IconCalendarPlus size={18} aria-hidden />} />
          <Button component="a" href={links.google} target="_blank" rel="noopener noreferrer" variant="default">
            {t("patient.booked.google")}
          </Button>
          <Button component="a" href={links.outlook} target="_blank" rel="noopener noreferrer" variant="default">
            {t("patient.booked.outlook")}
          </Button>
          <Button component={Link} to={page} variant="default" leftSection={<IconPaperclip size={18} aria-hidden />}>
            {t("patient.booked.addFiles")}
          </Button>
          <Button component={Link} to={page} variant="default">
            {t("patient.booked.view")}
          </Button>
          <Button component={Link} to="/me/appointments" variant="subtle">
            {t("patient.booked.all")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
