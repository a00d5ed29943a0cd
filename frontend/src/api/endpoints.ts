import { api } from "./index";
import type {
  Appointment,
  AppointmentFile,
  CalendarFeed,
  CalendarFeedState,
  Attendance,
  components,
  AppointmentType,
  Doctor,
  DoctorBySlug,
  DoctorProfile,
  FileUploadGrant,
  Hold,
  NotificationFeed,
  Page,
  SlotDetail,
  SlotList,
  Specialty,
  TokenPair,
  User,
  WaitlistEntry,
} from "./types";

const id = encodeURIComponent;

/** The directory search's parameters (GET /doctors). */
export interface DoctorFilters {
  q?: string;
  specialty_id?: string;
  date?: string;
  city?: string;
  near?: string;
  radius_km?: number;
  mode?: string;
  language?: string;
  sort?: string;
}

/** Query keys, so pages and the realtime hook invalidate the same things. */
export const keys = {
  specialties: ["specialties"] as const,
  doctors: (filters: DoctorFilters) => ["doctors", filters] as const,
  appointmentTypes: (doctorId: string) => ["appointment-types", doctorId] as const,
  doctor: (doctorId: string) => ["doctor", doctorId] as const,
  slots: (doctorId: string, from?: string, to?: string) =>
    from ? (["slots", doctorId, from, to] as const) : (["slots", doctorId] as const),
  appointments: (scope?: string) => (scope ? (["appointments", scope] as const) : (["appointments"] as const)),
  appointment: (appointmentId: string) => ["appointment", appointmentId] as const,
  files: (appointmentId: string) => ["files", appointmentId] as const,
  notifications: (unread?: boolean) =>
    unread === undefined ? (["notifications"] as const) : (["notifications", unread ? "unread" : "all"] as const),
  waitlist: (doctorId: string) => ["waitlist", doctorId] as const,
  me: ["me"] as const,
  calendarFeed: ["calendar-feed"] as const,
};

type PatientSignUp = components["schemas"]["PatientRegistration"];
type DoctorSignUp = components["schemas"]["DoctorRegistration"];

/** A sign-up as the form builds it: a patient's fields, and a doctor's professional ones when `role` is doctor
 * (the API tells the two apart by `role`). */
export type Registration = Omit<PatientSignUp, "role"> &
  Partial<Omit<DoctorSignUp, keyof PatientSignUp>> & { role: PatientSignUp["role"] | DoctorSignUp["role"] };

export const auth = {
  login: (email: string, password: string) =>
    api.post<TokenPair>("/auth/login", { email, password }, { auth: false }),
  register: (registration: Registration) => api.post<User>("/auth/register", registration, { auth: false }),
  logout: (refreshToken: string) => api.post<void>("/auth/logout", { refresh_token: refreshToken }),
  requestReset: (email: string) => api.post<void>("/auth/password-reset", { email }, { auth: false }),
  confirmReset: (token: string, password: string) =>
    api.post<unknown>("/auth/password-reset/confirm", { token, password }, { auth: false }),
};

export type ProfileChange = components["schemas"]["ProfileUpdate"];

export const me = {
  get: () => api.get<User>("/me"),
  update: (change: ProfileChange) => api.patch<User>("/me", change),
  calendarFeed: () => api.get<CalendarFeedState>("/me/calendar-feed"),
  createCalendarFeed: () => api.post<CalendarFeed>("/me/calendar-feed"),
  removeCalendarFeed: () => api.delete("/me/calendar-feed"),
};

export const catalogue = {
  specialties: () => api.get<Page<Specialty>>("/specialties", { auth: false }),
  doctors: (filters: DoctorFilters & { cursor?: string; limit?: number }) =>
    api.get<Page<Doctor>>("/doctors", { query: { ...filters }, auth: false }),
  doctor: (doctorId: string) => api.get<DoctorProfile>(`/doctors/${id(doctorId)}`, { auth: false }),
  appointmentTypes: (doctorId: string) =>
    api.get<Page<AppointmentType>>(`/doctors/${id(doctorId)}/appointment-types`, { auth: false }),
  slots: (doctorId: string, from: string, to: string) =>
    api.get<SlotList>(`/doctors/${id(doctorId)}/slots`, { query: { from, to }, auth: false }),
  slot: (slotId: string) => api.get<SlotDetail>(`/slots/${id(slotId)}`, { auth: false }),
  bySlug: (slug: string) => api.get<DoctorBySlug>(`/doctors/by-slug/${id(slug)}`, { auth: false }),
};

export const booking = {
  lock: (slotId: string) => api.post<Hold>(`/slots/${id(slotId)}/lock`),
  unlock: (slotId: string) => api.delete(`/slots/${id(slotId)}/lock`),
  book: (slotId: string, reason: string, idempotencyKey: string) =>
    api.post<Appointment>(
      "/appointments",
      { slot_id: slotId, reason_for_visit: reason },
      { headers: { "Idempotency-Key": idempotencyKey } },
    ),
  list: (query: { scope?: "upcoming" | "past"; status?: string; from?: string; to?: string; cursor?: string }) =>
    api.get<Page<Appointment>>("/appointments", { query: { ...query } }),
  get: (appointmentId: string) => api.get<Appointment>(`/appointments/${id(appointmentId)}`),
  cancel: (appointmentId: string, reason: string) =>
    api.post<Appointment>(`/appointments/${id(appointmentId)}/cancel`, { reason }),
  reschedule: (appointmentId: string, slotId: string) =>
    api.post<Appointment>(`/appointments/${id(appointmentId)}/reschedule`, { slot_id: slotId }),
  calendar: (appointmentId: string) => api.blob(`/appointments/${id(appointmentId)}/calendar.ics`),
};

export const files = {
  list: (appointmentId: string) => api.get<Page<AppointmentFile>>(`/appointments/${id(appointmentId)}/files`),
  start: (appointmentId: string, file: { filename: string; content_type: string; size: number }) =>
    api.post<FileUploadGrant>(`/appointments/${id(appointmentId)}/files`, file),
  complete: (appointmentId: string, fileId: string) =>
    api.post<AppointmentFile>(`/appointments/${id(appointmentId)}/files/${id(fileId)}/complete`),
  remove: (appointmentId: string, fileId: string) =>
    api.delete(`/appointments/${id(appointmentId)}/files/${id(fileId)}`),
};

export const waitlist = {
  get: (doctorId: string) => api.get<WaitlistEntry | null>(`/doctors/${id(doctorId)}/waitlist`),
  join: (doctorId: string, date?: string) =>
    api.post<WaitlistEntry>(`/doctors/${id(doctorId)}/waitlist`, date ? { date } : {}),
  leave: (doctorId: string) => api.delete(`/doctors/${id(doctorId)}/waitlist`),
};

export const notifications = {
  feed: (query: { unread?: boolean; cursor?: string; limit?: number } = {}) =>
    api.get<NotificationFeed>("/notifications", { query: { ...query } }),
  read: (notificationId: string) => api.post<void>(`/notifications/${id(notificationId)}/read`),
  readAll: () => api.post<{ marked_read: number }>("/notifications/read-all"),
};

export const attendance = {
  get: (token: string) => api.get<Attendance>("/attendance", { query: { token }, auth: false }),
  confirm: (token: string) => api.post<Attendance>("/attendance", { token }, { auth: false }),
};
