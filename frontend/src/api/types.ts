/** The API's shapes as built (docs/api.md and chalicelib/contracts). Times are ISO 8601 strings with an offset. */
export type Role = "patient" | "doctor" | "admin";

export interface EmailPreferences {
  appointment_updates: boolean;
  reminders: boolean;
  waitlist: boolean;
}

export interface User {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: string;
  timezone: string;
  phone: string | null;
  date_of_birth: string | null;
  email_opt_out: boolean;
  created_at: string;
  doctor_status?: string | null;
  email_preferences?: EmailPreferences;
  /** The language of the UI, mail and notifications; absent: the browser's language, else English. */
  locale?: "en" | "de" | null;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  user: User;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Specialty {
  specialty_id: string;
  name: string;
  description: string;
  active: boolean;
}

export interface FreeSlot {
  slot_id: string;
  start: string;
  end: string;
}

export interface Doctor {
  doctor_id: string;
  name: string;
  specialty: { specialty_id: string; name: string };
  experience_years: number;
  consultation_fee: number;
  bio: string;
  photo_url: string | null;
  timezone: string;
  available_slots?: FreeSlot[];
}

export type SlotState = "available" | "locked" | "booked" | "unavailable";

export interface Slot {
  slot_id: string;
  start: string;
  end: string;
  duration_minutes: number;
  state: SlotState;
  lock_expires_at?: string;
}

/** One slot with its doctor: where a booking deep link (/book?slot=) lands. */
export interface SlotDetail extends Slot {
  doctor_id: string;
  timezone: string;
}

export interface SlotList {
  items: Slot[];
  timezone: string;
}

export interface Hold {
  slot_id: string;
  expires_at: string;
}

export type AppointmentStatus = "SCHEDULED" | "CONFIRMED" | "IN_PROGRESS" | "COMPLETED" | "NO_SHOW" | "CANCELLED";

export interface Appointment {
  appointment_id: string;
  slot_id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  doctor: { id: string; name: string };
  patient: { id: string; name: string };
  reason_for_visit: string;
  summary: string | null;
  notes?: string | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  sequence: number;
  created_at: string;
  updated_at: string;
  attendance_confirmed_at?: string | null;
  /** What the doctor asked for after the visit (set when completing). */
  follow_up?: { instructions: string; within_days: number | null } | null;
}

export interface AppointmentFile {
  file_id: string;
  filename: string;
  content_type: string;
  size: number;
  status: string;
  uploaded_at: string | null;
  download_url?: string | null;
}

export interface FileUploadGrant {
  file_id: string;
  upload: { url: string; fields: Record<string, string> };
  expires_at: string;
}

export interface Notification {
  notification_id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, string>;
  created_at: string;
  read: boolean;
}

export interface NotificationFeed extends Page<Notification> {
  unread_count: number;
}

export interface WaitlistEntry {
  doctor_id: string;
  date: string | null;
  joined_at: string;
  offer_slot_id: string | null;
  offer_expires_at: string | null;
}

export interface Attendance {
  appointment_id: string;
  doctor_name: string;
  start: string;
  timezone: string;
  status: AppointmentStatus;
  confirmed_at: string | null;
}

/** A calendar subscription URL, shown once (only its hash is stored). */
export interface CalendarFeed {
  url: string;
  webcal_url: string;
}

export interface CalendarFeedState {
  active: boolean;
}

/** A doctor's booking page address (`/d/{slug}`). */
export interface SlugInfo {
  slug: string | null;
  url: string | null;
  suggestion: string;
  changeable_from: string | null;
}

export interface DoctorBySlug {
  doctor: Doctor;
  slug: string;
  moved: boolean;
}
