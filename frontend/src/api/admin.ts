import { allPages } from "./doctor";
import { api } from "./index";
import type { Appointment, Doctor, Page, Role, Specialty } from "./types";

const id = encodeURIComponent;

export type DoctorStatus = "PENDING" | "APPROVED" | "REJECTED" | "SUSPENDED";

export interface DoctorAdmin extends Doctor {
  email: string | null;
  status: DoctorStatus;
  license_number: string;
  created_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface NewDoctor {
  email: string;
  password: string;
  name: string;
  specialty_id: string;
  license_number: string;
  experience_years: number;
  consultation_fee: number;
  bio?: string;
  phone?: string;
  timezone?: string;
}

export interface SpecialtyChange {
  name?: string;
  description?: string;
  active?: boolean;
}

export type UserStatus = "active" | "disabled";

export interface AdminUser {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus | string;
  timezone: string;
  created_at: string;
}

export interface UserFilters {
  role?: Role | "";
  email?: string;
}

export const adminKeys = {
  specialties: ["admin", "specialties"] as const,
  doctors: (status: DoctorStatus) => ["admin", "doctors", status] as const,
  users: (filters: UserFilters) => ["admin", "users", filters] as const,
  monitor: (day: string) => ["appointments", "admin-monitor", day] as const,
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
  disableUser: (userId: string) => api.post<AdminUser>(`/admin/users/${id(userId)}/disable`),
  enableUser: (userId: string) => api.post<AdminUser>(`/admin/users/${id(userId)}/enable`),

  /** One UTC day of the appointments index, between two instants (the admin's local day may span two). */
  appointmentsOfDay: (utcDay: string, from: string, to: string) =>
    allPages((cursor) =>
      api.get<Page<Appointment>>("/appointments", { query: { date: utcDay, from, to, limit: 100, cursor } }),
    ),
};
