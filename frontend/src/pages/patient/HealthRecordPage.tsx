import { Button, Card, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ownRecord, recordKeys, records, type RecordAccess } from "../../api/records";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RecordSections } from "../../components/record/RecordSections";
import { formatDateTime } from "../../components/time";

/** This page's sentences, in one place. */
const T = {
  title: "Health record",
  intro:
    "Your allergies, conditions and medications. Doctors you have an appointment with can read them and add to " +
    "them; every look and every change is listed below.",
  download: "Download (FHIR)",
  downloadHint: "A FHIR R4 file with your record and appointments, for another practice or an app.",
  downloadFailed: "The download did not work",
  accessTitle: "Who looked at your record",
  accessIntro: "Every read, change and download of your record, newest first.",
  accessEmpty: "Nobody has opened your record yet.",
  accessFailed: "The list could not be loaded",
  when: "When",
  who: "Who",
  what: "What",
  you: "You",
  more: "Show more",
  roles: { patient: "patient", doctor: "doctor", admin: "admin" } as Record<string, string>,
  actions: {
    read: "read the record",
    export: "downloaded the record",
    add: "added an entry",
    change: "changed an entry",
    remove: "removed an entry",
  } as Record<string, string>,
  throughVisit: "through an appointment with you",
};

function AccessLog({ viewerId, zone }: { viewerId?: string; zone?: string }) {
  const log = useInfiniteQuery({
    queryKey: recordKeys.accessLog,
    queryFn: ({ pageParam }) => records.accessLog(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  if (log.isPending) return <Skeleton h={120} />;
  if (log.isError) return <ErrorAlert error={log.error} title={T.accessFailed} onRetry={() => void log.refetch()} />;
  const items: RecordAccess[] = log.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{T.accessEmpty}</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{T.when}</Table.Th>
              <Table.Th>{T.who}</Table.Th>
              <Table.Th>{T.what}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((access) => (
              <Table.Tr key={access.access_id} data-testid="access-row">
                <Table.Td>{formatDateTime(access.at, zone)}</Table.Td>
                <Table.Td>
                  {access.actor.id === viewerId ? T.you : `${access.actor.name} (${T.roles[access.actor.role] ?? access.actor.role})`}
                </Table.Td>
                <Table.Td>
                  {T.actions[access.action] ?? access.action}
                  {access.appointment_id ? (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      ({T.throughVisit})
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {log.hasNextPage && (
        <Button variant="subtle" w="fit-content" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {T.more}
        </Button>
      )}
    </Stack>
  );
}

export default function HealthRecordPage() {
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
          <Title order={1}>{T.title}</Title>
          <Text c="dimmed" maw={560}>
            {T.intro}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Button leftSection={<IconDownload size={16} aria-hidden />} variant="default" loading={download.isPending} onClick={() => download.mutate()}>
            {T.download}
          </Button>
          <Text size="xs" c="dimmed" maw={260} ta="right">
            {T.downloadHint}
          </Text>
        </Stack>
      </Group>
      <ErrorAlert error={download.error} title={T.downloadFailed} />
      <RecordSections endpoint={ownRecord} queryKey={recordKeys.own} viewerId={user?.user_id} zone={zone} />
      <Card withBorder radius="md" component="section" aria-labelledby="access-title">
        <Title order={2} size="h4" id="access-title">
          {T.accessTitle}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {T.accessIntro}
        </Text>
        <AccessLog viewerId={user?.user_id} zone={zone} />
      </Card>
    </Stack>
  );
}
