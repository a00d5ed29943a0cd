import { api } from "./index";
import type { Appointment, components, Page } from "./types";

type Schemas = components["schemas"];

const id = encodeURIComponent;

/**
 * The medical record's shapes (docs/api.md, "Medical records"). Dates are `YYYY-MM-DD`. The entries stay written
 * here: the document types an author's `role` and an access's `action` as plain strings, the app knows their values.
 */
export type RecordKind = "allergies" | "conditions" | "medications";
export const RECORD_KINDS: RecordKind[] = ["allergies", "conditions", "medications"];
export type Severity = Schemas["AllergySeverity"];
export type ConditionStatus = Schemas["ConditionStatus"];

export interface Author {
  id: string;
  name: string;
  role: "patient" | "doctor" | "admin";
}

interface EntryBase {
  entry_id: string;
  recorded_by: Author;
  recorded_at: string;
  updated_by: Author | null;
  updated_at: string | null;
}

export interface Allergy extends EntryBase {
  substance: string;
  reaction: string | null;
  severity: Severity;
  noted_on: string | null;
}

export interface Condition extends EntryBase {
  name: string;
  status: ConditionStatus;
  since: string | null;
  notes: string | null;
}

export interface Medication extends EntryBase {
  name: string;
  dose: string | null;
  frequency: string | null;
  started_on: string | null;
  stopped_on: string | null;
}

export type Entry = Allergy | Condition | Medication;

export interface MedicalRecord {
  allergies: Allergy[];
  conditions: Condition[];
  medications: Medication[];
  updated_at: string | null;
}

/** An entry's fields as a form sends them (`null` clears an optional one). */
export type EntryFields = Record<string, string | null>;

export interface RecordAccess {
  access_id: string;
  at: string;
  actor: Author;
  action: "read" | "export" | "add" | "change" | "remove";
  entries: string[];
  appointment_id: string | null;
}

export type PatientListItem = Schemas["PatientListItemOut"];

export type PatientDetail = Omit<Schemas["PatientDetailOut"], "record"> & { record: MedicalRecord };

/** Where a record lives: the patient's own (`/me/record`) or a patient's as their doctor sees it. */
export interface RecordEndpoint {
  read: () => Promise<MedicalRecord>;
  add: (kind: RecordKind, fields: EntryFields) => Promise<Entry>;
  change: (kind: RecordKind, entryId: string, fields: EntryFields) => Promise<Entry>;
  /** Doctors cannot remove entries: absent for them. */
  remove?: (kind: RecordKind, entryId: string) => Promise<void>;
}

export const ownRecord: RecordEndpoint = {
  read: () => api.get<MedicalRecord>("/me/record"),
  add: (kind, fields) => api.post<Entry>(`/me/record/${kind}`, fields),
  change: (kind, entryId, fields) => api.patch<Entry>(`/me/record/${kind}/${id(entryId)}`, fields),
  remove: (kind, entryId) => api.delete(`/me/record/${kind}/${id(entryId)}`),
};

export function patientRecord(patientId: string): RecordEndpoint {
  const base = `/patients/${id(patientId)}/record`;
  return {
    read: () => api.get<MedicalRecord>(base),
    add: (kind, fields) => api.post<Entry>(`${base}/${kind}`, fields),
    change: (kind, entryId, fields) => api.patch<Entry>(`${base}/${kind}/${id(entryId)}`, fields),
  };
}

export const records = {
  accessLog: (cursor?: string) =>
    api.get<Page<RecordAccess>>("/me/record/access-log", { query: { cursor, limit: 20 } }),
  /** The FHIR R4 Bundle, as a Blob to save. */
  exportBundle: () => api.blob("/me/record/export"),
  patients: (query: { q?: string; cursor?: string }) =>
    api.get<Page<PatientListItem>>("/doctors/me/patients", { query: { ...query, limit: 20 } }),
  patient: (patientId: string) => api.get<PatientDetail>(`/doctors/me/patients/${id(patientId)}`),
  bookFollowUp: (patientId: string, slotId: string, reason: string) =>
    api.post<Appointment>(`/doctors/me/patients/${id(patientId)}/appointments`, {
      slot_id: slotId,
      reason_for_visit: reason,
    }),
};

export const recordKeys = {
  own: ["record", "me"] as const,
  patient: (patientId: string) => ["record", "patient", patientId] as const,
  accessLog: ["record", "access-log"] as const,
  patients: (q: string) => ["patients", q] as const,
};
