import { hasKey, tKey } from "../i18n";

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

/** Codes whose server message is terse or technical get a sentence written for people (src/i18n, errors.code). */
function known(code: string): string | null {
  return hasKey(`errors.code.${code}`) ? tKey(`errors.code.${code}`) : null;
}

function byStatus(status: number): string | null {
  return hasKey(`errors.byStatus.${status}`) ? tKey(`errors.byStatus.${status}`) : null;
}

const generic = () => tKey("errors.generic");

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
    const sentenceForCode = known(error.code);
    if (sentenceForCode) return sentenceForCode;
    if (error.status >= 500) return generic();
    if (error.code === "VALIDATION_ERROR" && error.details.length) {
      return sentence(error.details.map((d) => `${fieldLabel(d.field)}: ${lowerFirst(d.message)}`).join("; "));
    }
    // The API's 4xx messages are written as sentences for people (see docs/api.md); codes never reach the page.
    if (error.message && !/^[A-Z_]+$/.test(error.message)) return sentence(error.message);
    return byStatus(error.status) ?? generic();
  }
  return generic();
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
