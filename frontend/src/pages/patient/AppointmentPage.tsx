import { Alert, Button, Divider, Group, Modal, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router-dom";
import { booking, keys } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { AppointmentFiles } from "../../components/AppointmentFiles";
import { CANCEL_NOTICE_MINUTES, patientOptions } from "../../components/appointmentRules";
import { BackLink } from "../../components/BackLink";
import { CalendarButton } from "../../components/CalendarButton";
import { MessageButton } from "../talk/MessageButton";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusBadge } from "../../components/StatusBadge";
import { dayjs } from "../../components/time";
import { useNow } from "../../components/useNow";
import { VisitDetails } from "../../components/VisitDetails";
import { hasKey, tKey } from "../../i18n";
import { browserZone, formatDayTime, formatWhen } from "../../i18n/format";
import { FollowUpPanel } from "./FollowUpPanel";
import { ReviewPanel } from "./ReviewPanel";
import { RaiseDisputeButton } from "../../components/RaiseDisputeButton";

/** Cancel and reschedule while allowed: until the notice period before the start (the server has the last word). */
export function canChange(appointment: Appointment, now: number = Date.now()): boolean {
  return patientOptions(appointment, now).change;
}

/** "Cancelled by you" and, on its own line, the reason when one was given (a lone "-" is no reason). */
export function cancellationOf(a: Pick<Appointment, "cancelled_by" | "cancel_reason">): { who: string; why: string | null } {
  const key = `patient.appointment.cancelledBy.${a.cancelled_by ?? "unknown"}`;
  const who = hasKey(key) ? tKey(key) : tKey("patient.appointment.cancelledBy.unknown");
  const reason = a.cancel_reason?.trim();
  return { who, why: reason && reason !== "-" ? reason : null };
}

export default function AppointmentPage() {
  const { t } = useTranslation();
  const { appointmentId = "" } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const [cancelling, setCancelling] = useState(false);
  const [justCancelled, setJustCancelled] = useState(false);
  const [reason, setReason] = useState("");
  const appointment = useQuery({ queryKey: keys.appointment(appointmentId), queryFn: () => booking.get(appointmentId) });
  const cancel = useMutation({
    mutationFn: () => booking.cancel(appointmentId, reason.trim()),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.appointment(appointmentId), updated);
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      setCancelling(false);
      setJustCancelled(true);
    },
  });

  if (appointment.isLoading) return <PageLoader />;
  if (!appointment.data) return <ErrorAlert error={appointment.error} title={t("patient.appointment.unavailable")} />;
  const a = appointment.data;
  const zone = user?.timezone ?? browserZone();
  const options = patientOptions(a, now);
  const week = dayjs(a.start).format("YYYY-MM-DD");
  const when = formatWhen(a.start, zone, { end: a.end });
  const cancelled = a.status === "CANCELLED" ? cancellationOf(a) : null;
  const doctorPage = `/doctors/${encodeURIComponent(a.doctor.id)}`;

  return (
    <Stack maw={760} mx="auto">
      <BackLink fallback="/me/appointments" label={t("patient.appointment.back")} />
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
          <Text fz="lg" data-testid="appointment-when">
            {when}
          </Text>
          <VisitDetails appointment={a} zone={zone} now={new Date(now)} />
          {a.reason_for_visit && <Text>{t("patient.appointment.reason", { reason: a.reason_for_visit })}</Text>}
          {cancelled && (
            <Alert color="red" variant="light" role={justCancelled ? "status" : undefined} title={cancelled.who}>
              <Stack gap="xs">
                {justCancelled && <Text fz="sm">{t("patient.appointment.cancelled")}</Text>}
                {cancelled.why && <Text fz="sm">{t("patient.appointment.because", { reason: cancelled.why })}</Text>}
                <Group>
                  <Button component={Link} to={doctorPage} size="sm" variant="white" color="red.9">
                    {t("patient.appointment.bookAgain", { doctor: a.doctor.name })}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {!cancelled && !options.over && (
            <Text fz="sm" c={a.attendance_confirmed_at ? "teal.9" : "dimmed"}>
              {a.attendance_confirmed_at
                ? t("patient.appointment.attended", { when: formatDayTime(a.attendance_confirmed_at, zone) })
                : t("patient.appointment.notAttended")}
            </Text>
          )}
          {!cancelled && (
            <Text fz="xs" c="dimmed">
              {t("status.attendanceHelpPatient")}
            </Text>
          )}
          {options.over && a.status !== "COMPLETED" && !cancelled && <Text c="dimmed">{t("patient.appointment.over")}</Text>}
          {options.tooLate && (
            <Alert color="gray" variant="light">
              {t("patient.appointment.tooLate", { hours: CANCEL_NOTICE_MINUTES / 60 })}
            </Alert>
          )}
          {a.status === "COMPLETED" && (
            <Paper bg="gray.0" p="md" radius="md">
              <Title order={2} fz="h4" mb={4}>
                {t("patient.appointment.summary")}
              </Title>
              <Text style={{ whiteSpace: "pre-wrap" }}>{a.summary || t("patient.appointment.noSummary")}</Text>
            </Paper>
          )}
          {a.status === "COMPLETED" && <FollowUpPanel appointment={a} zone={zone} />}
          {a.status === "COMPLETED" && <ReviewPanel appointment={a} />}
          <ErrorAlert error={cancel.error} title={t("patient.appointment.cancelFailed")} />
          <Group>
            {!cancelled && !options.over && <CalendarButton appointmentId={a.appointment_id} variant="default" />}
            {!cancelled && <MessageButton doctorId={a.doctor.id} />}
            <RaiseDisputeButton appointmentId={a.appointment_id} status={a.status} />
            {options.change && (
              <>
                <Button
                  component={Link}
                  to={`${doctorPage}?reschedule=${encodeURIComponent(a.appointment_id)}&week=${week}`}
                  variant="default"
                >
                  {t("patient.appointment.reschedule")}
                </Button>
                <Button color="red" variant="light" onClick={() => setCancelling(true)}>
                  {t("patient.appointment.cancel")}
                </Button>
              </>
            )}
          </Group>
          <Divider my="sm" />
          <AppointmentFiles appointmentId={a.appointment_id} canEdit={!cancelled} />
        </Stack>
      </Paper>
      <Modal opened={cancelling} onClose={() => setCancelling(false)} title={t("patient.appointment.cancelTitle")} centered>
        <Stack>
          <Text fz="sm">{t("patient.appointment.cancelBody", { doctor: a.doctor.name, when })}</Text>
          <Textarea
            label={t("patient.appointment.cancelReason")}
            description={t("patient.appointment.cancelReasonHint")}
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCancelling(false)}>
              {t("patient.appointment.keep")}
            </Button>
            <Button color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              {t("patient.appointment.cancel")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
