import i18n from "i18next";
import { me } from "../api/endpoints";
import { ApiError } from "../api/errors";
import type { User } from "../api/types";
import { browserLanguage, isLanguage, type Language } from "./index";

const KEY = "docspot.language";

/** A choice made on this device before signing in (or while the server could not store it). */
export function storedLanguage(storage: Storage | null = safeLocal()): Language | null {
  try {
    const value = storage?.getItem(KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function remember(language: Language, storage: Storage | null = safeLocal()): void {
  try {
    storage?.setItem(KEY, language);
  } catch {
    // Private mode or full storage: the choice lasts for this page.
  }
}

function safeLocal(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    return null;
  }
}

/** The language to show: the profile's `locale`, else this device's earlier choice, else the browser's. */
export function languageOf(user: Pick<User, "locale"> | null): Language {
  const locale = user?.locale;
  if (isLanguage(locale)) return locale;
  return storedLanguage() ?? browserLanguage();
}

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

export type LanguageSaved = { user: User | null; stored: "profile" | "device" };

/**
 * Switches the UI at once and keeps the choice: on the profile (PATCH /me {locale}) when signed in, so mail and
 * notifications follow; on this device only when signed out, or when the server does not take `locale` (yet).
 */
export async function chooseLanguage(language: Language, signedIn: boolean): Promise<LanguageSaved> {
  applyLanguage(language);
  remember(language);
  if (!signedIn) return { user: null, stored: "device" };
  try {
    return { user: await me.update({ locale: language }), stored: "profile" };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return { user: null, stored: "device" };
    throw error;
  }
}
