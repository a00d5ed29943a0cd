import { Button, Group, SegmentedControl, Select, Skeleton, Stack, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import type { Appointment, AppointmentStatus, Page } from "../../api/types";
import { useAuth } from "../../auth/context";
import { ALL_STATUSES, STATUS_LABELS } from "./actions";
import { AppointmentList } from "./AppointmentList";
import { ErrorNotice, PageHeader } from "./ui";
import { zoneLabel } from "./zoned";

type Scope = "upcoming" | "past";

/** Every appointment of the doctor, soonest first (upcoming) or latest first (past), a page at a time. */
export default function AppointmentsPage() {
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const [scope, setScope] = useState<Scope>("upcoming");
  const [status, setStatus] = useState<AppointmentStatus | null>(null);
  const list = useInfiniteQuery({
    queryKey: ["appointments", "doctor-list", scope, status ?? "all"],
    queryFn: ({ pageParam }) =>
      api.get<Page<Appointment>>("/appointments", { query: { scope, status: status ?? undefined, limit: 25, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <PageHeader title="Appointments" subtitle={`Times in ${zoneLabel(zone)}`} />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl
          aria-label="Which appointments"
          value={scope}
          onChange={(value) => setScope(value as Scope)}
          data={[
            { value: "upcoming", label: "Upcoming" },
            { value: "past", label: "Past" },
          ]}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          value={status}
          onChange={(value) => setStatus(value as AppointmentStatus | null)}
          data={ALL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          w={200}
        />
      </Group>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : (
        <AppointmentList
          appointments={items}
          zone={zone}
          withDate
          empty={scope === "upcoming" ? "No upcoming appointments." : "No past appointments."}
        />
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
      {!list.isPending && items.length > 0 && !list.hasNextPage && (
        <Text c="dimmed" size="sm" ta="center">
          That is all.
        </Text>
      )}
    </Stack>
  );
}
