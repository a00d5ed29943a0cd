/** Form rules shared by the sign-up, log-in, reset and settings forms; each returns a sentence or null. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

export function email(value: string): string | null {
  if (!value.trim()) return "Enter your e-mail address.";
  return EMAIL.test(value.trim()) ? null : "Enter a valid e-mail address, like name@example.com.";
}

export function password(value: string): string | null {
  if (value.length < 8) return "Use at least 8 characters.";
  if (value.length > 128) return "Use at most 128 characters.";
  return null;
}

export function required(label: string) {
  return (value: string): string | null => (value.trim() ? null : `Enter ${label}.`);
}

export function sameAs(other: () => string, message = "The passwords do not match.") {
  return (value: string): string | null => (value === other() ? null : message);
}

export function phone(value: string): string | null {
  if (!value.trim()) return null;
  return PHONE.test(value.trim()) ? null : "Enter a phone number with digits, spaces, dashes or brackets.";
}

export function licence(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length < 3 || trimmed.length > 40) return "Enter your licence number (3 to 40 characters).";
  return /^[A-Za-z0-9 /-]+$/.test(trimmed) ? null : "Use letters, digits, spaces, / and - only.";
}

export function numberBetween(label: string, min: number, max: number) {
  return (value: number | string): string | null => {
    const n = typeof value === "number" ? value : Number(value);
    if (value === "" || Number.isNaN(n)) return `Enter ${label}.`;
    return n < min || n > max ? `${label[0]!.toUpperCase()}${label.slice(1)} must be between ${min} and ${max}.` : null;
  };
}

/** The IANA zones the browser knows, the viewer's own first; falls back to a short list. */
export function timeZones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    all = [];
  }
  if (!all.length) all = ["UTC", "Europe/Berlin", "Europe/London", "Europe/Madrid", "Europe/Rome", "America/New_York"];
  if (!all.includes("UTC")) all = ["UTC", ...all];
  return own && all.includes(own) ? [own, ...all.filter((z) => z !== own)] : all;
}
