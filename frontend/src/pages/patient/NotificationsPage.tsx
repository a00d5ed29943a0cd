import { Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { keys, notifications } from "../../api/endpoints";
import type { Notification } from "../../api/types";
import { useAuth } from "../../auth/context";
import { bookingPath } from "../../components/booking";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime } from "../../components/time";

/** Where a notification leads, when it concerns something the user can open. */
export function notificationLink(item: Notification, role: string | null): string | null {
  const data = item.data;
  if (item.type === "waitlist-slot-open" && data.slot_id && data.doctor_id) {
    const open = !data.expires_at || new Date(data.expires_at).getTime() > Date.now();
    return open ? bookingPath(data.slot_id, data.doctor_id) : null;
  }
  if (data.appointment_id) {
    if (role === "patient") return `/me/appointments/${encodeURIComponent(data.appointment_id)}`;
    if (role === "doctor") return `/doctor/appointments/${encodeURIComponent(data.appointment_id)}`;
  }
  return null;
}

export default function NotificationsPage() {
  const queryClient = useQueryClient();
  const { role } = useAuth();
  const feed = useInfiniteQuery({
    queryKey: [...keys.notifications(false), "page"],
    queryFn: ({ pageParam }) => notifications.feed({ cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.notifications() });
  const readOne = useMutation({ mutationFn: notifications.read, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: notifications.readAll, onSuccess: refresh });
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = feed.data?.pages[0]?.unread_count ?? 0;

  return (
    <Stack maw={760} mx="auto">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Notifications</Title>
        <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={unread === 0}>
          Mark all as read
        </Button>
      </Group>
      <ErrorAlert error={feed.error ?? readOne.error ?? readAll.error} onRetry={() => void feed.refetch()} />
      {feed.isLoading && <Skeleton height={160} />}
      {feed.isSuccess && items.length === 0 && <Text c="dimmed">Nothing here yet.</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {items.map((item) => {
          const link = notificationLink(item, role);
          return (
            <Card key={item.notification_id} component="li" withBorder bg={item.read ? undefined : "blue.0"}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={item.read ? 500 : 700}>{item.title}</Text>
                    {!item.read && (
                      <Badge size="xs" color="blue">
                        New
                      </Badge>
                    )}
                  </Group>
                  {item.body && <Text fz="sm">{item.body}</Text>}
                  <Text fz="xs" c="dimmed">
                    {formatDateTime(item.created_at)}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  {link && (
                    <Button
                      size="xs"
                      component={Link}
                      to={link}
                      onClick={() => !item.read && readOne.mutate(item.notification_id)}
                    >
                      Open
                    </Button>
                  )}
                  {!item.read && (
                    <Button size="xs" variant="default" onClick={() => readOne.mutate(item.notification_id)}>
                      Mark read
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          );
        })}
      </Stack>
      {feed.hasNextPage && (
        <Button variant="default" onClick={() => void feed.fetchNextPage()} loading={feed.isFetchingNextPage}>
          Show older
        </Button>
      )}
    </Stack>
  );
}
