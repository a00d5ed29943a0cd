import { Anchor, Badge, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { adminApi, adminKeys } from "../../api/admin";
import type { Appointment, AppointmentStatus } from "../../api/types";
import { useAuth } from "../../auth/context";
import { useRealtimeEvent, useTopic } from "../../realtime/useRealtime";
import { ALL_STATUSES, STATUS_LABELS } from "../doctor/actions";
import { AttendanceBadge, ErrorNotice, LiveBadge, PageHeader, StatusBadge } from "../doctor/ui";
import { useNow } from "../doctor/useNow";
import { dayIn, longDayLabel, timeIn, zoneLabel } from "../doctor/zoned";
import classes from "../doctor/doctor.module.css";
import { applyChange, dayQueries, type LiveChange } from "./monitor";

const APPOINTMENT_EVENTS = [
  "new-appointment",
  "appointment-confirmed",
  "appointment-cancelled",
  "appointment-status-changed",
  // Reschedules arrive as a notification event naming the appointment and its new times.
  "notification",
];

/** Today's appointments across all doctors, on the admin's calendar, changed in place as events arrive. */
export default function MonitorPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const now = useNow();
  const today = dayIn(now, zone);
  const queryClient = useQueryClient();
  const key = adminKeys.monitor(`${today}@${zone}`);
  const day = useQuery({
    queryKey: key,
    queryFn: async () => {
      const parts = await Promise.all(dayQueries(today, zone).map((q) => adminApi.appointmentsOfDay(q.utcDay, q.from, q.to)));
      return parts.flat().sort((a, b) => a.start.localeCompare(b.start));
    },
    refetchInterval: 5 * 60_000,
  });
  const [flashing, setFlashing] = useState<Record<string, number>>({});
  const [lastEvent, setLastEvent] = useState<string | null>(null);

  useTopic("admin");
  useRealtimeEvent(APPOINTMENT_EVENTS, (event) => {
    const change = event.data as LiveChange;
    if (!change.appointment_id) return;
    setLastEvent(event.at ?? new Date().toISOString());
    const rows = queryClient.getQueryData<Appointment[]>(key);
    const next = rows ? applyChange(rows, change, today, zone) : null;
    if (next) queryClient.setQueryData(key, next);
    else void queryClient.invalidateQueries({ queryKey: key });
    if (change.appointment_id) {
      const id = change.appointment_id;
      setFlashing((previous) => ({ ...previous, [id]: (previous[id] ?? 0) + 1 }));
    }
  });
  useEffect(() => {
    if (Object.keys(flashing).length === 0) return;
    const timer = setTimeout(() => setFlashing({}), 2500);
    return () => clearTimeout(timer);
  }, [flashing]);

  const rows = day.data ?? [];
  const counts = rows.reduce<Partial<Record<AppointmentStatus, number>>>((acc, a) => {
    acc[a.status] = (acc[a.status] ?? 0) + 1;
    return acc;
  }, {});

  return (
    <Stack>
      <PageHeader title={t("admin.monitor.title")} subtitle={t("admin.monitor.subtitle", { day: longDayLabel(today), zone: zoneLabel(zone, now) })}>
        <LiveBadge />
      </PageHeader>
      <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="xs">
        {ALL_STATUSES.map((status) => (
          <Paper key={status} withBorder p="sm" radius="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {STATUS_LABELS[status]}
            </Text>
            <Text fz={26} fw={700} data-testid={`monitor-count-${status}`}>
              {day.data ? (counts[status] ?? 0) : "–"}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {day.isError && <ErrorNotice error={day.error} onRetry={() => void day.refetch()} />}
      <Card withBorder radius="md" padding={0}>
        {day.isPending ? (
          <Skeleton h={200} />
        ) : rows.length === 0 ? (
          <Text c="dimmed" p="md">
            {t("admin.monitor.none")}
          </Text>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" aria-live="polite" className={classes.stackTable}>
            <Table.Caption>
              {t("admin.monitor.caption", { count: rows.length })}
              {lastEvent ? ` · ${t("admin.monitor.lastChange", { time: timeIn(lastEvent, zone) })}` : ""}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("admin.monitor.time")}</Table.Th>
                <Table.Th scope="col">{t("admin.monitor.doctor")}</Table.Th>
                <Table.Th scope="col">{t("admin.monitor.patient")}</Table.Th>
                <Table.Th scope="col">{t("admin.monitor.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr
                  key={`${a.appointment_id}-${flashing[a.appointment_id] ?? 0}`}
                  className={flashing[a.appointment_id] ? classes.flash : undefined}
                  data-testid="monitor-row"
                  data-status={a.status}
                >
                  <Table.Td data-label={t("admin.monitor.time")} style={{ whiteSpace: "nowrap" }}>
                    <Anchor
                      component={Link}
                      to={`/admin/appointments/${encodeURIComponent(a.appointment_id)}`}
                      aria-label={t("admin.monitor.openLabel", { patient: a.patient.name, doctor: a.doctor.name, time: timeIn(a.start, zone) })}
                    >
                      {timeIn(a.start, zone)}–{timeIn(a.end, zone)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td data-label={t("admin.monitor.doctor")}>{a.doctor.name}</Table.Td>
                  <Table.Td data-label={t("admin.monitor.patient")}>{a.patient.name}</Table.Td>
                  <Table.Td data-label={t("admin.monitor.status")}>
                    <Group gap={6}>
                      <StatusBadge status={a.status} />
                      <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
                      {flashing[a.appointment_id] ? (
                        <Badge color="yellow" c="dark" variant="light" size="sm">
                          {t("admin.monitor.updated")}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
