import { Button, Card, Group, Paper, Select, Skeleton, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { fieldErrors } from "../../api/errors";
import { supportApi, supportKeys, TICKET_CATEGORIES, type Ticket, type TicketCategory } from "../../api/support";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { browserZone, formatDayTime } from "../../i18n/format";
import { useRealtimeEvent } from "../../realtime/useRealtime";
import { TicketStatusBadge } from "./TicketStatusBadge";

interface NewTicket {
  subject: string;
  body: string;
  category: TicketCategory;
}

/** Every signed-in user's support: open a request, and the list of one's own (admins work the queue instead). */
export default function SupportPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone ?? browserZone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useInfiniteQuery({
    queryKey: supportKeys.list({}),
    queryFn: ({ pageParam }) => supportApi.list({}, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  useRealtimeEvent("support-reply", () => void queryClient.invalidateQueries({ queryKey: supportKeys.all }));
  const form = useForm<NewTicket>({
    initialValues: { subject: "", body: "", category: "other" },
    validate: {
      subject: (v) => (v.trim().length < 1 || v.trim().length > 200 ? t("support.subjectMissing") : null),
      body: (v) => (v.trim().length < 1 || v.trim().length > 4000 ? t("support.bodyMissing") : null),
    },
  });
  const open = useMutation({
    mutationFn: (values: NewTicket) => supportApi.open(values),
    onSuccess: (ticket) => {
      toasts.show({ color: "green", message: t("support.sent") });
      void queryClient.invalidateQueries({ queryKey: supportKeys.all });
      navigate(`/support/${encodeURIComponent(ticket.ticket_id)}`);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const items: Ticket[] = mine.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack maw={760} mx="auto">
      <Title order={1}>{t("support.title")}</Title>
      <Text c="dimmed">{t("support.intro")}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby="new-ticket">
        <form onSubmit={form.onSubmit((values) => open.mutate(values))}>
          <Stack>
            <Title order={2} size="h3" id="new-ticket">
              {t("support.newTicket")}
            </Title>
            <Select
              label={t("support.category")}
              data={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`support.categories.${c}`) }))}
              allowDeselect={false}
              {...form.getInputProps("category")}
            />
            <TextInput label={t("support.subject")} maxLength={200} required {...form.getInputProps("subject")} />
            <Textarea label={t("support.message")} autosize minRows={4} maxLength={4000} required {...form.getInputProps("body")} />
            <ErrorAlert error={open.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={open.isPending}>
                {t("support.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Title order={2} size="h3">
        {t("support.mine")}
      </Title>
      <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />
      {mine.isLoading && <Skeleton height={120} />}
      {mine.isSuccess && items.length === 0 && <Text c="dimmed">{t("support.none")}</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("support.mine")}>
        {items.map((ticket) => (
          <Card key={ticket.ticket_id} component="li" withBorder>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} component={Link} to={`/support/${encodeURIComponent(ticket.ticket_id)}`}>
                  {ticket.subject}
                </Text>
                <Text size="sm" c="dimmed">
                  {t(`support.categories.${ticket.category}`)} · {t("support.opened", { when: formatDayTime(ticket.created_at, zone) })}
                </Text>
              </Stack>
              <TicketStatusBadge status={ticket.status} />
            </Group>
          </Card>
        ))}
      </Stack>
      {mine.hasNextPage && (
        <Button variant="default" onClick={() => void mine.fetchNextPage()} loading={mine.isFetchingNextPage}>
          {t("actions.showMore")}
        </Button>
      )}
    </Stack>
  );
}
