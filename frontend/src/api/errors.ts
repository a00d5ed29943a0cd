/** Every failure the UI can meet, as one class with a sentence fit to show. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Codes whose server message is terse or technical get a sentence written for people. */
const FRIENDLY: Record<string, string> = {
  SLOT_LOCKED: "Someone else is holding this time right now. Pick another time or try again in a few minutes.",
  SLOT_TAKEN: "This time has just been booked by someone else. Please pick another time.",
  SLOT_UNAVAILABLE: "This time is no longer offered. Please pick another time.",
  LOCK_NOT_FOUND: "Your hold on this time has ended. Please pick the time again.",
  OUTSIDE_BOOKING_WINDOW: "Appointments can be booked from one hour to 90 days ahead.",
  OVERLAPPING_APPOINTMENT: "You already have an appointment at this time.",
  TOO_LATE: "It is too late to change this appointment online. Please contact the practice.",
  INVALID_CREDENTIALS: "The e-mail address or password is not right.",
  ACCOUNT_LOCKED: "Too many failed sign-ins. Your account is locked for 15 minutes.",
  ACCOUNT_DISABLED: "This account has been disabled. Please contact support.",
  EMAIL_TAKEN: "An account with this e-mail address already exists. Sign in or reset your password.",
  INVALID_ATTENDANCE_LINK: "This link is invalid or has expired. Use the link in your latest reminder e-mail.",
  INVALID_RESET_TOKEN: "This reset link is invalid or has expired. Ask for a new one.",
  TOKEN_REUSED: "Your session has ended. Please sign in again.",
  SESSION_ENDED: "Your session has ended. Please sign in again.",
  UNAUTHORIZED: "Please sign in to continue.",
  DOCTOR_NOT_APPROVED: "Your doctor account is waiting for approval.",
  TRY_AGAIN: "Someone else changed this at the same moment. Please try again.",
  NETWORK: "We could not reach DocSpot. Check your connection and try again.",
  RATE_LIMITED: "Too many requests. Please wait a moment and try again.",
  IDEMPOTENCY_KEY_REUSED: "This booking was already sent with different details. Please start again.",
};

const BY_STATUS: Record<number, string> = {
  400: "Some of the information is not valid.",
  401: "Please sign in to continue.",
  403: "You are not allowed to do this.",
  404: "We could not find what you were looking for.",
  409: "This conflicts with a recent change. Please refresh and try again.",
  422: "This cannot be done right now.",
  429: "Too many attempts. Please wait a moment and try again.",
};

const GENERIC = "Something went wrong on our side. Please try again in a moment.";

function fieldLabel(path: string): string {
  return (path.split(".").pop() ?? path).replace(/_/g, " ");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A message to show for any thrown value: never a stack trace, a raw code or a status number. */
export function friendlyMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = FRIENDLY[error.code];
    if (known) return known;
    if (error.status >= 500) return GENERIC;
    if (error.code === "VALIDATION_ERROR" && error.details.length) {
      return sentence(error.details.map((d) => `${fieldLabel(d.field)}: ${lowerFirst(d.message)}`).join("; "));
    }
    // The API's 4xx messages are written as sentences for people (see docs/api.md); codes never reach the page.
    if (error.message && !/^[A-Z_]+$/.test(error.message)) return sentence(error.message);
    return BY_STATUS[error.status] ?? GENERIC;
  }
  return GENERIC;
}

/** Server-side field problems keyed by field name, for a form's setErrors. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const problem of error.details) {
    const key = problem.field.split(".").pop() ?? problem.field;
    out[key] = sentence(problem.message);
  }
  return out;
}
