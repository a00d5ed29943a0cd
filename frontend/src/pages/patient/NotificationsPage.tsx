import { Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { hasKey, tKey } from "../../i18n";
import { browserZone, formatDayTime, formatTime, formatWhen } from "../../i18n/format";
import { keys, notifications } from "../../api/endpoints";
import type { Notification } from "../../api/types";
import { useAuth } from "../../auth/context";
import { bookingPath } from "../../components/booking";
import { ErrorAlert } from "../../components/ErrorAlert";

/** Where a notification leads, when it concerns something the user can open. */
export function notificationLink(item: Notification, role: string | null): string | null {
  const data = item.data;
  if (item.type === "waitlist-slot-open" && data.slot_id && data.doctor_id) {
    const open = !data.expires_at || new Date(data.expires_at).getTime() > Date.now();
    return open ? bookingPath(data.slot_id, data.doctor_id) : null;
  }
  if (data.request_id && item.type.startsWith("urgent-request")) {
    return role === "doctor" ? "/doctor/urgent" : `/urgent/${encodeURIComponent(data.request_id)}`;
  }
  if (data.appointment_id) {
    if (role === "patient") return `/me/appointments/${encodeURIComponent(data.appointment_id)}`;
    if (role === "doctor") return `/doctor/appointments/${encodeURIComponent(data.appointment_id)}`;
    if (role === "admin") return `/admin/appointments/${encodeURIComponent(data.appointment_id)}`;
  }
  return null;
}

const RAW_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A notification in the reader's language and zone: the server keeps the facts in `data` (times in ISO 8601), so a
 * known type with a `start` is written here; a body with words of its own (a reason, say) is kept as it came.
 */
export function notificationText(item: Notification, zone: string): { title: string; body: string } {
  const titleKey = `patient.notifications.titles.${item.type}`;
  const bodyKey = `patient.notifications.body.${item.type}`;
  const title = hasKey(titleKey) ? tKey(titleKey) : item.title;
  const start = item.data.start;
  if (!start || !hasKey(bodyKey) || (item.body && !RAW_TIME.test(item.body))) return { title, body: item.body };
  const until = item.data.expires_at ? formatTime(item.data.expires_at, zone) : "";
  return { title, body: tKey(bodyKey, { when: formatWhen(start, zone), until }) };
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { role, user } = useAuth();
  const zone = user?.timezone ?? browserZone();
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
        <Title order={1}>{t("patient.notifications.title")}</Title>
        <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={unread === 0}>
          {t("patient.notifications.markAll")}
        </Button>
      </Group>
      <ErrorAlert error={feed.error ?? readOne.error ?? readAll.error} onRetry={() => void feed.refetch()} />
      {feed.isLoading && <Skeleton height={160} />}
      {feed.isSuccess && items.length === 0 && <Text c="dimmed">{t("patient.notifications.none")}</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {items.map((item) => {
          const link = notificationLink(item, role);
          const text = notificationText(item, zone);
          return (
            <Card key={item.notification_id} component="li" withBorder bg={item.read ? undefined : "blue.0"}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={item.read ? 500 : 700}>{text.title}</Text>
                    {!item.read && (
                      <Badge size="xs" color="blue">
                        {t("patient.notifications.new")}
                      </Badge>
                    )}
                  </Group>
                  {text.body && <Text fz="sm">{text.body}</Text>}
                  <Text fz="xs" c="dimmed">
                    {formatDayTime(item.created_at, zone)}
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
                      {t("patient.notifications.open")}
                    </Button>
                  )}
                  {!item.read && (
                    <Button size="xs" variant="default" onClick={() => readOne.mutate(item.notification_id)}>
                      {t("patient.notifications.markRead")}
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
          {t("patient.notifications.older")}
        </Button>
      )}
    </Stack>
  );
}
