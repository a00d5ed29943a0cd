import { Button, Code, Group, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useInfiniteQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { analyticsApi, analyticsKeys, type AuditFilters } from "../../api/analytics";
import { formatDayTime } from "../../i18n/format";
import { DAY } from "../analytics/AnalyticsView";
import { ErrorNotice, PageHeader } from "../doctor/ui";

/** The audit trail, newest first, with its filters; "Load more" follows the cursor. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const entries = useInfiniteQuery({
    queryKey: analyticsKeys.audit(filters),
    queryFn: ({ pageParam }) => analyticsApi.audit(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <PageHeader title={t("admin.audit.title")} subtitle={t("admin.audit.subtitle")} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t("admin.audit.action")} placeholder="user.disabled" value={draft.action ?? ""} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
          <TextInput label={t("admin.audit.subject")} placeholder="user#…" value={draft.subject_id ?? ""} onChange={(e) => setDraft({ ...draft, subject_id: e.currentTarget.value })} />
          <TextInput label={t("admin.audit.actor")} value={draft.actor_id ?? ""} onChange={(e) => setDraft({ ...draft, actor_id: e.currentTarget.value })} />
          <DatePickerInput
            type="range"
            clearable
            label={t("admin.audit.days")}
            valueFormat="D MMM YYYY"
            value={[draft.from ?? null, draft.to ?? null]}
            onChange={([from, to]) =>
              setDraft({ ...draft, from: from ? dayjs(from).format(DAY) : undefined, to: to ? dayjs(to).format(DAY) : undefined })
            }
            miw={220}
          />
          <Button type="submit">{t("admin.audit.apply")}</Button>
        </Group>
      </form>
      {entries.error ? (
        <ErrorNotice error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.isLoading ? (
        <Skeleton h={200} />
      ) : rows.length === 0 ? (
        <Text c="dimmed">{t("admin.audit.none")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.audit.when")}</Table.Th>
                <Table.Th>{t("admin.audit.action")}</Table.Th>
                <Table.Th>{t("admin.audit.actor")}</Table.Th>
                <Table.Th>{t("admin.audit.subject")}</Table.Th>
                <Table.Th>{t("admin.audit.detail")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.at}-${row.subject}-${row.action}`}>
                  <Table.Td>{formatDayTime(row.at)}</Table.Td>
                  <Table.Td>
                    <Code>{row.action}</Code>
                  </Table.Td>
                  <Table.Td>{row.actor_name ?? row.actor_id}</Table.Td>
                  <Table.Td>
                    <Code>{row.subject}</Code>
                  </Table.Td>
                  <Table.Td>
                    {row.detail
                      ? Object.entries(row.detail)
                          .map(([key, value]) => `${key}: ${value}`)
                          .join(", ")
                      : ""}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {entries.hasNextPage && (
        <Group>
          <Button variant="default" loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
            {t("admin.audit.more")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
