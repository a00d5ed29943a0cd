import { ActionIcon, Alert, Badge, Button, Card, Group, List, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { billingApi, billingKeys, type Plan, type Subscription } from "../../api/billing";
import { downloadBlob } from "../../components/CalendarButton";
import { formatDay, formatMoney } from "../../i18n/format";
import { planPrice } from "../admin/planText";
import { ErrorNotice, PageHeader } from "./ui";

function Entitlements({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const e = plan.entitlements;
  return (
    <List size="sm" spacing={2}>
      <List.Item>
        {t("billing.limits.max_appointment_types")}: {e.max_appointment_types}
      </List.Item>
      <List.Item>
        {t("billing.limits.max_weekly_rules")}: {e.max_weekly_rules}
      </List.Item>
      <List.Item>
        {t("billing.limits.max_clinics")}: {e.max_clinics}
      </List.Item>
      <List.Item>
        {t("billing.limits.video_visits")}: {e.video_visits ? t("billing.yes") : t("billing.no")}
      </List.Item>
      <List.Item>
        {t("billing.limits.analytics")}: {e.analytics ? t("billing.yes") : t("billing.no")}
      </List.Item>
    </List>
  );
}

function CurrentPlan({ subscription, plans }: { subscription: Subscription; plans: Plan[] }) {
  const { t } = useTranslation();
  const end = subscription.current_period_end ? formatDay(subscription.current_period_end) : "";
  return (
    <Alert color={subscription.status === "trialing" ? "blue" : "gray"} variant="light" title={t("billing.myPlan.current", { name: subscription.plan.name })}>
      <Stack gap={4}>
        {subscription.status === "trialing" && subscription.trial_ends_at && (
          <Text size="sm">{t("billing.myPlan.trialing", { date: formatDay(subscription.trial_ends_at) })}</Text>
        )}
        {subscription.status === "active" && <Text size="sm">{t("billing.myPlan.active", { date: end })}</Text>}
        {subscription.status === "free" && <Text size="sm">{t("billing.myPlan.free")}</Text>}
        {subscription.pending_plan_code && (
          <Text size="sm">
            {t("billing.myPlan.pending", {
              plan: plans.find((p) => p.code === subscription.pending_plan_code)?.name ?? subscription.pending_plan_code,
              date: end,
            })}
          </Text>
        )}
        {subscription.trial_available && <Text size="sm">{t("billing.myPlan.trialAvailable")}</Text>}
      </Stack>
    </Alert>
  );
}

function Invoices() {
  const { t } = useTranslation();
  const invoices = useQuery({ queryKey: billingKeys.myInvoices, queryFn: billingApi.myInvoices });
  const download = useMutation({
    mutationFn: async (invoice: { invoice_id: string; number: string }) => {
      const blob = await billingApi.invoicePdf(invoice.invoice_id);
      downloadBlob(blob, `docspot-invoice-${invoice.number}.pdf`);
    },
  });
  if (invoices.isPending) return <Skeleton h={80} />;
  if (invoices.isError) return <ErrorNotice error={invoices.error} onRetry={() => void invoices.refetch()} />;
  if (invoices.data.items.length === 0) return <Text c="dimmed">{t("billing.myPlan.noInvoices")}</Text>;
  return (
    <>
      {download.isError && <ErrorNotice error={download.error} />}
      <Table.ScrollContainer minWidth={520}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("billing.myPlan.number")}</Table.Th>
              <Table.Th>{t("billing.myPlan.period")}</Table.Th>
              <Table.Th>{t("billing.myPlan.amount")}</Table.Th>
              <Table.Th>{t("billing.myPlan.status")}</Table.Th>
              <Table.Th>{t("billing.myPlan.pdf")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.data.items.map((invoice) => (
              <Table.Tr key={invoice.invoice_id}>
                <Table.Td>{invoice.number}</Table.Td>
                <Table.Td>
                  {formatDay(invoice.period_start)} – {formatDay(invoice.period_end)}
                </Table.Td>
                <Table.Td>{formatMoney(Number(invoice.price.amount), invoice.price.currency)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={invoice.status === "paid" ? "green" : invoice.status === "overdue" ? "red" : "yellow"}>
                    {t(`billing.myPlan.invoiceStatus.${invoice.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("billing.myPlan.downloadLabel", { number: invoice.number })}
                    loading={download.isPending && download.variables.invoice_id === invoice.invoice_id}
                    onClick={() => download.mutate(invoice)}
                  >
                    <IconDownload size={18} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

export default function PlanPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const plans = useQuery({ queryKey: billingKeys.plans, queryFn: billingApi.plans });
  const subscription = useQuery({ queryKey: billingKeys.subscription, queryFn: billingApi.subscription });
  const choose = useMutation({
    mutationFn: billingApi.choosePlan,
    onSuccess: (next, code) => {
      queryClient.setQueryData(billingKeys.subscription, next);
      void queryClient.invalidateQueries({ queryKey: billingKeys.myInvoices });
      const name = plans.data?.items.find((p) => p.code === code)?.name ?? code;
      toasts.show({
        color: "green",
        message: next.plan.code === code ? t("billing.myPlan.changed", { name }) : t("billing.myPlan.scheduled", { name }),
      });
    },
  });
  const current = subscription.data?.plan.code;
  return (
    <Stack>
      <PageHeader title={t("billing.myPlan.title")} subtitle={t("billing.myPlan.subtitle")} />
      {subscription.isError && <ErrorNotice error={subscription.error} onRetry={() => void subscription.refetch()} />}
      {subscription.data && <CurrentPlan subscription={subscription.data} plans={plans.data?.items ?? []} />}
      {choose.isError && <ErrorNotice error={choose.error} />}
      {plans.isPending && <Skeleton h={200} />}
      {plans.isError && <ErrorNotice error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data && (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {plans.data.items.map((plan) => (
            <Card key={plan.code} withBorder radius="md" component="section" aria-labelledby={`plan-${plan.code}`}>
              <Stack gap="xs" h="100%" justify="space-between">
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Title order={2} size="h4" id={`plan-${plan.code}`}>
                      {plan.name}
                    </Title>
                    {plan.code === current && <Badge>{t("billing.myPlan.yours")}</Badge>}
                  </Group>
                  <Text fw={600}>{planPrice(plan)}</Text>
                  <Entitlements plan={plan} />
                </Stack>
                <Button
                  variant={plan.code === current ? "default" : "filled"}
                  disabled={plan.code === current && !subscription.data?.pending_plan_code}
                  loading={choose.isPending && choose.variables === plan.code}
                  onClick={() => choose.mutate(plan.code)}
                >
                  {plan.code !== current
                    ? t("billing.myPlan.choose", { name: plan.name })
                    : subscription.data?.pending_plan_code
                      ? t("billing.myPlan.keep", { name: plan.name })
                      : t("billing.myPlan.yours")}
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Title order={2} size="h3">
        {t("billing.myPlan.invoices")}
      </Title>
      <Invoices />
    </Stack>
  );
}
