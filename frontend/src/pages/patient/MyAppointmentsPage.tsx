import { Button, Card, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router-dom";
import { booking } from "../../api/endpoints";
import type { Appointment } from "../../api/types";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime, formatTime, zoneLabel } from "../../components/time";

type Scope = "upcoming" | "past";

function AppointmentList({ scope, zone }: { scope: Scope; zone?: string }) {
  const list = useInfiniteQuery({
    queryKey: ["appointments", scope],
    queryFn: ({ pageParam }) => booking.list({ scope, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items: Appointment[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isLoading) return <Skeleton height={120} />;
  return (
    <Stack>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {items.length === 0 && !list.error && (
        <Stack gap="xs" align="flex-start">
          <Text c="dimmed">{scope === "upcoming" ? "You have no upcoming appointments." : "No past appointments yet."}</Text>
          {scope === "upcoming" && (
            <Button component={Link} to="/doctors">
              Find a doctor
            </Button>
          )}
        </Stack>
      )}
      {items.map((a) => (
        <Card key={a.appointment_id} withBorder data-testid="appointment-card">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Text fw={650}>{a.doctor.name}</Text>
              <Text>
                {formatDateTime(a.start, zone)}–{formatTime(a.end, zone)}
              </Text>
              {a.reason_for_visit && (
                <Text fz="sm" c="dimmed" lineClamp={1}>
                  {a.reason_for_visit}
                </Text>
              )}
            </Stack>
            <Group gap="sm">
              <StatusBadge status={a.status} />
              <Button
                component={Link}
                to={`/me/appointments/${encodeURIComponent(a.appointment_id)}`}
                variant="default"
                size="sm"
                aria-label={`Details of the appointment with ${a.doctor.name} on ${formatDateTime(a.start, zone)}`}
              >
                Details
              </Button>
            </Group>
          </Group>
        </Card>
      ))}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </Stack>
  );
}

export default function MyAppointmentsPage() {
  const [params, setParams] = useSearchParams();
  const { user } = useAuth();
  const scope: Scope = params.get("tab") === "past" ? "past" : "upcoming";
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>My appointments</Title>
        <Button component={Link} to="/doctors">
          Book an appointment
        </Button>
      </Group>
      {user && (
        <Text fz="sm" c="dimmed">
          Times in {zoneLabel(user.timezone)}
        </Text>
      )}
      <Tabs value={scope} onChange={(value) => setParams(value === "past" ? { tab: "past" } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="upcoming">Upcoming</Tabs.Tab>
          <Tabs.Tab value="past">Past</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="upcoming" pt="md">
          {scope === "upcoming" && <AppointmentList scope="upcoming" zone={user?.timezone} />}
        </Tabs.Panel>
        <Tabs.Panel value="past" pt="md">
          {scope === "past" && <AppointmentList scope="past" zone={user?.timezone} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
