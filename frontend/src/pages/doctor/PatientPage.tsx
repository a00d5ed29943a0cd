import { Anchor, Button, Card, Group, Modal, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { doctorApi } from "../../api/doctor";
import { patientRecord, recordKeys, records } from "../../api/records";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { RecordSections } from "../../components/record/RecordSections";
import { formatShortDate } from "../../i18n/format";
import { portalMessage } from "./messages";
import { ErrorNotice, PageHeader, StatusBadge } from "./ui";
import { addDays, dateTimeIn, dayIn, daysRange } from "./zoned";

const BOOKING_DAYS = 14;

function Visit({ appointment, zone }: { appointment: Appointment; zone: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} component="li" data-testid="visit">
      <Group gap="xs">
        <Anchor component={Link} to={`/doctor/appointments/${encodeURIComponent(appointment.appointment_id)}`} fw={600}>
          {dateTimeIn(appointment.start, zone)}
        </Anchor>
        <StatusBadge status={appointment.status} />
      </Group>
      {appointment.reason_for_visit && <Text size="sm">{appointment.reason_for_visit}</Text>}
      {appointment.summary && (
        <Text size="sm">
          <Text span fw={600}>{t("doctor.patient.summary")}: </Text>
          {appointment.summary}
        </Text>
      )}
      {appointment.notes && (
        <Text size="sm" c="dimmed">
          <Text span fw={600}>{t("doctor.patient.notes")}: </Text>
          {appointment.notes}
        </Text>
      )}
      {appointment.follow_up && (
        <Text size="sm">
          <Text span fw={600}>{t("doctor.detail.followUp")}: </Text>
          {appointment.follow_up.instructions}
          {appointment.follow_up.within_days
            ? ` ${t("doctor.detail.withinDays", { count: appointment.follow_up.within_days })}`
            : ""}
        </Text>
      )}
    </Stack>
  );
}

function BookFollowUp({ patientId, doctorId, zone, opened, onClose }: { patientId: string; doctorId: string; zone: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const today = dayIn(new Date(), zone);
  const range = daysRange(today, addDays(today, BOOKING_DAYS), zone);
  const slots = useQuery({
    queryKey: ["slots", doctorId, range.from, range.to],
    queryFn: () => doctorApi.slots(doctorId, range.from, range.to),
    enabled: opened,
  });
  const book = useMutation({
    mutationFn: (slotId: string) => records.bookFollowUp(patientId, slotId, reason.trim()),
    onSuccess: () => {
      toasts.show({ color: "green", title: t("doctor.patient.book"), message: t("doctor.patient.booked") });
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      void queryClient.invalidateQueries({ queryKey: ["patient", patientId] });
      onClose();
    },
  });
  const free = (slots.data?.items ?? []).filter((slot) => slot.state === "available");
  return (
    <Modal opened={opened} onClose={onClose} title={t("doctor.patient.bookTitle")} size="lg">
      <Stack>
        <Text size="sm">{t("doctor.patient.bookIntro")}</Text>
        <TextInput label={t("doctor.patient.reason")} value={reason} maxLength={1000} onChange={(e) => setReason(e.currentTarget.value)} />
        {slots.isPending ? (
          <Skeleton h={80} />
        ) : slots.isError ? (
          <ErrorNotice error={slots.error} />
        ) : free.length === 0 ? (
          <Text c="dimmed">{t("doctor.patient.noSlots")}</Text>
        ) : (
          <Group gap="xs" role="list">
            {free.slice(0, 30).map((slot) => (
              <Button
                key={slot.slot_id}
                role="listitem"
                variant="default"
                size="xs"
                loading={book.isPending && book.variables === slot.slot_id}
                onClick={() => book.mutate(slot.slot_id)}
              >
                {dateTimeIn(slot.start, zone)}
              </Button>
            ))}
          </Group>
        )}
        {book.error ? <Text c="red.9" role="alert">{portalMessage(book.error)}</Text> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("doctor.patient.close")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function PatientPage() {
  const { t } = useTranslation();
  const { patientId = "" } = useParams();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const [booking, setBooking] = useState(false);
  // The page reads the record (an audited access): read it when opened, not on every focus.
  const detail = useQuery({
    queryKey: ["patient", patientId],
    queryFn: () => records.patient(patientId),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  if (detail.isPending) return <Skeleton h={320} />;
  if (detail.isError) {
    return (
      <Stack>
        <Anchor component={Link} to="/doctor/patients" size="sm">
          {t("doctor.patient.back")}
        </Anchor>
        <ErrorNotice error={detail.error} title={t("doctor.patient.notAvailable")} />
      </Stack>
    );
  }
  const { patient, appointments, record } = detail.data;

  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to="/doctor/patients" size="sm">
        {t("doctor.patient.back")}
      </Anchor>
      <PageHeader
        title={patient.name}
        subtitle={[patient.date_of_birth && t("doctor.patient.born", { day: formatShortDate(patient.date_of_birth) }), patient.email, patient.phone].filter(Boolean).join(" · ")}
      >
        <Button onClick={() => setBooking(true)}>{t("doctor.patient.book")}</Button>
      </PageHeader>

      <Card withBorder radius="md" component="section" aria-labelledby="visits-title">
        <Title order={2} size="h4" id="visits-title" mb="sm">
          {t("doctor.patient.visits")}
        </Title>
        {appointments.length === 0 ? (
          <Text c="dimmed">{t("doctor.patient.noVisits")}</Text>
        ) : (
          <Stack gap="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {appointments.map((appointment) => (
              <Visit key={appointment.appointment_id} appointment={appointment} zone={zone} />
            ))}
          </Stack>
        )}
      </Card>

      <Stack gap="xs" component="section" aria-labelledby="record-title">
        <Title order={2} size="h3" id="record-title">
          {t("doctor.patient.record")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("doctor.patient.recordIntro")}
        </Text>
        <RecordSections
          endpoint={patientRecord(patientId)}
          queryKey={recordKeys.patient(patientId)}
          viewerId={user?.user_id}
          zone={zone}
          initial={record}
        />
      </Stack>

      <BookFollowUp patientId={patientId} doctorId={user?.user_id ?? ""} zone={zone} opened={booking} onClose={() => setBooking(false)} />
    </Stack>
  );
}
