import { Anchor, Button, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { doctorApi, doctorKeys } from "../../api/doctor";
import type { AppointmentStatus } from "../../api/types";
import { useAuth } from "../../auth/context";
import { useRealtimeEvent } from "../../realtime/useRealtime";
import { STATUS_LABELS } from "./actions";
import { AppointmentList } from "./AppointmentList";
import { splitSchedule } from "./schedule";
import { ErrorNotice, LiveBadge, PageHeader } from "./ui";
import { useNow } from "./useNow";
import { addDays, dayIn, daysRange, longDayLabel, zoneLabel } from "./zoned";

/** Today plus the next two weeks: what a doctor plans with, small enough to fetch at once. */
export const UPCOMING_DAYS = 14;
const COUNTED: AppointmentStatus[] = ["SCHEDULED", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "NO_SHOW", "CANCELLED"];

export default function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const now = useNow();
  const today = dayIn(now, zone);
  const { from, to } = daysRange(today, addDays(today, UPCOMING_DAYS), zone);
  const schedule = useQuery({
    queryKey: doctorKeys.schedule(from, to),
    queryFn: () => doctorApi.schedule(from, to),
    refetchInterval: 5 * 60_000,
  });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useRealtimeEvent("new-appointment", (event) => {
    const id = (event.data as { appointment_id?: string }).appointment_id;
    if (id) setFresh((previous) => new Set(previous).add(id));
  });

  const split = schedule.data ? splitSchedule(schedule.data, today, zone) : null;

  return (
    <Stack gap="lg">
      <PageHeader title={t("doctor.dashboard.title")} subtitle={t("doctor.dashboard.subtitle", { day: longDayLabel(today), zone: zoneLabel(zone, now) })}>
        <LiveBadge />
        <Button component={Link} to="/doctor/availability" variant="light">
          {t("doctor.dashboard.manage")}
        </Button>
        <Button component={Link} to="/doctor/profile" variant="subtle">
          {t("doctor.dashboard.profile")}
        </Button>
      </PageHeader>

      {schedule.isError && <ErrorNotice error={schedule.error} onRetry={() => void schedule.refetch()} />}

      <section aria-labelledby="counts-title">
        <Title order={2} size="h4" id="counts-title" mb="xs">
          {t("doctor.dashboard.window", { days: UPCOMING_DAYS })}
        </Title>
        <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="xs">
          {COUNTED.map((status) => (
            <Paper key={status} withBorder p="sm" radius="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                {STATUS_LABELS[status]}
              </Text>
              {split ? (
                <Text fz={28} fw={700} data-testid={`count-${status}`}>
                  {split.counts[status]}
                </Text>
              ) : (
                <Skeleton h={34} mt={4} />
              )}
            </Paper>
          ))}
        </SimpleGrid>
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder radius="md" component="section" aria-labelledby="today-title">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h3" id="today-title">
              {t("doctor.dashboard.today")}
            </Title>
            {split && (
              <Text c="dimmed" size="sm">
                {t("doctor.dashboard.count", { count: split.today.length + split.todayDone.length })}
              </Text>
            )}
          </Group>
          {split ? (
            <Stack gap="sm">
              <AppointmentList
                appointments={split.today}
                zone={zone}
                fresh={fresh}
                empty={split.todayDone.length ? "" : t("doctor.dashboard.noneToday")}
              />
              {split.todayDone.length > 0 && (
                <>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                    {t("doctor.dashboard.earlierToday")}
                  </Text>
                  <AppointmentList appointments={split.todayDone} zone={zone} fresh={fresh} empty="" />
                </>
              )}
            </Stack>
          ) : (
            !schedule.isError && <Skeleton h={120} />
          )}
        </Card>
        <Card withBorder radius="md" component="section" aria-labelledby="upcoming-title">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h3" id="upcoming-title">
              {t("doctor.dashboard.upcoming")}
            </Title>
            <Anchor component={Link} to="/doctor/appointments" size="sm">
              {t("doctor.dashboard.all")}
            </Anchor>
          </Group>
          {split ? (
            <AppointmentList
              appointments={split.upcoming}
              zone={zone}
              withDate
              fresh={fresh}
              empty={t("doctor.dashboard.noneUpcoming", { days: UPCOMING_DAYS })}
            />
          ) : (
            !schedule.isError && <Skeleton h={120} />
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
