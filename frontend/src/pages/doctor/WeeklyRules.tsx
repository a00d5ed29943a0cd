import { Alert, Button, Card, Chip, Group, Modal, NumberInput, SimpleGrid, Skeleton, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { doctorApi, doctorKeys, type AvailabilityRule } from "../../api/doctor";
import { portalMessage } from "./messages";
import { bufferProblem, durationProblem, endProblem, timeProblem, WEEKDAYS, weekdayList } from "./hours";
import { ErrorNotice } from "./ui";
import { longDayLabel } from "./zoned";
import classes from "./doctor.module.css";

function describe(rule: AvailabilityRule): string {
  const breakText = rule.buffer_minutes ? ` with ${rule.buffer_minutes}-minute breaks` : "";
  return `${weekdayList(rule.weekdays)} · ${rule.start_time}–${rule.end_time} · ${rule.duration_minutes}-minute slots${breakText}`;
}

function validity(rule: AvailabilityRule): string {
  const until = rule.valid_until ? ` until ${longDayLabel(rule.valid_until)}` : ", no end date";
  return `From ${longDayLabel(rule.valid_from)}${until}. Slots published up to ${longDayLabel(rule.generated_until)}.`;
}

function NewRuleForm({ today, onDone }: { today: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    mode: "controlled",
    initialValues: {
      weekdays: ["1", "2", "3", "4", "5"] as string[],
      start_time: "09:00",
      end_time: "13:00",
      duration_minutes: 30 as number | string,
      buffer_minutes: 0 as number | string,
      valid_from: today as string | null,
      valid_until: null as string | null,
    },
    validate: {
      weekdays: (value) => (value.length ? null : "Choose at least one day of the week."),
      start_time: timeProblem,
      end_time: (value, values) => endProblem(values.start_time, value),
      duration_minutes: durationProblem,
      buffer_minutes: bufferProblem,
      valid_from: (value) => (value ? null : "Choose the first day."),
      valid_until: (value, values) =>
        value && values.valid_from && value < values.valid_from ? "The last day cannot be before the first." : null,
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      doctorApi.createRule({
        weekdays: values.weekdays.map(Number).sort((a, b) => a - b),
        start_time: values.start_time,
        end_time: values.end_time,
        duration_minutes: Number(values.duration_minutes),
        buffer_minutes: Number(values.buffer_minutes),
        valid_from: values.valid_from ?? today,
        valid_until: values.valid_until || null,
      }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.rules });
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      const skipped = result.skipped_count ? `, ${result.skipped_count} skipped because they overlap existing slots` : "";
      toasts.show({ color: "green", title: "Weekly hours saved", message: `${result.created_count} slots published${skipped}.` });
      form.reset();
      onDone();
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate aria-label="New weekly hours">
      <Stack>
        <Chip.Group multiple {...form.getInputProps("weekdays")}>
          <fieldset className={classes.plainList} style={{ border: 0 }}>
            <Text component="legend" size="sm" fw={500} mb={6}>
              Days of the week
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
          <TimeInput label="From" withAsterisk {...form.getInputProps("start_time")} />
          <TimeInput label="Until" withAsterisk {...form.getInputProps("end_time")} />
          <NumberInput label="Slot length (minutes)" min={5} max={240} step={5} withAsterisk {...form.getInputProps("duration_minutes")} />
          <NumberInput label="Break between slots (minutes)" min={0} max={120} step={5} {...form.getInputProps("buffer_minutes")} />
          <DatePickerInput label="First day" withAsterisk minDate={today} valueFormat="ddd D MMM YYYY" {...form.getInputProps("valid_from")} />
          <DatePickerInput
            label="Last day (optional)"
            clearable
            minDate={form.values.valid_from ?? today}
            valueFormat="ddd D MMM YYYY"
            {...form.getInputProps("valid_until")}
          />
        </SimpleGrid>
        {create.isError && (
          <Alert color="red" role="alert" title="Not saved">
            {portalMessage(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Back
          </Button>
          <Button type="submit" loading={create.isPending}>
            Save weekly hours
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The doctor's weekly hours: each rule keeps a rolling horizon of slots published; removing one takes its free slots. */
export function WeeklyRules({ zone, today }: { zone: string; today: string }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AvailabilityRule | null>(null);
  const rules = useQuery({ queryKey: doctorKeys.rules, queryFn: doctorApi.rules });
  const remove = useMutation({
    mutationFn: (rule: AvailabilityRule) => doctorApi.deleteRule(rule.rule_id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: doctorKeys.rules });
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      const kept = result.kept_count ? ` ${result.kept_count} booked slot${result.kept_count === 1 ? " stays" : "s stay"} with ${result.kept_count === 1 ? "its appointment" : "their appointments"}.` : "";
      toasts.show({
        color: "green",
        title: "Weekly hours removed",
        message: `${result.removed_count} future free slot${result.removed_count === 1 ? " was" : "s were"} removed.${kept}`,
      });
      setRemoving(null);
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Hours repeat every week in {zone}; slots are kept published eight weeks ahead.
        </Text>
        {!adding && <Button onClick={() => setAdding(true)}>Add weekly hours</Button>}
      </Group>
      {adding && (
        <Card withBorder radius="md">
          <Title order={3} size="h5" mb="sm">
            New weekly hours
          </Title>
          <NewRuleForm today={today} onDone={() => setAdding(false)} />
        </Card>
      )}
      {rules.isPending && <Skeleton h={80} />}
      {rules.isError && <ErrorNotice error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && rules.data.length === 0 && !adding && (
        <Text c="dimmed">No weekly hours yet. Add some to keep your calendar filled automatically.</Text>
      )}
      <Stack gap="xs" component="ul" className={classes.plainList}>
        {rules.data?.map((rule) => (
          <li key={rule.rule_id}>
            <Card withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={2}>
                  <Text fw={600}>{describe(rule)}</Text>
                  <Text size="sm" c="dimmed">
                    {validity(rule)}
                  </Text>
                </Stack>
                <Button variant="outline" color="red.9" size="xs" onClick={() => setRemoving(rule)} aria-label={`Remove weekly hours ${describe(rule)}`}>
                  Remove
                </Button>
              </Group>
            </Card>
          </li>
        ))}
      </Stack>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove these weekly hours?">
        <Stack>
          <Text size="sm">{removing && describe(removing)}</Text>
          <Text size="sm">
            Their future free slots are removed. Booked slots stay, with their appointments; cancel those separately if
            needed.
          </Text>
          {remove.isError && (
            <Alert color="red" role="alert">
              {portalMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
              Keep them
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              Remove weekly hours
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
