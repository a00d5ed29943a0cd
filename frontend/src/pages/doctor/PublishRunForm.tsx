import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { doctorApi, type SkipReason, type SlotRunResult } from "../../api/doctor";
import { portalMessage } from "./messages";
import { bufferProblem, durationProblem, endProblem, slotsThatFit, timeProblem } from "./hours";
import { dayLabel, dayIn, timeIn } from "./zoned";

const REASONS: Record<SkipReason, string> = {
  overlaps_existing_slot: "Overlaps a slot you already have",
  in_the_past: "Already in the past",
};

interface Props {
  zone: string;
  today: string;
  /** Called with the date published, so the calendar can show that week. */
  onPublished: (day: string) => void;
}

export function RunResult({ result, zone }: { result: SlotRunResult; zone: string }) {
  const created = result.created.length;
  return (
    <Stack gap="xs" data-testid="run-result">
      <Alert color={created ? "green" : "gray"} title={created ? "Slots published" : "No new slots"} role="status">
        {created
          ? `${created} slot${created === 1 ? "" : "s"} published${result.skipped.length ? `; ${result.skipped.length} skipped (see below)` : ""}.`
          : "Every slot of this run was skipped; see why below."}
      </Alert>
      {result.skipped.length > 0 && (
        <Table.ScrollContainer minWidth={300}>
          <Table striped withTableBorder>
            <Table.Caption>Skipped slots</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Why it was skipped</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.skipped.map((s) => (
                <Table.Tr key={s.start}>
                  <Table.Td>
                    {dayLabel(dayIn(s.start, zone))} {timeIn(s.start, zone)}–{timeIn(s.end, zone)}
                  </Table.Td>
                  <Table.Td>{REASONS[s.reason] ?? s.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** One day's run of slots: from, to, length and the break between them, on the doctor's clock. */
export function PublishRunForm({ zone, today, onPublished }: Props) {
  const queryClient = useQueryClient();
  const form = useForm({
    mode: "controlled",
    initialValues: { date: today as string | null, start_time: "09:00", end_time: "12:00", duration_minutes: 30 as number | string, buffer_minutes: 0 as number | string },
    validate: {
      date: (value) => (value ? null : "Choose a day."),
      start_time: timeProblem,
      end_time: (value, values) => endProblem(values.start_time, value),
      duration_minutes: durationProblem,
      buffer_minutes: bufferProblem,
    },
  });
  const publish = useMutation({
    mutationFn: (values: typeof form.values) =>
      doctorApi.publishRun({
        date: values.date ?? today,
        start_time: values.start_time,
        end_time: values.end_time,
        duration_minutes: Number(values.duration_minutes),
        buffer_minutes: Number(values.buffer_minutes),
      }),
    onSuccess: (_result, values) => {
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      if (values.date) onPublished(values.date);
    },
  });
  const { start_time, end_time, duration_minutes, buffer_minutes } = form.values;
  const fit = slotsThatFit(start_time, end_time, Number(duration_minutes), Number(buffer_minutes));

  return (
    <Stack>
      <form onSubmit={form.onSubmit((values) => publish.mutate(values))} noValidate aria-label="Publish slots for one day">
        <Stack>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
            <DatePickerInput
              label="Day"
              withAsterisk
              minDate={today}
              valueFormat="ddd D MMM YYYY"
              popoverProps={{ withinPortal: true }}
              {...form.getInputProps("date")}
            />
            <TimeInput label="From" withAsterisk {...form.getInputProps("start_time")} />
            <TimeInput label="Until" withAsterisk {...form.getInputProps("end_time")} />
            <NumberInput label="Slot length (minutes)" min={5} max={240} step={5} withAsterisk {...form.getInputProps("duration_minutes")} />
            <NumberInput label="Break between slots (minutes)" min={0} max={120} step={5} {...form.getInputProps("buffer_minutes")} />
          </SimpleGrid>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {fit > 0 ? `${fit} slot${fit === 1 ? "" : "s"} fit in these hours (times in ${zone}).` : "No slot fits in these hours yet."}
            </Text>
            <Button type="submit" loading={publish.isPending}>
              Publish slots
            </Button>
          </Group>
        </Stack>
      </form>
      {publish.isError && (
        <Alert color="red" role="alert" title="Not published">
          {portalMessage(publish.error)}
        </Alert>
      )}
      {publish.data && <RunResult result={publish.data} zone={zone} />}
    </Stack>
  );
}
