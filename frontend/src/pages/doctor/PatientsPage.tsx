import { Anchor, Button, Card, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { recordKeys, records } from "../../api/records";
import { useAuth } from "../../auth/context";
import { formatNumber } from "../../i18n/format";
import { ErrorNotice, PageHeader } from "./ui";
import { dateTimeIn } from "./zoned";

/** The care relationship's window (the server's DOCSPOT_CARE_MONTHS): who is listed here. */
const CARE_MONTHS = 12;
/** A visit that is not there. */
const NONE = "—";

export default function PatientsPage() {
  const { t } = useTranslation();
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
      <PageHeader title={t("doctor.patients.title")} subtitle={t("doctor.patients.subtitle", { months: CARE_MONTHS })} />
      <TextInput
        label={t("doctor.patients.search")}
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
          <Text c="dimmed">{q ? t("doctor.patients.noMatch") : t("doctor.patients.empty")}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("doctor.patients.name")}</Table.Th>
                  <Table.Th>{t("doctor.patients.lastVisit")}</Table.Th>
                  <Table.Th>{t("doctor.patients.nextVisit")}</Table.Th>
                  <Table.Th>{t("doctor.patients.visits")}</Table.Th>
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
                    <Table.Td>{patient.last_visit ? dateTimeIn(patient.last_visit, zone) : NONE}</Table.Td>
                    <Table.Td>{patient.next_visit ? dateTimeIn(patient.next_visit, zone) : NONE}</Table.Td>
                    <Table.Td>{formatNumber(patient.visits)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Button variant="subtle" mt="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t("actions.showMore")}
          </Button>
        )}
      </Card>
    </Stack>
  );
}
