import { Anchor, Button, Card, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { recordKeys, records } from "../../api/records";
import { useAuth } from "../../auth/context";
import { ErrorNotice, PageHeader } from "./ui";
import { dateTimeIn } from "./zoned";

/** This page's sentences, in one place. */
const T = {
  title: "Patients",
  subtitle: "Everyone with an appointment with you that is upcoming or ended within the last 12 months.",
  search: "Search by name",
  name: "Name",
  lastVisit: "Last visit",
  nextVisit: "Next visit",
  visits: "Visits",
  none: "—",
  empty: "No patients in your care yet.",
  noMatch: "Nobody in your care has a name like that.",
  more: "Show more",
};

export default function PatientsPage() {
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const [typed, setTyped] = useState("");
  const [q] = useDebouncedValue(typed.trim(), 300);
  const list = useInfiniteQuery({
    queryKey: recordKeys.patients(q),
    queryFn: ({ pageParam }) => records.patients({ q: q || undefined, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={960}>
      <PageHeader title={T.title} subtitle={T.subtitle} />
      <TextInput
        label={T.search}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        maw={360}
        type="search"
      />
      <Card withBorder radius="md">
        {list.isPending ? (
          <Skeleton h={160} />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Text c="dimmed">{q ? T.noMatch : T.empty}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{T.name}</Table.Th>
                  <Table.Th>{T.lastVisit}</Table.Th>
                  <Table.Th>{T.nextVisit}</Table.Th>
                  <Table.Th>{T.visits}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((patient) => (
                  <Table.Tr key={patient.patient_id} data-testid="patient-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/doctor/patients/${encodeURIComponent(patient.patient_id)}`}>
                        {patient.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{patient.last_visit ? dateTimeIn(patient.last_visit, zone) : T.none}</Table.Td>
                    <Table.Td>{patient.next_visit ? dateTimeIn(patient.next_visit, zone) : T.none}</Table.Td>
                    <Table.Td>{patient.visits}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Button variant="subtle" mt="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {T.more}
          </Button>
        )}
      </Card>
    </Stack>
  );
}
