import { Anchor, Button, Group, Modal, Select, Skeleton, Stack, Table, Tabs, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { billingApi, billingKeys, type Dispute, type DisputeStatus } from "../../api/billing";
import { fieldErrors } from "../../api/errors";
import { formatDayTime } from "../../i18n/format";
import { ErrorNotice, PageHeader } from "../doctor/ui";

function ResolveModal({ dispute, onClose }: { dispute: Dispute; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ mode: "controlled", initialValues: { outcome: "", correction: "" } });
  const resolve = useMutation({
    mutationFn: (v: { outcome: string; correction: string }) =>
      billingApi.resolveDispute(
        dispute.dispute_id,
        v.outcome.trim(),
        v.correction === "COMPLETED" || v.correction === "NO_SHOW" ? v.correction : null,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "disputes"] });
      toasts.show({ color: "green", message: t("billing.disputes.resolved") });
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const finishedCorrectable = dispute.appointment_status === "COMPLETED" || dispute.appointment_status === "NO_SHOW";
  return (
    <Modal opened onClose={onClose} title={t("billing.disputes.resolveTitle")}>
      <form noValidate onSubmit={form.onSubmit((values) => resolve.mutate(values))}>
        <Stack>
          <Text size="sm">{dispute.reason}</Text>
          <Textarea label={t("billing.disputes.outcome")} withAsterisk autosize minRows={3} maxLength={2000} {...form.getInputProps("outcome")} />
          {finishedCorrectable && (
            <Select
              label={t("billing.disputes.correction")}
              data={[
                { value: "", label: t("billing.disputes.noCorrection", { status: dispute.appointment_status }) },
                ...(["COMPLETED", "NO_SHOW"] as const)
                  .filter((s) => s !== dispute.appointment_status)
                  .map((s) => ({ value: s, label: s })),
              ]}
              allowDeselect={false}
              {...form.getInputProps("correction")}
            />
          )}
          {resolve.isError && <ErrorNotice error={resolve.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button type="submit" loading={resolve.isPending}>
              {t("billing.disputes.resolve")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DisputeTable({ disputes, onResolve }: { disputes: Dispute[]; onResolve?: (d: Dispute) => void }) {
  const { t } = useTranslation();
  if (disputes.length === 0) return <Text c="dimmed">{t("billing.disputes.none")}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("billing.disputes.raised")}</Table.Th>
            <Table.Th>{t("billing.disputes.by")}</Table.Th>
            <Table.Th>{t("billing.disputes.kindLabel")}</Table.Th>
            <Table.Th>{t("billing.disputes.reason")}</Table.Th>
            <Table.Th>{t("billing.disputes.appointment")}</Table.Th>
            <Table.Th>{onResolve ? "" : t("billing.disputes.outcome")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {disputes.map((d) => (
            <Table.Tr key={d.dispute_id}>
              <Table.Td>{formatDayTime(d.created_at)}</Table.Td>
              <Table.Td>{t(`billing.disputes.role.${d.raised_by_role}`)}</Table.Td>
              <Table.Td>{t(`billing.disputes.kind.${d.kind}`)}</Table.Td>
              <Table.Td>{d.reason}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/admin/appointments/${d.appointment_id}`}>
                  {d.status_correction ? `${d.appointment_status} → ${d.status_correction}` : d.appointment_status}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {onResolve && d.status === "open" ? (
                  <Button size="xs" onClick={() => onResolve(d)}>
                    {t("billing.disputes.resolve")}
                  </Button>
                ) : (
                  d.outcome
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function DisputesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DisputeStatus>("open");
  const [resolving, setResolving] = useState<Dispute | null>(null);
  const disputes = useQuery({ queryKey: billingKeys.disputes(status), queryFn: () => billingApi.disputes(status) });
  return (
    <Stack>
      <PageHeader title={t("billing.disputes.title")} subtitle={t("billing.disputes.subtitle")} />
      <Tabs value={status} onChange={(value) => setStatus(value === "resolved" ? "resolved" : "open")}>
        <Tabs.List>
          <Tabs.Tab value="open">{t("billing.disputes.tabs.open")}</Tabs.Tab>
          <Tabs.Tab value="resolved">{t("billing.disputes.tabs.resolved")}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {disputes.isPending && <Skeleton h={120} />}
      {disputes.isError && <ErrorNotice error={disputes.error} onRetry={() => void disputes.refetch()} />}
      {disputes.data && <DisputeTable disputes={disputes.data.items} onResolve={setResolving} />}
      {resolving && <ResolveModal dispute={resolving} onClose={() => setResolving(null)} />}
    </Stack>
  );
}
