import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { adminApi } from "../../api/admin";
import { billingApi, billingKeys } from "../../api/billing";
import { formatDay, formatDayTime } from "../../i18n/format";
import { QueryTable } from "../../components/QueryTable";
import { ErrorNotice, PageHeader, StatusBadge } from "../doctor/ui";
import { DisputeTable } from "./DisputesPage";

export function PatientsSearchPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const found = useQuery({ queryKey: billingKeys.patients(debounced), queryFn: () => billingApi.patients(debounced) });
  return (
    <Stack>
      <PageHeader title={t("billing.patients.title")} subtitle={t("billing.patients.subtitle")} />
      <TextInput label={t("billing.patients.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} maxLength={100} />
      <QueryTable
        query={found}
        empty={t("billing.patients.none")}
        minWidth={520}
        headers={[t("billing.patients.name"), t("billing.patients.email"), t("billing.patients.status"), null]}
        row={(p) => (
          <Table.Tr key={p.user_id}>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{p.email}</Table.Td>
            <Table.Td>
              <Badge color={p.status === "active" ? "green" : "gray"} variant="light">
                {p.status}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/admin/patients/${p.user_id}`} aria-label={t("billing.patients.openLabel", { name: p.name })}>
                {t("billing.patients.open")}
              </Anchor>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}

export function PatientAdminPage() {
  const { t } = useTranslation();
  const { patientId = "" } = useParams();
  const queryClient = useQueryClient();
  const page = useQuery({ queryKey: billingKeys.patient(patientId), queryFn: () => billingApi.patient(patientId) });
  const toggle = useMutation({
    mutationFn: (active: boolean) => (active ? adminApi.enableUser(patientId) : adminApi.disableUser(patientId)),
    onSuccess: (_, active) => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.patient(patientId) });
      toasts.show({ color: "green", message: t(active ? "billing.patients.enabled" : "billing.patients.disabled") });
    },
  });
  if (page.isPending) return <Skeleton h={240} />;
  if (page.isError) return <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />;
  const { profile, appointments, disputes, tickets } = page.data;
  const active = profile.status === "active";
  return (
    <Stack>
      <PageHeader title={profile.name} subtitle={t("billing.patients.noRecord")}>
        <Button color={active ? "red" : "green"} variant="light" loading={toggle.isPending} onClick={() => toggle.mutate(!active)}>
          {active ? t("billing.patients.disable") : t("billing.patients.enable")}
        </Button>
      </PageHeader>
      {toggle.isError && <ErrorNotice error={toggle.error} />}
      <Card withBorder radius="md" component="section" aria-labelledby="profile">
        <Title order={2} size="h4" id="profile" mb="xs">
          {t("billing.patients.profile")}
        </Title>
        <Text>{profile.email}</Text>
        {profile.phone && <Text>{profile.phone}</Text>}
        <Text c="dimmed" size="sm">
          {t("billing.patients.joined")}: {formatDay(profile.created_at)} · {profile.status}
        </Text>
      </Card>
      <Title order={2} size="h4">
        {t("billing.patients.appointments")}
      </Title>
      {appointments.length === 0 ? (
        <Text c="dimmed">{t("billing.patients.noAppointments")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Tbody>
              {appointments.map((a) => (
                <Table.Tr key={a.appointment_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/appointments/${a.appointment_id}`}>
                      {formatDayTime(a.start)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.doctor_name}</Table.Td>
                  <Table.Td>{a.appointment_type}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status as never} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={2} size="h4">
        {t("billing.patients.disputes")}
      </Title>
      {disputes.length === 0 ? <Text c="dimmed">{t("billing.patients.noDisputes")}</Text> : <DisputeTable disputes={disputes} />}
      <Title order={2} size="h4">
        {t("billing.patients.tickets")}
      </Title>
      {tickets.length === 0 ? (
        <Text c="dimmed">{t("billing.patients.noTickets")}</Text>
      ) : (
        <Stack gap="xs">
          {tickets.map((ticket) => (
            <Group key={ticket.ticket_id} justify="space-between" wrap="wrap">
              <Anchor component={Link} to={`/support/${encodeURIComponent(ticket.ticket_id)}`} style={{ overflowWrap: "anywhere" }}>
                {ticket.subject}
              </Anchor>
              <Group gap="xs">
                <Badge variant="light">{t(`support.statuses.${ticket.status}`)}</Badge>
                <Text size="sm" c="dimmed">
                  {formatDay(ticket.created_at)}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
