import { Alert, Badge, Button, Card, Checkbox, Group, Paper, Select, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { mayReopen, supportApi, supportKeys, TICKET_STATUSES, type TicketStatus } from "../../api/support";
import { useAuth } from "../../auth/context";
import { BackLink } from "../../components/BackLink";
import { ErrorAlert } from "../../components/ErrorAlert";
import { browserZone, formatDayTime } from "../../i18n/format";
import { useRealtimeEvent } from "../../realtime/useRealtime";
import { TicketStatusBadge } from "./TicketStatusBadge";

/** One ticket's thread. The requester replies, closes it, or reopens it within 14 days of being resolved; an admin
 * also writes internal notes (shown apart), assigns it and moves its status. */
export default function TicketPage() {
  const { t } = useTranslation();
  const { ticketId = "" } = useParams();
  const { user, role } = useAuth();
  const zone = user?.timezone ?? browserZone();
  const isAdmin = role === "admin";
  const queryClient = useQueryClient();
  const ticket = useQuery({ queryKey: supportKeys.ticket(ticketId), queryFn: () => supportApi.get(ticketId) });
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: supportKeys.all });
  useRealtimeEvent("support-reply", (event) => {
    if ((event.data as { ticket_id?: string }).ticket_id === ticketId) refresh();
  });
  const reply = useMutation({
    mutationFn: () => supportApi.reply(ticketId, body, isAdmin && internal),
    onSuccess: () => {
      setBody("");
      setInternal(false);
      refresh();
    },
  });
  const move = useMutation({ mutationFn: (status: TicketStatus) => supportApi.setStatus(ticketId, status), onSuccess: refresh });
  const assign = useMutation({ mutationFn: (adminId: string) => supportApi.assign(ticketId, adminId), onSuccess: refresh });
  const data = ticket.data;

  return (
    <Stack maw={760} mx="auto">
      <BackLink fallback={isAdmin ? "/admin/support" : "/support"} label={isAdmin ? t("support.queue.title") : t("support.back")} />
      <ErrorAlert error={ticket.error} onRetry={() => void ticket.refetch()} />
      {ticket.isLoading && <Skeleton height={240} />}
      {data && (
        <>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={1} style={{ overflowWrap: "anywhere" }}>
              {data.subject}
            </Title>
            <TicketStatusBadge status={data.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t(`support.categories.${data.category}`)} · {t("support.opened", { when: formatDayTime(data.created_at, zone) })}
            {isAdmin && ` · ${t("support.queue.requester")}: ${data.requester.name}`}
          </Text>
          {isAdmin && (
            <Group wrap="wrap" align="flex-end">
              <Select
                label={t("support.queue.changeStatus")}
                data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`support.staffStatuses.${s}`) }))}
                value={data.status}
                allowDeselect={false}
                onChange={(value) => value && value !== data.status && move.mutate(value as TicketStatus)}
                w={220}
              />
              <Text size="sm">
                {t("support.queue.assignee")}: {data.assignee?.name ?? t("support.queue.unassigned")}
              </Text>
              {user && data.assignee?.user_id !== user.user_id && (
                <Button variant="default" onClick={() => assign.mutate(user.user_id)} loading={assign.isPending}>
                  {t("support.queue.assignToMe")}
                </Button>
              )}
            </Group>
          )}
          <ErrorAlert error={move.error ?? assign.error} />
          <Title order={2} size="h3">
            {t("support.thread")}
          </Title>
          <Stack gap="xs" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("support.thread")}>
            {data.messages.map((message) => (
              <Card
                key={message.message_id}
                component="li"
                withBorder
                bg={message.internal ? "yellow.0" : message.author.user_id === data.requester.user_id ? undefined : "blue.0"}
                data-internal={message.internal ? "true" : "false"}
                style={message.internal ? { borderStyle: "dashed" } : undefined}
              >
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>
                    {t("support.by", {
                      name: message.author.user_id === user?.user_id ? t("support.you") : message.author.name,
                      when: formatDayTime(message.sent_at, zone),
                    })}
                  </Text>
                  {message.internal && (
                    <Badge color="yellow" variant="outline">
                      {t("support.internalBadge")}
                    </Badge>
                  )}
                </Group>
                <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{message.body}</Text>
              </Card>
            ))}
          </Stack>
          {data.status === "CLOSED" ? (
            <Alert color="gray">{t("support.closedNote")}</Alert>
          ) : (
            <Paper withBorder p="md">
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (body.trim()) reply.mutate();
                }}
              >
                <Stack>
                  <Textarea
                    label={t("support.reply")}
                    autosize
                    minRows={3}
                    maxLength={4000}
                    value={body}
                    onChange={(event) => setBody(event.currentTarget.value)}
                  />
                  {isAdmin && (
                    <Checkbox label={t("support.internal")} checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
                  )}
                  <ErrorAlert error={reply.error} />
                  <Group justify="space-between" wrap="wrap">
                    {!isAdmin && (
                      <Button variant="default" color="red" onClick={() => move.mutate("CLOSED")} loading={move.isPending}>
                        {t("support.close")}
                      </Button>
                    )}
                    <Button type="submit" loading={reply.isPending} disabled={!body.trim()}>
                      {t("support.sendReply")}
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          )}
          {!isAdmin && mayReopen(data) && (
            <Group justify="space-between" wrap="wrap">
              <Text size="sm">{t("support.reopenNote")}</Text>
              <Button variant="default" onClick={() => move.mutate("OPEN")} loading={move.isPending}>
                {t("support.reopen")}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
