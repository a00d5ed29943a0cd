import { Badge, Card, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { STATUS_LABELS } from "./actions";
import type { Appointment } from "../../api/types";
import { AttendanceBadge, StatusBadge } from "./ui";
import { dayLabel, dayIn, timeIn } from "./zoned";
import classes from "./doctor.module.css";

interface Props {
  appointments: Appointment[];
  zone: string;
  /** Show the date beside the time (lists spanning several days). */
  withDate?: boolean;
  /** Ids that arrived live since the page opened, marked "New". */
  fresh?: ReadonlySet<string>;
  empty: string;
}

/** The doctor's appointments as rows that open the appointment; times on the doctor's clock. */
export function AppointmentList({ appointments, zone, withDate = false, fresh, empty }: Props) {
  const { t } = useTranslation();
  if (appointments.length === 0) {
    if (!empty) return null;
    return (
      <Text c="dimmed" size="sm">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap="xs" component="ul" className={classes.plainList}>
      {appointments.map((a) => {
        const when = `${withDate ? `${dayLabel(dayIn(a.start, zone))}, ` : ""}${timeIn(a.start, zone)}–${timeIn(a.end, zone)}`;
        return (
          <li key={a.appointment_id}>
            <UnstyledButton
              component={Link}
              to={`/doctor/appointments/${encodeURIComponent(a.appointment_id)}`}
              className={classes.rowLink}
              aria-label={t("doctor.list.row", { when, patient: a.patient.name || t("doctor.list.patient"), status: STATUS_LABELS[a.status] })}
              data-testid="appointment-row"
            >
              <Card withBorder padding="sm" radius="md">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="sm" wrap="wrap" miw={0}>
                    <Text fw={700} size="sm" style={{ whiteSpace: "nowrap" }}>
                      {when}
                    </Text>
                    <Text fw={600}>{a.patient.name || t("doctor.list.patient")}</Text>
                  </Group>
                  <Group gap={6}>
                    {fresh?.has(a.appointment_id) && (
                      <Badge color="yellow" c="dark" variant="filled" radius="sm">
                        {t("doctor.dashboard.new")}
                      </Badge>
                    )}
                    <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
                    <StatusBadge status={a.status} />
                  </Group>
                </Group>
                {a.reason_for_visit && (
                  <Text size="sm" c="dimmed" mt={4} lineClamp={1}>
                    {a.reason_for_visit}
                  </Text>
                )}
              </Card>
            </UnstyledButton>
          </li>
        );
      })}
    </Stack>
  );
}
