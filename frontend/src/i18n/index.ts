import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { de } from "./de";
import { en } from "./en";

/** The languages the app speaks; `locale` on /me is one of them. */
export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The browser's preferred language when the app speaks it, else English. */
export function browserLanguage(languages: readonly string[] = navigatorLanguages()): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

function navigatorLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The user's own choice (`locale` on /me) wins; without one, the browser's language, else English. */
export function languageFor(locale: string | null | undefined): Language {
  return isLanguage(locale) ? locale : browserLanguage();
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: browserLanguage(),
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

function reflect(language: string) {
  if (typeof document !== "undefined") document.documentElement.lang = language;
}
reflect(i18n.language);
i18n.on("languageChanged", reflect);

/** The current language as the app knows it. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : "en";
}

export default i18n;

/** A key built at run time (a status, an error code): the caller checks `exists` or accepts the fallback. */
export function tKey(key: string, options?: Record<string, unknown>): string {
  const translate = i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return translate(key, options);
}

export function hasKey(key: string): boolean {
  return i18n.exists(key);
}
