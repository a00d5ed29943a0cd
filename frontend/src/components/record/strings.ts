import type { ConditionStatus, Severity } from "../../api/records";
import { hasKey, tKey } from "../../i18n";

/** The words of the record's shared components live in src/i18n (`record.*`); these read the ones chosen at run time. */
export const SEVERITIES: Severity[] = ["mild", "moderate", "severe"];
export const CONDITION_STATUSES: ConditionStatus[] = ["active", "resolved"];

function word(key: string, fallback: string): string {
  return hasKey(key) ? tKey(key) : fallback;
}

/** "Substance", "Noted on": a field's label, or its name when the app has no word for it. */
export function fieldLabel(name: string): string {
  return word(`record.fields.${name}`, name);
}

export function severityLabel(severity: string): string {
  return word(`record.severity.${severity}`, severity);
}

export function statusLabel(status: string): string {
  return word(`record.status.${status}`, status);
}

/** "doctor": who wrote an entry or looked at the record, by their role. */
export function roleLabel(role: string): string {
  return word(`record.roles.${role}`, role);
}

