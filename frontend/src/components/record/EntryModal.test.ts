import { describe, expect, it } from "vitest";
import type { Medication } from "../../api/records";
import i18n from "../../i18n";
import { initialValues, toFields, validate } from "./EntryModal";

describe("a record entry's form", () => {
  it("starts empty with the usual choices, or from the entry being edited", () => {
    expect(initialValues("allergies")).toEqual({ substance: "", reaction: "", severity: "moderate", noted_on: "" });
    const entry = { name: "Ramipril", dose: "2.5 mg", frequency: null, started_on: "2026-01-02", stopped_on: null } as Medication;
    expect(initialValues("medications", entry)).toEqual({
      name: "Ramipril",
      dose: "2.5 mg",
      frequency: "",
      started_on: "2026-01-02",
      stopped_on: "",
    });
  });

  it("sends trimmed text and empty optional fields as null, so a change clears them", () => {
    expect(toFields("conditions", { name: "  Asthma ", status: "active", since: "", notes: "  " })).toEqual({
      name: "Asthma",
      status: "active",
      since: null,
      notes: null,
    });
  });

  it("says what is missing, too long or out of order before asking the server", () => {
    expect(validate("allergies", { substance: " ", reaction: "x".repeat(501), severity: "mild", noted_on: "" })).toEqual({
      substance: "Substance is required.",
      reaction: "Keep it under 500 characters.",
    });
    expect(validate("medications", { name: "X", dose: "", frequency: "", started_on: "2026-02-01", stopped_on: "2026-01-01" })).toEqual({
      stopped_on: "The stop date cannot be before the start date.",
    });
    expect(validate("conditions", { name: "Asthma", status: "active", since: "", notes: "" })).toEqual({});
  });

  it("says it in German in German", async () => {
    await i18n.changeLanguage("de");
    try {
      expect(validate("allergies", { substance: "", reaction: "x".repeat(501), severity: "mild", noted_on: "" })).toEqual({
        substance: "Auslöser ist ein Pflichtfeld.",
        reaction: "Bitte höchstens 500 Zeichen.",
      });
      expect(validate("medications", { name: "X", dose: "", frequency: "", started_on: "2026-02-01", stopped_on: "2026-01-01" })).toEqual({
        stopped_on: "Das Absetzdatum darf nicht vor dem Beginn der Einnahme liegen.",
      });
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
