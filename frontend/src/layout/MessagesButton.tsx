import { ActionIcon, Indicator, Tooltip } from "@mantine/core";
import { IconMessages, IconUrgent } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { conversations, talkKeys, unreadTotal } from "../api/talk";
import { useRealtimeEvent } from "../realtime/useRealtime";

/** The header's way to the messages, with the unread count over every conversation, kept live by the pushes. */
export function MessagesButton({ to }: { to: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: talkKeys.conversations, queryFn: () => conversations.list(), refetchInterval: 120_000 });
  // A claimed urgent request opens a conversation: it joins the list without a message yet.
  useRealtimeEvent(["message", "conversation-read", "urgent-request"], () => {
    void queryClient.invalidateQueries({ queryKey: talkKeys.conversations });
  });
  const count = unreadTotal(list.data);
  const label = count === 0 ? t("talk.messages.noneUnread") : t("talk.messages.unreadBadge", { count });
  return (
    <Tooltip label={label}>
      <Indicator label={count > 99 ? "99+" : count} size={18} disabled={count === 0} color="red" offset={4} data-testid="messages-unread">
        <ActionIcon component={Link} to={to} variant="subtle" size="lg" aria-label={label}>
          <IconMessages size={22} aria-hidden />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

/** The doctor's way to the duty switch and the urgent queue. */
export function UrgentButton() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("nav.urgent")}>
      <ActionIcon component={Link} to="/doctor/urgent" variant="subtle" size="lg" aria-label={t("nav.urgent")}>
        <IconUrgent size={22} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}
