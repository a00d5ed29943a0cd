import { Button, Card, Group, NumberInput, Select, SimpleGrid, Skeleton, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { billingApi, billingKeys, type PlatformSettings, type SettingsChange } from "../../api/billing";
import { fieldErrors } from "../../api/errors";
import { ErrorNotice, PageHeader } from "../doctor/ui";

type Numbers = Omit<PlatformSettings, "default_currency" | "emergency_number" | "reminder_offsets_minutes">;
const NUMBERS: (keyof Numbers)[] = [
  "min_notice_minutes",
  "max_advance_days",
  "patient_cancel_notice_minutes",
  "hold_minutes",
  "waitlist_hold_minutes",
  "care_relationship_months",
];

interface Values extends Numbers {
  default_currency: string;
  emergency_number: string;
  reminder_first: number;
  reminder_second: number;
}

function SettingsForm({ settings }: { settings: PlatformSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [first, second] = settings.reminder_offsets_minutes;
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { ...settings, reminder_first: first ?? 1440, reminder_second: second ?? 60 },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const change: SettingsChange = {};
      for (const name of NUMBERS) if (values[name] !== settings[name]) change[name] = values[name];
      if (values.default_currency !== settings.default_currency) change.default_currency = values.default_currency;
      if (values.emergency_number !== settings.emergency_number) change.emergency_number = values.emergency_number.trim();
      if (values.reminder_first !== first || values.reminder_second !== second)
        change.reminder_offsets_minutes = [values.reminder_first, values.reminder_second];
      return billingApi.changeSettings(change);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(billingKeys.settings, saved);
      toasts.show({ color: "green", message: t("billing.settings.saved") });
    },
    onError: (error) => {
      const errors = fieldErrors(error);
      if (errors["reminder_offsets_minutes"]) errors.reminder_first = errors["reminder_offsets_minutes"];
      form.setErrors(errors);
    },
  });
  return (
    <Card withBorder radius="md">
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {NUMBERS.map((name) => (
              <NumberInput key={name} label={t(`billing.settings.${name}`)} min={0} {...form.getInputProps(name)} />
            ))}
            <Select
              label={t("billing.settings.default_currency")}
              data={["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK"]}
              allowDeselect={false}
              {...form.getInputProps("default_currency")}
            />
            <TextInput label={t("billing.settings.emergency_number")} inputMode="tel" {...form.getInputProps("emergency_number")} />
            <NumberInput label={t("billing.settings.reminder_first")} min={5} {...form.getInputProps("reminder_first")} />
            <NumberInput label={t("billing.settings.reminder_second")} min={5} {...form.getInputProps("reminder_second")} />
          </SimpleGrid>
          {save.isError && <ErrorNotice error={save.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function PlatformSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: billingKeys.settings, queryFn: billingApi.settings });
  return (
    <Stack>
      <PageHeader title={t("billing.settings.title")} subtitle={t("billing.settings.subtitle")} />
      {settings.isPending && <Skeleton h={240} />}
      {settings.isError && <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && <SettingsForm settings={settings.data} />}
    </Stack>
  );
}
