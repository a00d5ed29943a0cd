import { allPages } from "./doctor";
import { api } from "./index";
import type { Appointment, Clinic, components, DoctorProfile, Page, Role, Specialty, User } from "./types";

const id = encodeURIComponent;

type Schemas = components["schemas"];

export type DoctorStatus = Schemas["DoctorStatus"];
export type DoctorAdmin = Schemas["DoctorAdminOut"];
export type NewDoctor = Schemas["AdminDoctorCreate"];
export type SpecialtyChange = Schemas["SpecialtyUpdate"];
export type UserStatus = Schemas["AccountStatus"];
export type ClinicInput = Schemas["ClinicCreate"];
export type ClinicRef = Schemas["ClinicRef"];
export type ClinicChange = Schemas["ClinicUpdate"];

/** The columns of the admin's list of accounts (`UserOut` has more). */
export type AdminUser = Pick<User, "user_id" | "email" | "name" | "role" | "status" | "timezone" | "created_at">;

/** What disabling answers: the account, and how many of its future appointments were cancelled (and are left). */
export type DisabledAccount = AdminUser &
  Pick<Schemas["AccountDisabledOut"], "cancelled_appointments" | "appointments_left">;

export interface UserFilters {
  role?: Role | "";
  email?: string;
}

export const adminKeys = {
  specialties: ["admin", "specialties"] as const,
  doctors: (status: DoctorStatus) => ["admin", "doctors", status] as const,
  users: (filters: UserFilters) => ["admin", "users", filters] as const,
  monitor: (day: string) => ["appointments", "admin-monitor", day] as const,
  clinics: (city: string) => ["clinics", city] as const,
  doctorClinics: (doctorId: string) => ["admin", "doctor-clinics", doctorId] as const,
};

export const adminApi = {
  specialties: () => api.get<Page<Specialty>>("/admin/specialties"),
  createSpecialty: (specialty: { name: string; description: string }) =>
    api.post<Specialty>("/admin/specialties", specialty),
  updateSpecialty: (specialtyId: string, change: SpecialtyChange) =>
    api.patch<Specialty>(`/admin/specialties/${id(specialtyId)}`, change),

  doctors: (status: DoctorStatus, cursor?: string) =>
    api.get<Page<DoctorAdmin>>("/admin/doctors", { query: { status, cursor, limit: 50 } }),
  approve: (doctorId: string, reason?: string) =>
    api.post<DoctorAdmin>(`/admin/doctors/${id(doctorId)}/approve`, reason ? { reason } : {}),
  reject: (doctorId: string, reason: string) =>
    api.post<DoctorAdmin>(`/admin/doctors/${id(doctorId)}/reject`, { reason }),
  createDoctor: (doctor: NewDoctor) => api.post<DoctorAdmin>("/admin/doctors", doctor),

  users: (filters: UserFilters, cursor?: string) =>
    api.get<Page<AdminUser>>("/admin/users", {
      query: { role: filters.role || undefined, email: filters.email?.trim() || undefined, cursor, limit: 50 },
    }),
  /** ``cancelAppointments``: for a doctor, whether their future appointments go (required); a patient's always go. */
  disableUser: (userId: string, cancelAppointments?: boolean) =>
    api.post<DisabledAccount>(
      `/admin/users/${id(userId)}/disable`,
      cancelAppointments === undefined ? {} : { cancel_appointments: cancelAppointments },
    ),
  enableUser: (userId: string) => api.post<AdminUser>(`/admin/users/${id(userId)}/enable`),

  clinics: (city: string, cursor?: string) =>
    api.get<Page<Clinic>>("/clinics", { query: { city: city.trim() || undefined, cursor, limit: 50 } }),
  /** The clinics an approved doctor works at, as their public profile lists them. */
  doctorClinics: async (doctorId: string): Promise<Page<ClinicRef>> => ({
    items: (await api.get<DoctorProfile>(`/doctors/${id(doctorId)}`)).clinics,
    next_cursor: null,
  }),
  setDoctorClinics: (doctorId: string, clinicIds: string[]) =>
    api.request<Page<ClinicRef>>("PUT", `/admin/doctors/${id(doctorId)}/clinics`, { body: { clinic_ids: clinicIds } }),
  createClinic: (clinic: ClinicInput) => api.post<Clinic>("/admin/clinics", clinic),
  updateClinic: (clinicId: string, change: ClinicChange) => api.patch<Clinic>(`/admin/clinics/${id(clinicId)}`, change),

  /** One UTC day of the appointments index, between two instants (the admin's local day may span two). */
  appointmentsOfDay: (utcDay: string, from: string, to: string) =>
    allPages((cursor) =>
      api.get<Page<Appointment>>("/appointments", { query: { date: utcDay, from, to, limit: 100, cursor } }),
    ),
};
