/** Form rules shared by the sign-up, log-in, reset and settings forms; each returns a sentence or null. */
import i18n from "../i18n";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

export function email(value: string): string | null {
  if (!value.trim()) return i18n.t("validation.emailMissing");
  return EMAIL.test(value.trim()) ? null : i18n.t("validation.emailInvalid");
}

export function password(value: string): string | null {
  if (value.length < 8) return i18n.t("validation.passwordShort");
  if (value.length > 128) return i18n.t("validation.passwordLong");
  return null;
}

/** A field that must not be empty, with the sentence to show when it is. */
export function required(message: () => string) {
  return (value: string): string | null => (value.trim() ? null : message());
}

export function sameAs(other: () => string) {
  return (value: string): string | null => (value === other() ? null : i18n.t("validation.passwordsDiffer"));
}

export function phone(value: string): string | null {
  if (!value.trim()) return null;
  return PHONE.test(value.trim()) ? null : i18n.t("validation.phoneInvalid");
}

export function licence(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length < 3 || trimmed.length > 40) return i18n.t("validation.licenceLength");
  return /^[A-Za-z0-9 /-]+$/.test(trimmed) ? null : i18n.t("validation.licenceChars");
}

export function numberBetween(min: number, max: number) {
  return (value: number | string): string | null => {
    const n = typeof value === "number" ? value : Number(value);
    if (value === "" || Number.isNaN(n)) return i18n.t("validation.numberMissing");
    return n < min || n > max ? i18n.t("validation.numberBetween", { min, max }) : null;
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
