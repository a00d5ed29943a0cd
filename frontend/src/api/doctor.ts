import { api } from "./index";
import type { Appointment, AppointmentFile, AppointmentType, Clinic, components, Doctor, Page, Slot, SlotList, SlugInfo } from "./types";

const id = encodeURIComponent;

type Schemas = components["schemas"];

/** A run of slots on one day, in the doctor's own time zone (`HH:MM` on the 5-minute grid). */
export type SlotRun = Schemas["SlotRunRequest"];
export type SkippedSlot = Schemas["SkippedSlot"];
export type SkipReason = SkippedSlot["reason"];
export type SlotRunResult = Omit<Schemas["SlotRunOut"], "created"> & { created: Slot[] };
export type RuleInput = Schemas["RuleCreate"];
export type AvailabilityRule = Schemas["RuleOut"];
export type RuleCreated = Schemas["RuleCreated"];
export type RuleRemoved = Schemas["RuleRemoved"];
export type DoctorProfileChange = Schemas["DoctorProfileUpdate"];
export type StatusChange = Schemas["StatusChange"];
export type StatusTarget = StatusChange["status"];
export type AppointmentTypeInput = Schemas["AppointmentTypeCreate"];
export type AppointmentTypeChange = Schemas["AppointmentTypeUpdate"];
/** A clinic the doctor works at, as `GET/PUT /doctors/me/clinics` answer it. */
export interface ClinicPlace {
  clinic_id: string;
  name: string;
  city: string;
  lat: number;
  lon: number;
}

/** Query keys of the doctor's pages; they start like A's keys so the realtime hook's invalidations reach them. */
export const doctorKeys = {
  schedule: (from: string, to: string) => ["appointments", "doctor", from, to] as const,
  slots: (doctorId: string, from: string, to: string) => ["slots", doctorId, from, to] as const,
  rules: ["availability-rules"] as const,
  profile: (doctorId: string) => ["doctor", doctorId] as const,
  slug: ["doctor-slug"] as const,
  types: ["my-appointment-types"] as const,
  clinics: ["my-clinics"] as const,
  clinicsIn: (city: string) => ["clinics", city] as const,
};

/** Every page of a listing, for windows small enough to show at once (a doctor's fortnight, a day's monitor). */
export async function allPages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, maxPages = 10): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const reply = await fetchPage(cursor);
    items.push(...reply.items);
    if (!reply.next_cursor) break;
    cursor = reply.next_cursor;
  }
  return items;
}

export const doctorApi = {
  slug: () => api.get<SlugInfo>("/doctors/me/slug"),
  changeSlug: (slug: string) => api.request<SlugInfo>("PUT", "/doctors/me/slug", { body: { slug } }),
  schedule: (from: string, to: string) =>
    allPages((cursor) =>
      api.get<Page<Appointment>>("/appointments", { query: { from, to, limit: 100, cursor } }),
    ),
  appointment: (appointmentId: string) => api.get<Appointment>(`/appointments/${id(appointmentId)}`),
  changeStatus: (appointmentId: string, change: StatusChange) =>
    api.post<Appointment>(`/appointments/${id(appointmentId)}/status`, change),
  cancel: (appointmentId: string, reason: string) =>
    api.post<Appointment>(`/appointments/${id(appointmentId)}/cancel`, { reason }),
  reschedule: (appointmentId: string, slotId: string) =>
    api.post<Appointment>(`/appointments/${id(appointmentId)}/reschedule`, { slot_id: slotId }),
  files: (appointmentId: string) => api.get<Page<AppointmentFile>>(`/appointments/${id(appointmentId)}/files`),

  slots: (doctorId: string, from: string, to: string) =>
    api.get<SlotList>(`/doctors/${id(doctorId)}/slots`, { query: { from, to } }),
  publishRun: (run: SlotRun) => api.post<SlotRunResult>("/doctors/me/slots", run),
  myTypes: () => api.get<Page<AppointmentType>>("/doctors/me/appointment-types"),
  createType: (type: AppointmentTypeInput) => api.post<AppointmentType>("/doctors/me/appointment-types", type),
  updateType: (typeId: string, change: AppointmentTypeChange) =>
    api.patch<AppointmentType>(`/doctors/me/appointment-types/${id(typeId)}`, change),
  deactivateType: (typeId: string) => api.post<AppointmentType>(`/doctors/me/appointment-types/${id(typeId)}/deactivate`),
  myClinics: () => api.get<Page<ClinicPlace>>("/doctors/me/clinics"),
  setMyClinics: (clinicIds: string[]) =>
    api.request<Page<ClinicPlace>>("PUT", "/doctors/me/clinics", { body: { clinic_ids: clinicIds } }),
  /** Clinics by city (blank: every clinic, by name; first pages only). */
  clinics: (city: string) =>
    allPages((cursor) => api.get<Page<Clinic>>("/clinics", { query: { city: city.trim() || undefined, limit: 100, cursor } }), 5),
  setAvailable: (slotId: string, available: boolean) =>
    api.patch<Slot>(`/doctors/me/slots/${id(slotId)}`, { available }),
  deleteSlot: (slotId: string) => api.delete(`/doctors/me/slots/${id(slotId)}`),

  rules: () => allPages((cursor) => api.get<Page<AvailabilityRule>>("/doctors/me/availability-rules", { query: { limit: 100, cursor } })),
  createRule: (rule: RuleInput) => api.post<RuleCreated>("/doctors/me/availability-rules", rule),
  deleteRule: (ruleId: string) => api.delete<RuleRemoved>(`/doctors/me/availability-rules/${id(ruleId)}`),

  profile: (doctorId: string) => api.get<Doctor>(`/doctors/${id(doctorId)}`),
  updateProfile: (change: DoctorProfileChange) => api.patch<Doctor>("/doctors/me", change),
};
