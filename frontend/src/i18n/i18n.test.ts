import { afterEach, describe, expect, it, vi } from "vitest";
import i18n, { browserLanguage, languageFor } from "./index";
import { de } from "./de";
import { en } from "./en";
import { formatMoney, formatWhen, setAppCurrency } from "./format";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Words that are the same in both languages. */
const SAME = new Set(["DocSpot", "Live", "Status", "Name", "Details", "English", "Deutsch", "{{day}}, {{time}}",
  "{{from}} – {{to}}", "{{when}}, {{patient}}, {{status}}", "{{day}} {{time}}, {{detail}}", "{{name}} ({{role}})", "Support", "{{name}}, {{when}}"]);

describe("the German words", () => {
  const english = leaves(en as unknown as Tree);
  const german = leaves(de as unknown as Tree);

  it("cover every English key, and no other", () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("are written, in German, with the same placeholders", () => {
    for (const [key, text] of english) {
      const translated = german.get(key)!;
      expect(translated.trim(), key).not.toBe("");
      if (!SAME.has(text)) expect(translated, `${key} is still English`).not.toBe(text);
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });
});

describe("the language of the page", () => {
  it("is the profile's locale when it has one, else the browser's, else English", () => {
    expect(languageFor("de")).toBe("de");
    expect(browserLanguage(["de-AT", "en"])).toBe("de");
    expect(browserLanguage(["fr-FR", "en-US"])).toBe("en");
    expect(browserLanguage(["fr-FR"])).toBe("en");
  });
});

describe("times and money", () => {
  afterEach(async () => {
    vi.useRealTimers();
    setAppCurrency(null);
    await i18n.changeLanguage("en");
  });

  it("read one way everywhere: day, time and whose clock", () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T08:00:00Z"), toFake: ["Date"] });
    expect(formatWhen("2026-12-10T08:00:00Z", "Europe/Berlin")).toBe("Thu 10 Dec, 09:00 (Berlin time)");
    expect(formatWhen("2026-12-10T08:00:00Z", "Europe/Berlin", { end: "2026-12-10T08:30:00Z" })).toBe(
      "Thu 10 Dec, 09:00–09:30 (Berlin time)",
    );
  });

  it("add the reader's own clock when their zone differs from the doctor's", () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T08:00:00Z"), toFake: ["Date"] });
    expect(formatWhen("2026-12-10T08:00:00Z", "Europe/Berlin", { viewerZone: "Europe/London" })).toBe(
      "Thu 10 Dec, 09:00 (Berlin time) · 08:00 (London time)",
    );
    expect(formatWhen("2026-12-10T23:30:00Z", "Europe/London", { viewerZone: "America/New_York" })).toBe(
      "Thu 10 Dec, 23:30 (London time) · 18:30 (New York time)",
    );
    expect(formatWhen("2026-12-11T02:00:00Z", "Europe/London", { viewerZone: "America/New_York" })).toBe(
      "Fri 11 Dec, 02:00 (London time) · Thu 10 Dec, 21:00 (New York time)",
    );
    expect(formatWhen("2026-12-10T08:00:00Z", "Europe/Berlin", { viewerZone: "Europe/Rome" })).toBe(
      "Thu 10 Dec, 09:00 (Berlin time)",
    );
  });

  it("speak German in German, fees with the configured currency", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-01T08:00:00Z"), toFake: ["Date"] });
    await i18n.changeLanguage("de");
    expect(formatWhen("2026-12-10T08:00:00Z", "Europe/Berlin")).toBe("Do., 10. Dez., 09:00 (Ortszeit Berlin)");
    expect(formatMoney(80)).toBe("80,00\u00a0€");
    setAppCurrency("CHF");
    expect(formatMoney(80)).toMatch(/^80,00\u00a0CHF$/);
    await i18n.changeLanguage("en");
    setAppCurrency(null);
    expect(formatMoney(80)).toBe("€80.00");
  });
});
