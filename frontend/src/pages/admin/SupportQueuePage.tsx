import { Button, Group, SegmentedControl, Select, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ageParts, supportApi, supportKeys, TICKET_STATUSES, type Ticket, type TicketStatus } from "../../api/support";
import { useAuth } from "../../auth/context";
import { useRealtimeEvent } from "../../realtime/useRealtime";
import { TicketStatusBadge } from "../support/TicketStatusBadge";
import { ErrorNotice, PageHeader } from "../doctor/ui";

type Assignee = "anyone" | "me";

/** The admins' queue: one status at a time (or the tickets assigned to me), the one waiting longest first. */
export default function SupportQueuePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<TicketStatus>("OPEN");
  const [assignee, setAssignee] = useState<Assignee>("anyone");
  const filters = { status, assigned_to: assignee === "me" ? user?.user_id : undefined };
  const queue = useInfiniteQuery({
    queryKey: supportKeys.list(filters),
    queryFn: ({ pageParam }) => supportApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: supportKeys.all });
  useRealtimeEvent("support-reply", refresh);
  const assign = useMutation({
    mutationFn: (ticketId: string) => supportApi.assign(ticketId, user?.user_id ?? ""),
    onSuccess: refresh,
  });
  const items: Ticket[] = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const age = (seconds: number) => {
    const { unit, count } = ageParts(seconds);
    return t(`support.age.${unit}`, { count });
  };

  return (
    <Stack>
      <PageHeader title={t("support.queue.title")} />
      <Group wrap="wrap" align="flex-end">
        <Select
          label={t("support.queue.status")}
          data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`support.staffStatuses.${s}`) }))}
          value={status}
          allowDeselect={false}
          onChange={(value) => value && setStatus(value as TicketStatus)}
          w={220}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="assignee-filter">
            {t("support.queue.assignee")}
          </Text>
          <SegmentedControl
            aria-labelledby="assignee-filter"
            value={assignee}
            onChange={(value) => setAssignee(value as Assignee)}
            data={[
              { value: "anyone", label: t("support.queue.anyone") },
              { value: "me", label: t("support.queue.me") },
            ]}
          />
        </Stack>
      </Group>
      {(queue.error ?? assign.error) && (
        <ErrorNotice error={queue.error ?? assign.error} onRetry={() => void queue.refetch()} />
      )}
      {queue.isLoading && <Skeleton height={160} />}
      {queue.isSuccess && items.length === 0 && <Text c="dimmed">{t("support.queue.empty")}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label={t("support.queue.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("support.subject")}</Table.Th>
                <Table.Th>{t("support.queue.requester")}</Table.Th>
                <Table.Th>{t("support.queue.age")}</Table.Th>
                <Table.Th>{t("support.queue.status")}</Table.Th>
                <Table.Th>{t("support.queue.assignee")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((ticket) => (
                <Table.Tr key={ticket.ticket_id} data-ticket={ticket.ticket_id}>
                  <Table.Td>
                    <Text component={Link} to={`/support/${encodeURIComponent(ticket.ticket_id)}`} fw={600} style={{ overflowWrap: "anywhere" }}>
                      {ticket.subject}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`support.categories.${ticket.category}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{ticket.requester.name}</Table.Td>
                  <Table.Td>{age(ticket.age_seconds)}</Table.Td>
                  <Table.Td>
                    <TicketStatusBadge status={ticket.status} />
                  </Table.Td>
                  <Table.Td>
                    {ticket.assignee ? (
                      ticket.assignee.name
                    ) : (
                      <Button size="xs" variant="default" onClick={() => assign.mutate(ticket.ticket_id)} loading={assign.isPending}>
                        {t("support.queue.assignToMe")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {queue.hasNextPage && (
        <Button variant="default" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
          {t("actions.showMore")}
        </Button>
      )}
    </Stack>
  );
}
