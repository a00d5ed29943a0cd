import { api } from "./index";
import type { components, Page, User } from "./types";

const id = encodeURIComponent;

type Schemas = components["schemas"];

export type Plan = Schemas["PlanOut"];
export type NewPlan = Schemas["PlanCreate"];
export type PlanChange = Schemas["PlanUpdate"];
export type Entitlements = Schemas["Entitlements"];
export type Subscription = Schemas["SubscriptionOut"];
export type Invoice = Schemas["InvoiceOut"];
export type PlatformSettings = Schemas["PlatformSettings"];
export type SettingsChange = Schemas["PlatformSettingsUpdate"];
export type Dispute = Schemas["DisputeOut"];
export type DisputeKind = Schemas["DisputeKind"];
export type DisputeStatus = Schemas["DisputeStatus"];
export type PatientDetail = Schemas["AdminPatientOut"];

export const billingKeys = {
  plans: ["plans"] as const,
  allPlans: ["admin", "plans"] as const,
  subscription: ["doctor", "subscription"] as const,
  myInvoices: ["doctor", "invoices"] as const,
  openInvoices: ["admin", "invoices"] as const,
  settings: ["admin", "settings"] as const,
  disputes: (status: DisputeStatus) => ["admin", "disputes", status] as const,
  patients: (q: string) => ["admin", "patients", q] as const,
  patient: (patientId: string) => ["admin", "patient", patientId] as const,
};

/** Plans, subscriptions, invoices (docs/api.md, "Plans, subscriptions and invoices"). */
export const billingApi = {
  plans: () => api.get<Page<Plan>>("/plans", { auth: false }),
  allPlans: () => api.get<Page<Plan>>("/admin/plans"),
  createPlan: (plan: NewPlan) => api.post<Plan>("/admin/plans", plan),
  updatePlan: (code: string, change: PlanChange) => api.patch<Plan>(`/admin/plans/${id(code)}`, change),
  subscription: () => api.get<Subscription>("/doctors/me/subscription"),
  choosePlan: (planCode: string) => api.post<Subscription>("/doctors/me/subscription", { plan_code: planCode }),
  myInvoices: () => api.get<Page<Invoice>>("/doctors/me/invoices", { query: { limit: 50 } }),
  invoicePdf: (invoiceId: string) =>
    api.blob(`/doctors/me/invoices/${id(invoiceId)}/invoice.pdf`, { headers: { Accept: "application/pdf" } }),
  openInvoices: () => api.get<Page<Invoice>>("/admin/invoices", { query: { limit: 100 } }),
  markPaid: (invoiceId: string) => api.post<Invoice>(`/admin/invoices/${id(invoiceId)}/mark-paid`),

  settings: () => api.get<PlatformSettings>("/admin/settings"),
  changeSettings: (change: SettingsChange) => api.patch<PlatformSettings>("/admin/settings", change),

  raiseDispute: (appointmentId: string, kind: DisputeKind, reason: string) =>
    api.post<Dispute>(`/appointments/${id(appointmentId)}/disputes`, { kind, reason }),
  disputes: (status: DisputeStatus) => api.get<Page<Dispute>>("/admin/disputes", { query: { status, limit: 100 } }),
  resolveDispute: (disputeId: string, outcome: string, statusCorrection: "COMPLETED" | "NO_SHOW" | null) =>
    api.post<Dispute>(`/admin/disputes/${id(disputeId)}/resolve`, {
      outcome,
      ...(statusCorrection ? { status_correction: statusCorrection } : {}),
    }),

  patients: (q: string) => api.get<Page<User>>("/admin/patients", { query: { q: q.trim() || undefined, limit: 50 } }),
  patient: (patientId: string) => api.get<PatientDetail>(`/admin/patients/${id(patientId)}`),
};
