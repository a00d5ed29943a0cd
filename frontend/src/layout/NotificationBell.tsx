import { ActionIcon, Indicator, Tooltip } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { keys, notifications } from "../api/endpoints";
import { useRealtimeEvent } from "../realtime/useRealtime";

/** Event types after which the unread count may have changed. */
export const FEED_EVENTS = [
  "notification",
  "new-appointment",
  "appointment-confirmed",
  "appointment-cancelled",
  "appointment-status-changed",
  "waitlist-slot-open",
  "urgent-request",
];

export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: keys.notifications(true),
    queryFn: () => notifications.feed({ unread: true, limit: 1 }),
    refetchInterval: 120_000,
  });
  useRealtimeEvent(FEED_EVENTS, () => {
    void queryClient.invalidateQueries({ queryKey: keys.notifications() });
  });
  const count = unread.data?.unread_count ?? 0;
  const label = count === 0 ? t("patient.notifications.noneUnread") : t("patient.notifications.unread", { count });
  return (
    <Tooltip label={label}>
      <Indicator
        label={count > 99 ? "99+" : count}
        size={18}
        disabled={count === 0}
        color="red"
        offset={4}
        data-testid="unread-count"
      >
        <ActionIcon component={Link} to="/notifications" variant="subtle" size="lg" aria-label={label}>
          <IconBell size={22} aria-hidden />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
