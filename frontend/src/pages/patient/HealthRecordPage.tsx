import { Button, Card, Group, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconDownload } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ownRecord, recordKeys, records, type RecordAccess } from "../../api/records";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RecordSections } from "../../components/record/RecordSections";
import { roleLabel } from "../../components/record/strings";
import { formatDateTime } from "../../components/time";
import { hasKey, tKey } from "../../i18n";

/** "read the record": what an access did, in words. */
function actionLabel(action: string): string {
  return hasKey(`patient.record.actions.${action}`) ? tKey(`patient.record.actions.${action}`) : action;
}

function AccessLog({ viewerId, zone }: { viewerId?: string; zone?: string }) {
  const { t } = useTranslation();
  // On a phone each access is a card of its own: three columns do not fit 390 px.
  const phone = useMediaQuery("(max-width: 48em)");
  const log = useInfiniteQuery({
    queryKey: recordKeys.accessLog,
    queryFn: ({ pageParam }) => records.accessLog(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  if (log.isPending) return <Skeleton h={120} />;
  if (log.isError) return <ErrorAlert error={log.error} title={t("patient.record.accessFailed")} onRetry={() => void log.refetch()} />;
  const items: RecordAccess[] = log.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t("patient.record.accessEmpty")}</Text>;
  const who = (access: RecordAccess) =>
    access.actor.id === viewerId
      ? t("patient.record.you")
      : t("patient.record.actor", { name: access.actor.name, role: roleLabel(access.actor.role) });
  const what = (access: RecordAccess) => (
    <>
      {actionLabel(access.action)}
      {access.appointment_id ? (
        <Text span size="xs" c="dimmed">
          {" "}
          ({t("patient.record.throughVisit")})
        </Text>
      ) : null}
    </>
  );
  const rows = phone ? (
    <Stack gap="xs">
      {items.map((access) => (
        <Paper key={access.access_id} withBorder p="sm" data-testid="access-row">
          <Text size="sm" c="dimmed">
            {formatDateTime(access.at, zone)}
          </Text>
          <Text fw={600}>{who(access)}</Text>
          <Text size="sm">{what(access)}</Text>
        </Paper>
      ))}
    </Stack>
  ) : (
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("patient.record.when")}</Table.Th>
              <Table.Th>{t("patient.record.who")}</Table.Th>
              <Table.Th>{t("patient.record.what")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((access) => (
              <Table.Tr key={access.access_id} data-testid="access-row">
                <Table.Td>{formatDateTime(access.at, zone)}</Table.Td>
                <Table.Td>{who(access)}</Table.Td>
                <Table.Td>{what(access)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
  );
  return (
    <Stack gap="xs">
      {rows}
      {log.hasNextPage && (
        <Button variant="subtle" w="fit-content" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t("actions.showMore")}
        </Button>
      )}
    </Stack>
  );
}

export default function HealthRecordPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const zone = user?.timezone;
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: records.exportBundle,
    onSuccess: (blob) => {
      // The download is an access like any other: the log shows it.
      void queryClient.invalidateQueries({ queryKey: recordKeys.accessLog });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = "docspot-health-record.json";
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });

  return (
    <Stack maw={860} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t("patient.record.title")}</Title>
          <Text c="dimmed" maw={560}>
            {t("patient.record.intro")}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Button leftSection={<IconDownload size={16} aria-hidden />} variant="default" loading={download.isPending} onClick={() => download.mutate()}>
            {t("patient.record.download")}
          </Button>
          <Text size="xs" c="dimmed" maw={260} ta="right">
            {t("patient.record.downloadHint")}
          </Text>
        </Stack>
      </Group>
      <ErrorAlert error={download.error} title={t("patient.record.downloadFailed")} />
      <RecordSections endpoint={ownRecord} queryKey={recordKeys.own} viewerId={user?.user_id} zone={zone} />
      <Card withBorder radius="md" component="section" aria-labelledby="access-title">
        <Title order={2} size="h4" id="access-title">
          {t("patient.record.accessTitle")}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t("patient.record.accessIntro")}
        </Text>
        <AccessLog viewerId={user?.user_id} zone={zone} />
      </Card>
    </Stack>
  );
}
