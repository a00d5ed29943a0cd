import { ApiError, friendlyMessage } from "../../api/errors";

/**
 * Sentences for refusals only the doctor and admin pages meet, whose server messages name request fields
 * (e.g. "start_time"); everything else falls back to the app's mapping.
 */
const PORTAL: Record<string, string> = {
  NO_SLOT_FITS: "No slot of that length fits between the start and end times.",
  RUN_IN_PAST: "These hours are already over. Choose a later day or later hours.",
  TOO_FAR_AHEAD: "Slots can be published at most a year ahead.",
  RULE_IN_PAST: "These weekly hours would end before today. Choose a later last day.",
  RULE_NOT_FOUND: "These weekly hours were already removed.",
  SLOT_NOT_FOUND: "This slot no longer exists; the calendar has been refreshed.",
  SLOT_TAKEN: "This slot is booked. Cancel or move its appointment instead.",
  SLOT_LOCKED: "A patient is holding this time right now. Try again when the hold ends, in a few minutes.",
  TOO_EARLY: "A no-show can be recorded once the appointment has begun.",
  INVALID_STATUS_CHANGE: "The appointment changed in the meantime, so this step is no longer possible. The page has been refreshed.",
  STALE_APPOINTMENT: "The appointment changed in the meantime. The page has been refreshed; please try again.",
  SAME_SLOT: "The appointment is already at this time. Choose another one.",
  DIFFERENT_DOCTOR: "An appointment can only move to another of your own times.",
  SPECIALTY_NAME_TAKEN: "A specialty with this name already exists.",
  LICENSE_TAKEN: "A doctor with this licence number already exists.",
  DOCTOR_NOT_APPROVED: "Your doctor account is waiting for approval.",
};

export function portalMessage(error: unknown): string {
  if (error instanceof ApiError && PORTAL[error.code]) return PORTAL[error.code]!;
  return friendlyMessage(error);
}
