import { api } from "./index";
import type { components, Page } from "./types";

type Schemas = components["schemas"];

export type Analytics = Schemas["AnalyticsOut"];
export type Period = Schemas["PeriodOut"];
export type AuditEntry = Schemas["AuditEntryOut"];
export type GroupBy = "day" | "week" | "month";

export interface AnalyticsFilters {
  from: string;
  to: string;
  group_by: GroupBy;
  doctor_id?: string;
  specialty_id?: string;
  clinic_id?: string;
}

export interface AuditFilters {
  actor_id?: string;
  subject_id?: string;
  action?: string;
  from?: string;
  to?: string;
}

const clean = <T extends object>(filters: T) =>
  Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, typeof value === "string" ? value.trim() || undefined : value]));

export const analyticsKeys = {
  platform: (filters: AnalyticsFilters) => ["admin", "analytics", filters] as const,
  mine: (filters: AnalyticsFilters) => ["doctor", "analytics", filters] as const,
  audit: (filters: AuditFilters) => ["admin", "audit", filters] as const,
};

export const analyticsApi = {
  platform: (filters: AnalyticsFilters) => api.get<Analytics>("/admin/analytics", { query: clean(filters) }),
  mine: (filters: AnalyticsFilters) =>
    api.get<Analytics>("/doctors/me/analytics", { query: { from: filters.from, to: filters.to, group_by: filters.group_by } }),
  analyticsCsv: (filters: AnalyticsFilters) => api.blob("/admin/analytics.csv", { query: clean(filters) }),
  appointmentsCsv: (filters: { from: string; to: string; doctor_id?: string }) =>
    api.blob("/admin/appointments.csv", { query: clean(filters) }),
  audit: (filters: AuditFilters, cursor?: string) =>
    api.get<Page<AuditEntry>>("/admin/audit", { query: { ...clean(filters), cursor, limit: 50 } }),
};
