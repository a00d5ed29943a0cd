import { BarChart, LineChart } from "@mantine/charts";
import { Card, Group, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Analytics, AnalyticsFilters, GroupBy } from "../../api/analytics";
import { ErrorNotice } from "../doctor/ui";

export const DAY = "YYYY-MM-DD";

/** The last 30 days (UTC) by day: what both analytics pages open with. */
export function defaultFilters(): AnalyticsFilters {
  const to = dayjs().format(DAY);
  return { from: dayjs().subtract(29, "day").format(DAY), to, group_by: "day" };
}

const percent = (value: number | null | undefined) => (value == null ? "–" : `${Math.round(value * 1000) / 10} %`);

/** The range picker and the grouping, shared by the admin's and the doctor's pages. */
export function RangeControls({
  filters,
  onChange,
}: {
  filters: AnalyticsFilters;
  onChange: (filters: AnalyticsFilters) => void;
}) {
  const { t } = useTranslation();
  const range: [string | null, string | null] = [filters.from, filters.to];
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <DatePickerInput
        type="range"
        label={t("admin.analytics.range")}
        value={range}
        valueFormat="D MMM YYYY"
        maxDate={dayjs().add(1, "year").format(DAY)}
        allowSingleDateInRange
        onChange={(value) => {
          const [from, to] = value;
          if (from && to) onChange({ ...filters, from: dayjs(from).format(DAY), to: dayjs(to).format(DAY) });
        }}
        miw={240}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="group-by-label">
          {t("admin.analytics.groupBy")}
        </Text>
        <SegmentedControl
          aria-labelledby="group-by-label"
          value={filters.group_by}
          onChange={(value) => onChange({ ...filters, group_by: value as GroupBy })}
          data={[
            { value: "day", label: t("admin.analytics.day") },
            { value: "week", label: t("admin.analytics.week") },
            { value: "month", label: t("admin.analytics.month") },
          ]}
        />
      </Stack>
    </Group>
  );
}

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
    </Card>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** The totals as figures, then bookings over time, utilization and no-shows over time, and revenue. */
export function AnalyticsView({
  data,
  isLoading,
  error,
  onRetry,
  extra,
}: {
  data: Analytics | undefined;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  if (error) return <ErrorNotice error={error} onRetry={onRetry} />;
  if (isLoading || !data) return <Skeleton h={320} />;
  const totals = data.totals;
  const bookings = data.series.map((p) => ({
    period: p.period,
    [t("admin.analytics.appointments")]: p.appointments,
    [t("admin.analytics.completed")]: p.completed,
    [t("admin.analytics.noShows")]: p.no_shows,
    [t("admin.analytics.cancellations")]: p.cancellations.patient + p.cancellations.doctor + p.cancellations.admin,
  }));
  const rates = data.series.map((p) => ({
    period: p.period,
    [t("admin.analytics.utilization")]: p.utilization == null ? null : Math.round(p.utilization * 1000) / 10,
    [t("admin.analytics.noShowRate")]: p.no_show_rate == null ? null : Math.round(p.no_show_rate * 1000) / 10,
  }));
  const currencies = Array.from(new Set(data.series.flatMap((p) => p.revenue.map((r) => r.currency)))).sort();
  const revenue = data.series.map((p) => ({
    period: p.period,
    ...Object.fromEntries(currencies.map((c) => [c, Number(p.revenue.find((r) => r.currency === c)?.amount ?? 0)])),
  }));
  const colors = ["teal.6", "blue.6", "red.6", "gray.6", "grape.6", "orange.6"];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
        <Figure label={t("admin.analytics.appointments")} value={totals.appointments} />
        <Figure label={t("admin.analytics.completed")} value={totals.completed} />
        <Figure label={t("admin.analytics.noShowRate")} value={percent(totals.no_show_rate)} />
        <Figure label={t("admin.analytics.utilization")} value={percent(totals.utilization)} />
        <Figure
          label={t("admin.analytics.cancellations")}
          value={`${totals.cancellations.patient + totals.cancellations.doctor + totals.cancellations.admin} (${t("admin.analytics.late", { count: totals.cancellations.late })})`}
        />
        <Figure
          label={t("admin.analytics.revenue")}
          value={totals.revenue.length ? totals.revenue.map((r) => `${r.amount} ${r.currency}`).join(" · ") : "–"}
        />
      </SimpleGrid>
      <ChartCard title={t("admin.analytics.bookingsOverTime")}>
        <LineChart
          h={260}
          data={bookings}
          dataKey="period"
          withLegend
          curveType="linear"
          series={[
            t("admin.analytics.appointments"),
            t("admin.analytics.completed"),
            t("admin.analytics.noShows"),
            t("admin.analytics.cancellations"),
          ].map((name, i) => ({ name, color: colors[i] }))}
        />
      </ChartCard>
      <ChartCard title={t("admin.analytics.ratesOverTime")}>
        <LineChart
          h={220}
          data={rates}
          dataKey="period"
          withLegend
          unit=" %"
          connectNulls
          series={[
            { name: t("admin.analytics.utilization"), color: "blue.6" },
            { name: t("admin.analytics.noShowRate"), color: "red.6" },
          ]}
        />
      </ChartCard>
      {extra}
      <ChartCard title={t("admin.analytics.revenueOverTime")}>
        {currencies.length ? (
          <BarChart
            h={220}
            data={revenue}
            dataKey="period"
            withLegend
            series={currencies.map((name, i) => ({ name, color: colors[i % colors.length] }))}
          />
        ) : (
          <Text c="dimmed">{t("admin.analytics.noRevenue")}</Text>
        )}
      </ChartCard>
    </Stack>
  );
}

export { ChartCard };
