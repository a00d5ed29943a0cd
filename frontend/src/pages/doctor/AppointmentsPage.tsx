import { Button, Group, SegmentedControl, Select, Skeleton, Stack, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import type { Appointment, AppointmentStatus, Page } from "../../api/types";
import { useAuth } from "../../auth/context";
import { hasEnded, isUpcoming } from "../../components/appointmentRules";
import { useNow } from "../../components/useNow";
import { ALL_STATUSES, STATUS_LABELS } from "./actions";
import { AppointmentList } from "./AppointmentList";
import { ErrorNotice, PageHeader } from "./ui";
import { zoneLabel } from "./zoned";

type Scope = "upcoming" | "past" | "cancelled";

/** Whether an appointment belongs in the chosen list: cancelled ones only under Cancelled, ended ones under Past. */
export function belongs(a: Appointment, scope: Scope, now: number): boolean {
  if (scope === "cancelled") return a.status === "CANCELLED";
  if (a.status === "CANCELLED") return false;
  return scope === "upcoming" ? isUpcoming(a, now) : hasEnded(a, now) || !isUpcoming(a, now);
}

/** Every appointment of the doctor, soonest first (upcoming) or latest first (past, cancelled), a page at a time. */
export default function AppointmentsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const now = useNow(60_000);
  const [scope, setScope] = useState<Scope>("upcoming");
  const [status, setStatus] = useState<AppointmentStatus | null>(null);
  const apiScope = scope === "cancelled" ? "past" : scope;
  const apiStatus = scope === "cancelled" ? "CANCELLED" : (status ?? undefined);
  const list = useInfiniteQuery({
    queryKey: ["appointments", "doctor-list", scope, apiStatus ?? "all"],
    queryFn: async ({ pageParam }) => {
      const page = await api.get<Page<Appointment>>("/appointments", {
        query: { scope: apiScope, status: apiStatus, limit: 25, cursor: pageParam },
      });
      if (scope !== "cancelled" || pageParam) return page;
      // Cancelled ones still ahead come first, then the earlier ones.
      const ahead = await api.get<Page<Appointment>>("/appointments", {
        query: { scope: "upcoming", status: "CANCELLED", limit: 50 },
      });
      return { ...page, items: [...ahead.items, ...page.items] };
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((a) => belongs(a, scope, now));
  const empty = { upcoming: t("doctor.list.noneUpcoming"), past: t("doctor.list.nonePast"), cancelled: t("doctor.list.noneCancelled") }[scope];

  return (
    <Stack>
      <PageHeader title={t("doctor.list.title")} subtitle={t("time.timesIn", { zone: zoneLabel(zone) })} />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl
          aria-label={t("doctor.list.which")}
          value={scope}
          onChange={(value) => setScope(value as Scope)}
          data={[
            { value: "upcoming", label: t("doctor.list.upcoming") },
            { value: "past", label: t("doctor.list.past") },
            { value: "cancelled", label: t("doctor.list.cancelled") },
          ]}
        />
        {scope !== "cancelled" && (
          <Select
            label={t("doctor.list.status")}
            placeholder={t("doctor.list.anyStatus")}
            clearable
            value={status}
            onChange={(value) => setStatus(value as AppointmentStatus | null)}
            data={ALL_STATUSES.filter((s) => s !== "CANCELLED").map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            w={200}
          />
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t("status.attendanceHelpStaff")}
      </Text>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : (
        <AppointmentList appointments={items} zone={zone} withDate empty={empty} />
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t("actions.showMore")}
          </Button>
        </Group>
      )}
      {!list.isPending && items.length > 0 && !list.hasNextPage && (
        <Text c="dimmed" size="sm" ta="center">
          {t("actions.thatIsAll")}
        </Text>
      )}
    </Stack>
  );
}
