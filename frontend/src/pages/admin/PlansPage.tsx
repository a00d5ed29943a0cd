import { Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Skeleton, Stack, Switch, Table, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { billingApi, billingKeys, type Plan } from "../../api/billing";
import { fieldErrors } from "../../api/errors";
import { ErrorNotice, PageHeader } from "../doctor/ui";
import { planPrice } from "./planText";

interface PlanValues {
  code: string;
  name: string;
  amount: string;
  currency: string;
  interval: "month" | "year";
  max_appointment_types: number;
  max_clinics: number;
  video_visits: boolean;
  analytics: boolean;
  max_weekly_rules: number;
  active: boolean;
}

const EMPTY: PlanValues = {
  code: "",
  name: "",
  amount: "29.00",
  currency: "EUR",
  interval: "month",
  max_appointment_types: 5,
  max_clinics: 1,
  video_visits: true,
  analytics: false,
  max_weekly_rules: 20,
  active: true,
};

function valuesOf(plan: Plan): PlanValues {
  return {
    code: plan.code,
    name: plan.name,
    amount: plan.price.amount,
    currency: plan.price.currency,
    interval: plan.interval,
    ...plan.entitlements,
    active: plan.active,
  };
}

function PlanForm({ initial, existing, onDone }: { initial: PlanValues; existing?: Plan; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<PlanValues>({ mode: "controlled", initialValues: initial });
  const save = useMutation({
    mutationFn: (v: PlanValues) => {
      const entitlements = {
        max_appointment_types: v.max_appointment_types,
        max_clinics: v.max_clinics,
        video_visits: v.video_visits,
        analytics: v.analytics,
        max_weekly_rules: v.max_weekly_rules,
      };
      const price = { amount: v.amount.trim(), currency: v.currency };
      return existing
        ? billingApi.updatePlan(existing.code, { name: v.name.trim(), price, interval: v.interval, entitlements, active: v.active })
        : billingApi.createPlan({ code: v.code.trim(), name: v.name.trim(), price, interval: v.interval, entitlements });
    },
    onSuccess: (plan) => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.plans });
      void queryClient.invalidateQueries({ queryKey: billingKeys.allPlans });
      toasts.show({ color: "green", message: t(existing ? "billing.plans.saved" : "billing.plans.created", { name: plan.name }) });
      if (!existing) form.reset();
      onDone();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!existing && <TextInput label={t("billing.plans.code")} withAsterisk {...form.getInputProps("code")} />}
          <TextInput label={t("billing.plans.name")} withAsterisk {...form.getInputProps("name")} />
          <TextInput label={t("billing.plans.amount")} withAsterisk inputMode="decimal" {...form.getInputProps("amount")} />
          <Select
            label={t("billing.plans.currency")}
            data={["EUR", "USD", "GBP", "CHF"]}
            allowDeselect={false}
            {...form.getInputProps("currency")}
          />
          <Select
            label={t("billing.plans.intervalLabel")}
            data={[
              { value: "month", label: t("billing.interval.month") },
              { value: "year", label: t("billing.interval.year") },
            ]}
            allowDeselect={false}
            {...form.getInputProps("interval")}
          />
          <NumberInput label={t("billing.limits.max_appointment_types")} min={0} max={20} {...form.getInputProps("max_appointment_types")} />
          <NumberInput label={t("billing.limits.max_clinics")} min={0} max={50} {...form.getInputProps("max_clinics")} />
          <NumberInput label={t("billing.limits.max_weekly_rules")} min={0} max={500} {...form.getInputProps("max_weekly_rules")} />
        </SimpleGrid>
        <Group>
          <Switch label={t("billing.limits.video_visits")} {...form.getInputProps("video_visits", { type: "checkbox" })} />
          <Switch label={t("billing.limits.analytics")} {...form.getInputProps("analytics", { type: "checkbox" })} />
          {existing && existing.code !== "free" && (
            <Switch label={t("billing.plans.active")} {...form.getInputProps("active", { type: "checkbox" })} />
          )}
        </Group>
        {save.isError && <ErrorNotice error={save.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {existing ? t("actions.save") : t("billing.plans.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function PlansPage() {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: billingKeys.allPlans, queryFn: billingApi.allPlans });
  const [editing, setEditing] = useState<Plan | null>(null);
  return (
    <Stack>
      <PageHeader title={t("billing.plans.title")} subtitle={t("billing.plans.subtitle")} />
      {plans.isPending && <Skeleton h={160} />}
      {plans.isError && <ErrorNotice error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("billing.plans.name")}</Table.Th>
                <Table.Th>{t("billing.plans.amount")}</Table.Th>
                <Table.Th>{t("billing.limits.max_appointment_types")}</Table.Th>
                <Table.Th>{t("billing.limits.video_visits")}</Table.Th>
                <Table.Th>{t("billing.limits.analytics")}</Table.Th>
                <Table.Th>{t("billing.limits.max_weekly_rules")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plans.data.items.map((plan) => (
                <Table.Tr key={plan.code}>
                  <Table.Td>
                    {plan.name} <Badge variant="light">{plan.code}</Badge>
                    {!plan.active && <Badge color="gray">{t("billing.plans.inactive")}</Badge>}
                  </Table.Td>
                  <Table.Td>{planPrice(plan)}</Table.Td>
                  <Table.Td>{plan.entitlements.max_appointment_types}</Table.Td>
                  <Table.Td>{plan.entitlements.video_visits ? t("billing.yes") : t("billing.no")}</Table.Td>
                  <Table.Td>{plan.entitlements.analytics ? t("billing.yes") : t("billing.no")}</Table.Td>
                  <Table.Td>{plan.entitlements.max_weekly_rules}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(plan)}>
                      {t("billing.plans.edit")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Card withBorder radius="md" component="section" aria-labelledby="new-plan">
        <Title order={2} size="h4" id="new-plan" mb="sm">
          {t("billing.plans.add")}
        </Title>
        <PlanForm initial={EMPTY} onDone={() => undefined} />
      </Card>
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={t("billing.plans.editTitle", { name: editing.name })} size="lg">
          <PlanForm initial={valuesOf(editing)} existing={editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </Stack>
  );
}
