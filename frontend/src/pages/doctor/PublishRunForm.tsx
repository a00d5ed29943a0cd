import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { doctorApi, doctorKeys, type SlotRunResult } from "../../api/doctor";
import i18n, { hasKey, tKey } from "../../i18n";
import { formatPrice } from "../../i18n/format";
import { portalMessage } from "./messages";
import { bufferProblem, durationProblem, endProblem, slotsThatFit, timeProblem } from "./hours";
import { dayLabel, dayIn, timeIn, zoneLabel } from "./zoned";

function reasonText(reason: string): string {
  return hasKey(`doctor.run.reason.${reason}`) ? tKey(`doctor.run.reason.${reason}`) : reason;
}

interface Props {
  zone: string;
  today: string;
  /** Called with the date published, so the calendar can show that week. */
  onPublished: (day: string) => void;
}

export function RunResult({ result, zone }: { result: SlotRunResult; zone: string }) {
  const { t } = useTranslation();
  const created = result.created.length;
  return (
    <Stack gap="xs" data-testid="run-result">
      <Alert color={created ? "green" : "gray"} title={created ? t("doctor.run.publishedTitle") : t("doctor.run.noneTitle")} role="status">
        {created
          ? result.skipped.length
            ? t("doctor.run.publishedSkipped", { count: created, skipped: result.skipped.length })
            : t("doctor.run.published", { count: created })
          : t("doctor.run.allSkipped")}
      </Alert>
      {result.skipped.length > 0 && (
        <Table.ScrollContainer minWidth={300}>
          <Table striped withTableBorder>
            <Table.Caption>{t("doctor.run.skipped")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("doctor.run.time")}</Table.Th>
                <Table.Th>{t("doctor.run.why")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.skipped.map((s) => (
                <Table.Tr key={s.start}>
                  <Table.Td>
                    {dayLabel(dayIn(s.start, zone))} {timeIn(s.start, zone)}–{timeIn(s.end, zone)}
                  </Table.Td>
                  <Table.Td>{reasonText(s.reason)}</Table.Td>
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: "controlled",
    initialValues: {
      date: today as string | null,
      start_time: "09:00",
      end_time: "12:00",
      duration_minutes: 30 as number | string,
      buffer_minutes: 0 as number | string,
      appointment_type_id: null as string | null,
    },
    validate: {
      date: (value) => (value ? null : i18n.t("doctor.run.dayMissing")),
      start_time: timeProblem,
      end_time: (value, values) => endProblem(values.start_time, value),
      duration_minutes: (value, values) => (values.appointment_type_id ? null : durationProblem(value)),
      buffer_minutes: bufferProblem,
    },
  });
  const publish = useMutation({
    mutationFn: (values: typeof form.values) =>
      doctorApi.publishRun({
        date: values.date ?? today,
        start_time: values.start_time,
        end_time: values.end_time,
        ...(values.appointment_type_id
          ? { appointment_type_id: values.appointment_type_id }
          : { duration_minutes: Number(values.duration_minutes) }),
        buffer_minutes: Number(values.buffer_minutes),
      }),
    onSuccess: (_result, values) => {
      void queryClient.invalidateQueries({ queryKey: ["slots"] });
      if (values.date) onPublished(values.date);
    },
  });
  const types = useQuery({ queryKey: doctorKeys.types, queryFn: doctorApi.myTypes });
  const offered = (types.data?.items ?? []).filter((type) => type.active);
  const { start_time, end_time, duration_minutes, buffer_minutes, appointment_type_id } = form.values;
  const chosen = offered.find((type) => type.appointment_type_id === appointment_type_id);
  const length = chosen ? chosen.duration_minutes : Number(duration_minutes);
  const fit = slotsThatFit(start_time, end_time, length, Number(buffer_minutes));

  return (
    <Stack>
      <form onSubmit={form.onSubmit((values) => publish.mutate(values))} noValidate aria-label={t("doctor.run.form")}>
        <Stack>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
            <DatePickerInput
              label={t("doctor.run.day")}
              withAsterisk
              minDate={today}
              valueFormat="ddd D MMM YYYY"
              popoverProps={{ withinPortal: true }}
              {...form.getInputProps("date")}
            />
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
          </SimpleGrid>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {fit > 0 ? t("doctor.run.fit", { count: fit, zone: zoneLabel(zone) }) : t("doctor.run.noFit")}
            </Text>
            <Button type="submit" loading={publish.isPending}>
              {t("doctor.run.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
      {publish.isError && (
        <Alert color="red" role="alert" title={t("doctor.run.failed")}>
          {portalMessage(publish.error)}
        </Alert>
      )}
      {publish.data && <RunResult result={publish.data} zone={zone} />}
    </Stack>
  );
}
