import { Badge, Button, Card, Grid, Group, Paper, ScrollArea, Skeleton, Stack, Text, Textarea, Title, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowLeft, IconCheck } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { conversations, talkKeys, urgent, type Conversation, type Message } from "../../api/talk";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime } from "../../components/time";
import { useRealtimeEvent } from "../../realtime/useRealtime";

function clientMessageId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function ConversationList({ base, selected, items }: { base: string; selected?: string; items: Conversation[] }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (items.length === 0) return <Text c="dimmed">{t("talk.messages.empty")}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("talk.messages.conversations")}>
      {items.map((conversation) => {
        const last = conversation.last_message;
        const active = conversation.conversation_id === selected;
        return (
          <li key={conversation.conversation_id}>
            <UnstyledButton
              component={Link}
              to={`${base}/${encodeURIComponent(conversation.conversation_id)}`}
              aria-current={active ? "page" : undefined}
              data-testid="conversation-item"
              style={{ display: "block", width: "100%" }}
            >
              <Paper withBorder p="sm" bg={active ? "var(--mantine-color-blue-light)" : undefined}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fw={600} truncate>
                    {conversation.other.name}
                  </Text>
                  {conversation.unread_count > 0 && (
                    <Badge color="red" data-testid="conversation-unread">
                      {t("talk.messages.unread", { count: conversation.unread_count })}
                    </Badge>
                  )}
                </Group>
                {last && (
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {last.sender_id === user?.user_id ? `${t("talk.messages.you")}: ` : ""}
                    {last.body}
                  </Text>
                )}
              </Paper>
            </UnstyledButton>
          </li>
        );
      })}
    </Stack>
  );
}

function Bubble({ message, mine, read, zone }: { message: Message; mine: boolean; read: boolean; zone?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify={mine ? "flex-end" : "flex-start"} data-testid="message">
      <Paper
        p="sm"
        radius="md"
        maw="85%"
        bg={mine ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-light)"}
      >
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="message-body">
          {message.body}
        </Text>
        <Group gap={4} justify="flex-end">
          <Text size="xs" c="dimmed">
            {formatDateTime(message.sent_at, zone)}
          </Text>
          {read && (
            <Text size="xs" c="dimmed" data-testid="message-read">
              <IconCheck size={12} aria-hidden /> {t("talk.messages.read")}
            </Text>
          )}
        </Group>
      </Paper>
    </Group>
  );
}

function Thread({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const conversationId = conversation.conversation_id;
  const [draft, setDraft] = useState("");
  const emergency = useQuery({ queryKey: talkKeys.emergency, queryFn: urgent.emergency, staleTime: 3_600_000 });
  const thread = useInfiniteQuery({
    queryKey: talkKeys.messages(conversationId),
    queryFn: ({ pageParam }) => conversations.messages(conversationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: talkKeys.messages(conversationId) });
  useRealtimeEvent(["message", "conversation-read"], (event) => {
    if ((event.data as { conversation_id?: string }).conversation_id === conversationId) refresh();
  });
  const newestFirst: Message[] = thread.data?.pages.flatMap((page) => page.items) ?? [];
  const newest = newestFirst[0];
  const otherReadUpTo = thread.data?.pages[0]?.read_up_to ?? null;
  const read = useMutation({
    mutationFn: (messageId: string) => conversations.read(conversationId, messageId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: talkKeys.conversations }),
  });
  const newestFromOther = newest && newest.sender_id !== user?.user_id ? newest.message_id : null;
  const { mutate: markRead } = read;
  useEffect(() => {
    if (newestFromOther) markRead(newestFromOther);
  }, [newestFromOther, markRead]);
  const send = useMutation({
    mutationFn: (body: string) => conversations.send(conversationId, body, clientMessageId()),
    onSuccess: () => {
      setDraft("");
      refresh();
      void queryClient.invalidateQueries({ queryKey: talkKeys.conversations });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (body && !send.isPending) send.mutate(body);
  }
  const lastMine = newestFirst.find((m) => m.sender_id === user?.user_id);
  const shown = [...newestFirst].reverse();
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {conversation.other.name}
        </Title>
        {thread.isPending && <Skeleton h={160} />}
        {thread.isError && <ErrorAlert error={thread.error} title={t("talk.messages.loadFailed")} onRetry={() => void thread.refetch()} />}
        {thread.hasNextPage && (
          <Button variant="subtle" size="xs" onClick={() => void thread.fetchNextPage()} loading={thread.isFetchingNextPage}>
            {t("talk.messages.older")}
          </Button>
        )}
        {thread.isSuccess && shown.length === 0 && <Text c="dimmed">{t("talk.messages.noMessages")}</Text>}
        <Stack gap="xs" aria-live="polite" data-testid="thread">
          {shown.map((message) => (
            <Bubble
              key={message.message_id}
              message={message}
              mine={message.sender_id === user?.user_id}
              read={message === lastMine && otherReadUpTo !== null && otherReadUpTo >= message.message_id}
              zone={user?.timezone}
            />
          ))}
        </Stack>
        <form onSubmit={submit}>
          <Stack gap="xs">
            <Textarea
              label={t("talk.messages.composer")}
              description={t("talk.messages.composerHint", { number: emergency.data?.emergency_number ?? "112" })}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              maxLength={4000}
              autosize
              minRows={2}
              maxRows={8}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
              }}
            />
            {send.isError && <ErrorAlert error={send.error} title={t("talk.messages.sendFailed")} />}
            <Group justify="flex-end">
              <Button type="submit" loading={send.isPending} disabled={!draft.trim()}>
                {t("talk.messages.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

/** The messages page of patients (`/messages`) and doctors (`/doctor/messages`): the conversations, newest activity
 * first with unread counts, and the open one with live arrival, read marks and paging back. */
export default function MessagesPage({ base }: { base: string }) {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const phone = useMediaQuery("(max-width: 48em)");
  const list = useQuery({ queryKey: talkKeys.conversations, queryFn: () => conversations.list() });
  const items = list.data?.items ?? [];
  const open = items.find((c) => c.conversation_id === conversationId);
  // A conversation opened since the list was read (from an appointment, by a claim): read the list once more.
  const refetched = useRef<string | null>(null);
  const { isSuccess, refetch } = list;
  useEffect(() => {
    if (conversationId && isSuccess && !open && refetched.current !== conversationId) {
      refetched.current = conversationId;
      void refetch();
    }
  }, [conversationId, isSuccess, open, refetch]);
  const listView = list.isPending ? (
    <Skeleton h={200} />
  ) : list.isError ? (
    <ErrorAlert error={list.error} title={t("talk.messages.listFailed")} onRetry={() => void list.refetch()} />
  ) : (
    <ConversationList base={base} selected={conversationId} items={items} />
  );
  const threadView = open ? (
    <Thread key={open.conversation_id} conversation={open} />
  ) : (
    list.isSuccess && <Text c="dimmed">{t("talk.messages.choose")}</Text>
  );
  return (
    <Stack gap="md">
      <Title order={1}>{t("talk.messages.title")}</Title>
      {phone ? (
        conversationId ? (
          <Stack gap="sm">
            <Button component={Link} to={base} variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} w="fit-content">
              {t("talk.messages.back")}
            </Button>
            {threadView}
          </Stack>
        ) : (
          listView
        )
      ) : (
        <Grid>
          <Grid.Col span={4}>
            <ScrollArea.Autosize mah="70vh">{listView}</ScrollArea.Autosize>
          </Grid.Col>
          <Grid.Col span={8}>{threadView}</Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
