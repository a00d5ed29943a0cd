import { Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { analyticsApi, analyticsKeys, type AnalyticsFilters } from "../../api/analytics";
import { AnalyticsView, defaultFilters, RangeControls } from "../analytics/AnalyticsView";
import { PageHeader } from "./ui";

/** The doctor's own figures: bookings, utilization, no-shows, cancellations and revenue over a range. */
export default function MyAnalyticsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AnalyticsFilters>(defaultFilters);
  const series = useQuery({ queryKey: analyticsKeys.mine(filters), queryFn: () => analyticsApi.mine(filters) });
  return (
    <Stack gap="md">
      <PageHeader title={t("doctor.analytics.title")} subtitle={t("doctor.analytics.subtitle")} />
      <RangeControls filters={filters} onChange={setFilters} />
      <AnalyticsView data={series.data} isLoading={series.isLoading} error={series.error} onRetry={() => void series.refetch()} />
    </Stack>
  );
}
