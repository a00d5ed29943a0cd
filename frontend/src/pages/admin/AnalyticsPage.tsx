import { BarChart } from "@mantine/charts";
import { Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { adminApi, adminKeys } from "../../api/admin";
import { analyticsApi, analyticsKeys, type AnalyticsFilters } from "../../api/analytics";
import { friendlyMessage } from "../../api/errors";
import { downloadBlob } from "../../components/CalendarButton";
import { AnalyticsView, ChartCard, defaultFilters, RangeControls } from "../analytics/AnalyticsView";
import { PageHeader } from "../doctor/ui";

/** Utilization and no-show rate of each active specialty over the range: one request per specialty. */
function BySpecialty({ filters }: { filters: AnalyticsFilters }) {
  const { t } = useTranslation();
  const specialties = useQuery({ queryKey: adminKeys.specialties, queryFn: adminApi.specialties });
  const active = (specialties.data?.items ?? []).filter((s) => s.active);
  const range = { from: filters.from, to: filters.to, group_by: "month" as const };
  const results = useQueries({
    queries: active.map((s) => ({
      queryKey: analyticsKeys.platform({ ...range, specialty_id: s.specialty_id }),
      queryFn: () => analyticsApi.platform({ ...range, specialty_id: s.specialty_id }),
    })),
  });
  const data = active.map((s, i) => {
    const totals = results[i]?.data?.totals;
    return {
      specialty: s.name,
      [t("admin.analytics.utilization")]: totals?.utilization == null ? 0 : Math.round(totals.utilization * 1000) / 10,
      [t("admin.analytics.noShowRate")]: totals?.no_show_rate == null ? 0 : Math.round(totals.no_show_rate * 1000) / 10,
    };
  });
  return (
    <ChartCard title={t("admin.analytics.bySpecialty")}>
      <BarChart
        h={Math.max(200, data.length * 44)}
        data={data}
        dataKey="specialty"
        orientation="vertical"
        yAxisProps={{ width: 120 }}
        valueFormatter={(value) => `${value} %`}
        withLegend
        series={[
          { name: t("admin.analytics.utilization"), color: "blue.6" },
          { name: t("admin.analytics.noShowRate"), color: "red.6" },
        ]}
      />
    </ChartCard>
  );
}

function useDownload() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  async function run(kind: string, fetchBlob: () => Promise<Blob>, filename: string) {
    setBusy(kind);
    try {
      downloadBlob(new Blob([await fetchBlob()], { type: "text/csv" }), filename);
    } catch (error) {
      toasts.show({ color: "red", title: t("admin.analytics.downloadFailed"), message: friendlyMessage(error) });
    } finally {
      setBusy(null);
    }
  }
  return { busy, run };
}

/** The admin's analytics: a range, a grouping, one filter, the charts and the CSV downloads. */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AnalyticsFilters>(defaultFilters);
  const [filter, setFilter] = useState<{ kind: "none" | "doctor_id" | "specialty_id" | "clinic_id"; value: string }>({
    kind: "none",
    value: "",
  });
  const specialties = useQuery({ queryKey: adminKeys.specialties, queryFn: adminApi.specialties });
  const applied: AnalyticsFilters = { ...filters, ...(filter.kind !== "none" && filter.value ? { [filter.kind]: filter.value } : {}) };
  const series = useQuery({ queryKey: analyticsKeys.platform(applied), queryFn: () => analyticsApi.platform(applied) });
  const download = useDownload();
  return (
    <Stack gap="md">
      <PageHeader title={t("admin.analytics.title")} subtitle={t("admin.analytics.subtitle")} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <RangeControls filters={filters} onChange={setFilters} />
        <Select
          label={t("admin.analytics.filter")}
          value={filter.kind}
          allowDeselect={false}
          onChange={(kind) => setFilter({ kind: (kind ?? "none") as typeof filter.kind, value: "" })}
          data={[
            { value: "none", label: t("admin.analytics.wholePlatform") },
            { value: "specialty_id", label: t("admin.analytics.specialty") },
            { value: "doctor_id", label: t("admin.analytics.doctorId") },
            { value: "clinic_id", label: t("admin.analytics.clinicId") },
          ]}
          w={200}
        />
        {filter.kind === "specialty_id" && (
          <Select
            label={t("admin.analytics.specialty")}
            value={filter.value || null}
            onChange={(value) => setFilter({ kind: "specialty_id", value: value ?? "" })}
            data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
            searchable
            w={220}
          />
        )}
        {(filter.kind === "doctor_id" || filter.kind === "clinic_id") && (
          <TextInput
            label={filter.kind === "doctor_id" ? t("admin.analytics.doctorId") : t("admin.analytics.clinicId")}
            value={filter.value}
            onChange={(event) => setFilter({ kind: filter.kind, value: event.currentTarget.value })}
            w={260}
          />
        )}
      </Group>
      <Group gap="sm">
        <Button
          variant="light"
          leftSection={<IconDownload size={16} aria-hidden />}
          loading={download.busy === "series"}
          onClick={() => void download.run("series", () => analyticsApi.analyticsCsv(applied), `docspot-analytics-${applied.from}.csv`)}
        >
          {t("admin.analytics.downloadSeries")}
        </Button>
        <Button
          variant="light"
          leftSection={<IconDownload size={16} aria-hidden />}
          loading={download.busy === "appointments"}
          onClick={() =>
            void download.run(
              "appointments",
              () =>
                analyticsApi.appointmentsCsv({
                  from: applied.from,
                  to: applied.to,
                  doctor_id: filter.kind === "doctor_id" ? filter.value : undefined,
                }),
              `docspot-appointments-${applied.from}.csv`,
            )
          }
        >
          {t("admin.analytics.downloadAppointments")}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t("admin.analytics.exportNote")}
      </Text>
      <AnalyticsView
        data={series.data}
        isLoading={series.isLoading}
        error={series.error}
        onRetry={() => void series.refetch()}
        extra={filter.kind === "none" ? <BySpecialty filters={filters} /> : undefined}
      />
    </Stack>
  );
}
