import { ActionIcon, Alert, Button, Card, Chip, Group, Menu, Modal, NumberInput, Select, SimpleGrid, Skeleton, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { IconDots } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { doctorApi, doctorKeys, type AvailabilityRule, type RuleCreated, type RuleInput } from "../../api/doctor";
import type { AppointmentType } from "../../api/types";
import i18n from "../../i18n";
import { formatPrice } from "../../i18n/format";
import { portalMessage } from "./messages";
import { bufferProblem, durationProblem, endProblem, timeProblem, WEEKDAYS, weekdayList } from "./hours";
import { ErrorNotice } from "./ui";
import { longDayLabel, zoneLabel } from "./zoned";
import classes from "./doctor.module.css";
import { FormFooter } from "../../components/FormFooter";

/** Patients book at most this far ahead (docs/api.md, "Availability and booking"). */
const BOOKING_HORIZON_DAYS = 90;

export function describe(rule: Pick<AvailabilityRule, "weekdays" | "start_time" | "end_time" | "duration_minutes" | "buffer_minutes">): string {
  const values = {
    days: weekdayList(rule.weekdays),
    from: rule.start_time,
    to: rule.end_time,
    length: rule.duration_minutes,
    break: rule.buffer_minutes,
  };
  return rule.buffer_minutes ? i18n.t("doctor.rules.describeBreak", values) : i18n.t("doctor.rules.describe", values);
}

/** The rule's days, and how far its slots are published: never past its own last day or the booking horizon. */
export function validity(rule: AvailabilityRule, today: string): string {
  const from = longDayLabel(rule.valid_from);
  const span = rule.valid_until
    ? i18n.t("doctor.rules.validFromUntil", { from, until: longDayLabel(rule.valid_until) })
    : i18n.t("doctor.rules.validFrom", { from });
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + BOOKING_HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const published = [rule.generated_until, rule.valid_until ?? rule.generated_until, horizon].sort()[0]!;
  return `${span} ${i18n.t("doctor.rules.published", { day: longDayLabel(published) })}`;
}

type Values = {
  weekdays: string[];
  start_time: string;
  end_time: string;
  duration_minutes: number | string;
  buffer_minutes: number | string;
  valid_from: string | null;
  valid_until: string | null;
  appointment_type_id: string | null;
};

function initialValues(today: string, rule?: AvailabilityRule): Values {
  if (!rule) {
    return { weekdays: ["1", "2", "3", "4", "5"], start_time: "09:00", end_time: "13:00", duration_minutes: 30, buffer_minutes: 0, valid_from: today, valid_until: null, appointment_type_id: null };
  }
  return {
    weekdays: rule.weekdays.map(String),
    start_time: rule.start_time,
    end_time: rule.end_time,
    duration_minutes: rule.duration_minutes,
    buffer_minutes: rule.buffer_minutes,
    valid_from: rule.valid_from > today ? rule.valid_from : today,
    valid_until: rule.valid_until,
    appointment_type_id: rule.appointment_type_id ?? null,
  };
}

function inputOf(values: Values, today: string): RuleInput {
  return {
    weekdays: values.weekdays.map(Number).sort((a, b) => a - b),
    start_time: values.start_time,
    end_time: values.end_time,
    ...(values.appointment_type_id
      ? { appointment_type_id: values.appointment_type_id }
      : { duration_minutes: Number(values.duration_minutes) }),
    buffer_minutes: Number(values.buffer_minutes),
    valid_from: values.valid_from ?? today,
    valid_until: values.valid_until || null,
  };
}

/**
 * New weekly hours, or a change of existing ones in one action: the old rule is removed (its future free slots
 * with it; booked ones stay) and the changed one is published from the first day given.
 */
function RuleForm({ today, replacing, onDone }: { today: string; replacing?: AvailabilityRule; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: initialValues(today, replacing),
    validate: {
      weekdays: (value) => (value.length ? null : i18n.t("doctor.rules.daysMissing")),
      start_time: timeProblem,
      end_time: (value, values) => endProblem(values.start_time, value),
      duration_minutes: (value, values) => (values.appointment_type_id ? null : durationProblem(value)),
      buffer_minutes: bufferProblem,
      valid_from: (value) => (value ? null : i18n.t("doctor.rules.firstDayMissing")),
      valid_until: (value, values) =>
        value && values.valid_from && value < values.valid_from ? i18n.t("doctor.rules.lastBeforeFirst") : null,
    },
  });
  const types = useQuery({ queryKey: doctorKeys.types, queryFn: doctorApi.myTypes });
  const offered = (types.data?.items ?? []).filter((type) => type.active || type.appointment_type_id === form.values.appointment_type_id);
  const chosen = offered.find((type) => type.appointment_type_id === form.values.appointment_type_id);
  const save = useMutation({
    mutationFn: async (values: Values): Promise<RuleCreated> => {
      if (replacing) await doctorApi.deleteRule(replacing.rule_id);
      return doctorApi.createRule(inputOf(values, today));
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.rules });
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      toasts.show({
        color: "green",
        title: replacing ? t("doctor.rules.changedTitle") : t("doctor.rules.savedTitle"),
        message: result.skipped_count
          ? t("doctor.rules.savedSkipped", { created: result.created_count, skipped: result.skipped_count })
          : t("doctor.rules.saved", { count: result.created_count }),
      });
      form.reset();
      onDone();
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: doctorKeys.rules }),
  });
  return (
    <form
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      noValidate
      aria-label={replacing ? t("doctor.rules.editTitle") : t("doctor.rules.newTitle")}
    >
      <Stack>
        {replacing && <Text size="sm">{t("doctor.rules.changeBody")}</Text>}
        <Chip.Group multiple {...form.getInputProps("weekdays")}>
          <fieldset className={classes.plainList} style={{ border: 0 }}>
            <Text component="legend" size="sm" fw={500} mb={6}>
              {t("doctor.rules.days")}
            </Text>
            <Group gap={6}>
              {WEEKDAYS.map((day) => (
                <Chip key={day.value} value={String(day.value)}>
                  <span aria-hidden="true">{day.short}</span>
                  <VisuallyHidden>{day.long}</VisuallyHidden>
                </Chip>
              ))}
            </Group>
            {form.errors.weekdays && (
              <Text c="red.8" size="sm" mt={4} role="alert">
                {form.errors.weekdays}
              </Text>
            )}
          </fieldset>
        </Chip.Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TimeInput label={t("doctor.run.from")} withAsterisk {...form.getInputProps("start_time")} />
          <TimeInput label={t("doctor.run.until")} withAsterisk {...form.getInputProps("end_time")} />
          {offered.length > 0 && (
            <Select
              label={t("doctor.run.type")}
              placeholder={t("doctor.run.noType")}
              clearable
              data={offered.map((type) => ({
                value: type.appointment_type_id,
                label: `${type.name} · ${t("public.types.minutes", { count: type.duration_minutes })} · ${formatPrice(type.price)}`,
              }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps("appointment_type_id")}
            />
          )}
          {chosen ? (
            <NumberInput label={t("doctor.run.length")} value={chosen.duration_minutes} disabled />
          ) : (
            <NumberInput label={t("doctor.run.length")} min={5} max={240} step={5} withAsterisk {...form.getInputProps("duration_minutes")} />
          )}
          <NumberInput label={t("doctor.run.break")} min={0} max={120} step={5} {...form.getInputProps("buffer_minutes")} />
          <DatePickerInput label={t("doctor.rules.firstDay")} withAsterisk minDate={today} valueFormat="ddd D MMM YYYY" {...form.getInputProps("valid_from")} />
          <DatePickerInput
            label={t("doctor.rules.lastDay")}
            clearable
            minDate={form.values.valid_from ?? today}
            valueFormat="ddd D MMM YYYY"
            {...form.getInputProps("valid_until")}
          />
        </SimpleGrid>
        <FormFooter
          error={save.isError ? save.error : null}
          failedTitle={t("doctor.rules.failed")}
          saveLabel={replacing ? t("doctor.rules.saveChange") : t("doctor.rules.save")}
          saving={save.isPending}
          onBack={onDone}
        />
      </Stack>
    </form>
  );
}

/** The doctor's weekly hours: each rule keeps its slots published; change one in one step; removing takes its free slots. */
export function WeeklyRules({ zone, today }: { zone: string; today: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [changing, setChanging] = useState<AvailabilityRule | null>(null);
  const [removing, setRemoving] = useState<AvailabilityRule | null>(null);
  const rules = useQuery({ queryKey: doctorKeys.rules, queryFn: doctorApi.rules });
  const types = useQuery({ queryKey: doctorKeys.types, queryFn: doctorApi.myTypes });
  const typeOf = (rule: AvailabilityRule): AppointmentType | undefined =>
    types.data?.items.find((type) => type.appointment_type_id === rule.appointment_type_id);
  const remove = useMutation({
    mutationFn: (rule: AvailabilityRule) => doctorApi.deleteRule(rule.rule_id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.rules });
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      const kept = result.kept_count ? ` ${t("doctor.rules.kept", { count: result.kept_count })}` : "";
      toasts.show({
        color: "green",
        title: t("doctor.rules.removedTitle"),
        message: `${t("doctor.rules.removed", { count: result.removed_count })}${kept}`,
      });
      setRemoving(null);
    },
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          {t("doctor.rules.intro", { zone: zoneLabel(zone) })}
        </Text>
        {!adding && <Button onClick={() => setAdding(true)}>{t("doctor.rules.add")}</Button>}
      </Group>
      {adding && (
        <Card withBorder radius="md">
          <Title order={3} size="h5" mb="sm">
            {t("doctor.rules.newTitle")}
          </Title>
          <RuleForm today={today} onDone={() => setAdding(false)} />
        </Card>
      )}
      {rules.isPending && <Skeleton h={80} />}
      {rules.isError && <ErrorNotice error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && rules.data.length === 0 && !adding && <Text c="dimmed">{t("doctor.rules.none")}</Text>}
      <Stack gap="xs" component="ul" className={classes.plainList}>
        {rules.data?.map((rule) => (
          <li key={rule.rule_id}>
            <Card withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Stack gap={2} miw={0}>
                  <Text fw={600}>{describe(rule)}</Text>
                  {typeOf(rule) && (
                    <Text size="sm">
                      {typeOf(rule)!.name} · {formatPrice(typeOf(rule)!.price)}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    {validity(rule, today)}
                  </Text>
                </Stack>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("actions.moreFor", { name: describe(rule) })}>
                      <IconDots size={18} aria-hidden />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setChanging(rule)} aria-label={t("doctor.rules.changeLabel", { rule: describe(rule) })}>
                      {t("doctor.rules.change")}
                    </Menu.Item>
                    <Menu.Item color="red.9" onClick={() => setRemoving(rule)} aria-label={t("doctor.rules.removeLabel", { rule: describe(rule) })}>
                      {t("doctor.rules.remove")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Card>
          </li>
        ))}
      </Stack>
      <Modal opened={changing !== null} onClose={() => setChanging(null)} title={t("doctor.rules.editTitle")} size="lg">
        {changing && <RuleForm key={changing.rule_id} today={today} replacing={changing} onDone={() => setChanging(null)} />}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t("doctor.rules.removeTitle")}>
        <Stack>
          <Text size="sm">{removing && describe(removing)}</Text>
          <Text size="sm">{t("doctor.rules.removeBody")}</Text>
          {remove.isError && (
            <Alert color="red" role="alert">
              {portalMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
              {t("doctor.rules.keep")}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              {t("doctor.rules.removeSubmit")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
