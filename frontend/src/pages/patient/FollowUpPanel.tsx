import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { bookingPath, type BookingState } from "../../components/booking";
import { ErrorAlert } from "../../components/ErrorAlert";
import { dayjs, formatDate, formatDateTime } from "../../components/time";

/** Days either side of the follow-up's day whose free times are offered. */
const AROUND_DAYS = 4;
const SHOWN = 8;

/** The follow-up the doctor asked for after a completed visit, with the doctor's free times around its day. */
export function FollowUpPanel({ appointment, zone }: { appointment: Appointment; zone?: string }) {
  const { t } = useTranslation();
  const followUp = appointment.follow_up;
  const days = followUp?.within_days ?? null;
  const due = days ? dayjs(appointment.start).add(days, "day") : null;
  const earliest = due ? due.subtract(AROUND_DAYS, "day") : null;
  const from = earliest ? (earliest.isBefore(dayjs()) ? dayjs() : earliest).format("YYYY-MM-DD") : "";
  const to = due ? due.add(AROUND_DAYS, "day").format("YYYY-MM-DD") : "";
  const doctorId = appointment.doctor.id;
  const slots = useQuery({
    queryKey: keys.slots(doctorId, from, to),
    queryFn: () => catalogue.slots(doctorId, from, to),
    enabled: !!due,
  });
  if (!followUp) return null;
  const free = (slots.data?.items ?? []).filter((slot) => slot.state === "available").slice(0, SHOWN);
  const state = (start: string, end: string): BookingState => ({
    doctorId,
    doctorName: appointment.doctor.name,
    start,
    end,
    zone: slots.data?.timezone,
  });

  return (
    <Paper bg="blue.0" p="md" radius="md" component="section" aria-labelledby="follow-up-title">
      <Stack gap="xs">
        <Title order={2} fz="h4" id="follow-up-title">
          {t("patient.followUp.title")}
        </Title>
        <Text style={{ whiteSpace: "pre-wrap" }}>{followUp.instructions}</Text>
        {due && days && (
          <>
            <Text fw={600}>{t("patient.followUp.within", { count: days, by: formatDate(due.toISOString(), zone) })}</Text>
            <Title order={3} fz="h5" mt="xs">
              {t("patient.followUp.book")}
            </Title>
            <Text size="sm">{t("patient.followUp.slotsIntro")}</Text>
            {slots.isPending ? (
              <Skeleton h={36} />
            ) : slots.isError ? (
              <ErrorAlert error={slots.error} title={t("patient.followUp.slotsFailed")} />
            ) : free.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("patient.followUp.noSlots")}
              </Text>
            ) : (
              <Group gap="xs" role="list" aria-label={t("patient.followUp.book")}>
                {free.map((slot) => (
                  <Button
                    key={slot.slot_id}
                    role="listitem"
                    component={Link}
                    to={bookingPath(slot.slot_id, doctorId)}
                    state={state(slot.start, slot.end)}
                    variant="default"
                    size="xs"
                  >
                    {formatDateTime(slot.start, zone)}
                  </Button>
                ))}
              </Group>
            )}
            <Anchor component={Link} to={`/doctors/${encodeURIComponent(doctorId)}?week=${from}`} size="sm">
              {t("patient.followUp.calendar")}
            </Anchor>
          </>
        )}
      </Stack>
    </Paper>
  );
}
