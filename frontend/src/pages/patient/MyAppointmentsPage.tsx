import { Badge, Button, Card, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { booking } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { hasEnded, isUpcoming } from "../../components/appointmentRules";
import { ErrorAlert } from "../../components/ErrorAlert";
import { AttendanceBadge, StatusBadge } from "../../components/StatusBadge";
import { reviewable } from "./ReviewPanel";
import { useNow } from "../../components/useNow";
import { browserZone, formatWhen, zoneName } from "../../i18n/format";

export type Tab = "upcoming" | "past" | "cancelled";

/**
 * Which tab an appointment belongs in: cancelled ones only under Cancelled, ended (or finished) ones under Past,
 * the rest under Upcoming. The API's scopes split by start time only, so the page sorts what it is given.
 */
export function tabOf(a: Appointment, now: number = Date.now()): Tab {
  if (a.status === "CANCELLED") return "cancelled";
  return isUpcoming(a, now) ? "upcoming" : "past";
}

function AppointmentCard({ a, zone }: { a: Appointment; zone: string }) {
  const { t } = useTranslation();
  const when = formatWhen(a.start, zone, { end: a.end });
  return (
    <Card withBorder data-testid="appointment-card">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} miw={0}>
          <Text fw={650}>{a.doctor.name}</Text>
          <Text>{when}</Text>
          {a.reason_for_visit && (
            <Text fz="sm" c="dimmed" lineClamp={1}>
              {a.reason_for_visit}
            </Text>
          )}
        </Stack>
        <Group gap="sm">
          <AttendanceBadge confirmedAt={a.attendance_confirmed_at} />
          <StatusBadge status={a.status} />
          {reviewable(a) && (
            <Badge variant="light" color="yellow" c="dark.8" radius="sm" data-testid="review-hint">
              {t("reviews.write.hint")}
            </Badge>
          )}
          <Button
            component={Link}
            to={`/me/appointments/${encodeURIComponent(a.appointment_id)}`}
            variant="default"
            size="sm"
            aria-label={t("patient.list.detailsOf", { doctor: a.doctor.name, when })}
          >
            {t("patient.list.details")}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

function Empty({ tab }: { tab: Tab }) {
  const { t } = useTranslation();
  const text = { upcoming: t("patient.list.noneUpcoming"), past: t("patient.list.nonePast"), cancelled: t("patient.list.noneCancelled") }[tab];
  return (
    <Stack gap="xs" align="flex-start">
      <Text c="dimmed">{text}</Text>
      {tab === "upcoming" && (
        <Button component={Link} to="/doctors">
          {t("patient.list.find")}
        </Button>
      )}
    </Stack>
  );
}

/** Upcoming (soonest first) or past (latest first), a page at a time, each keeping only what belongs to its tab. */
function ScopedList({ tab, zone }: { tab: "upcoming" | "past"; zone: string }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const list = useInfiniteQuery({
    queryKey: ["appointments", tab],
    queryFn: ({ pageParam }) => booking.list({ scope: tab, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // An appointment that has ended but started after "now" cannot happen; one that has ended sits under past.
  const fetched: Appointment[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const items = fetched.filter((a) => tabOf(a, now) === tab || (tab === "past" && a.status !== "CANCELLED" && hasEnded(a, now)));
  if (list.isLoading) return <Skeleton height={120} />;
  return (
    <Stack>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {items.length === 0 && !list.error && !list.hasNextPage && <Empty tab={tab} />}
      {items.map((a) => (
        <AppointmentCard key={a.appointment_id} a={a} zone={zone} />
      ))}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("actions.showMore")}
        </Button>
      )}
    </Stack>
  );
}

/** Cancelled appointments, those still ahead first, then the earlier ones (latest first). */
function CancelledList({ zone }: { zone: string }) {
  const list = useQuery({
    queryKey: ["appointments", "cancelled"],
    queryFn: async () => {
      const [ahead, before] = await Promise.all([
        booking.list({ scope: "upcoming", status: "CANCELLED" }),
        booking.list({ scope: "past", status: "CANCELLED" }),
      ]);
      return [...ahead.items, ...before.items];
    },
  });
  if (list.isLoading) return <Skeleton height={120} />;
  const items = list.data ?? [];
  return (
    <Stack>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {items.length === 0 && !list.error && <Empty tab="cancelled" />}
      {items.map((a) => (
        <AppointmentCard key={a.appointment_id} a={a} zone={zone} />
      ))}
    </Stack>
  );
}

export default function MyAppointmentsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone ?? browserZone();
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab");
  const tab: Tab = asked === "past" || asked === "cancelled" ? asked : "upcoming";
  return (
    <Stack maw={860} mx="auto">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t("patient.list.title")}</Title>
        <Button component={Link} to="/doctors">
          {t("patient.list.book")}
        </Button>
      </Group>
      <Text fz="sm" c="dimmed">
        {t("time.timesIn", { zone: zoneName(zone) })}
      </Text>
      <Text fz="xs" c="dimmed">
        {t("status.attendanceHelpPatient")}
      </Text>
      <Tabs value={tab} onChange={(value) => setParams(value && value !== "upcoming" ? { tab: value } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="upcoming">{t("patient.list.upcoming")}</Tabs.Tab>
          <Tabs.Tab value="past">{t("patient.list.past")}</Tabs.Tab>
          <Tabs.Tab value="cancelled">{t("patient.list.cancelled")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="upcoming" pt="md">
          {tab === "upcoming" && <ScopedList tab="upcoming" zone={zone} />}
        </Tabs.Panel>
        <Tabs.Panel value="past" pt="md">
          {tab === "past" && <ScopedList tab="past" zone={zone} />}
        </Tabs.Panel>
        <Tabs.Panel value="cancelled" pt="md">
          {tab === "cancelled" && <CancelledList zone={zone} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
