import { describe, expect, it } from "vitest";
import { changesOf, settingsOf } from "../pages/patient/SettingsPage";
import { validateReason } from "../pages/patient/ConfirmBookingPage";
import { registrationOf, validateSignup, type SignupValues } from "../pages/public/SignupPage";
import type { User } from "../api/types";
import { addFiles, fileProblem } from "./uploads";
import * as rules from "./validation";

const patient: SignupValues = {
  role: "patient",
  name: "Paula",
  email: "paula@example.com",
  password: "long-enough",
  confirm: "long-enough",
  phone: "",
  timezone: "Europe/Berlin",
  specialty_id: "",
  license_number: "",
  experience_years: "",
  consultation_fee: "",
  bio: "",
};

describe("field rules", () => {
  it("explain what is wrong in a sentence", () => {
    expect(rules.email("")).toBe("Enter your e-mail address.");
    expect(rules.email("paula@")).toMatch(/valid e-mail/);
    expect(rules.email("paula@example.com")).toBeNull();
    expect(rules.password("short")).toBe("Use at least 8 characters.");
    expect(rules.password("x".repeat(129))).toBe("Use at most 128 characters.");
    expect(rules.phone("")).toBeNull();
    expect(rules.phone("call me")).toMatch(/phone number/);
    expect(rules.licence("ab")).toMatch(/3 to 40/);
    expect(rules.licence("BE-12345")).toBeNull();
    expect(rules.numberBetween(0, 70)(71)).toBe("Enter a number from 0 to 70.");
    expect(rules.numberBetween(0, 70)("")).toBe("Enter a number.");
  });
});

describe("sign-up form", () => {
  it("accepts a complete patient and ignores the doctor's fields", () => {
    expect(validateSignup(patient)).toEqual({});
    expect(registrationOf(patient)).toEqual({
      role: "patient",
      name: "Paula",
      email: "paula@example.com",
      password: "long-enough",
      timezone: "Europe/Berlin",
    });
  });

  it("requires matching passwords", () => {
    expect(validateSignup({ ...patient, confirm: "different" })).toEqual({ confirm: "The passwords do not match." });
  });

  it("asks a doctor for specialty, licence, experience and fee", () => {
    const errors = validateSignup({ ...patient, role: "doctor" });
    expect(Object.keys(errors).sort()).toEqual(["consultation_fee", "experience_years", "license_number", "specialty_id"]);
    const doctor = {
      ...patient,
      role: "doctor" as const,
      specialty_id: "sp1",
      license_number: " BE-1 2 ",
      experience_years: 12,
      consultation_fee: "80",
    };
    expect(validateSignup(doctor)).toEqual({});
    expect(registrationOf(doctor)).toMatchObject({ license_number: "BE-1 2", experience_years: 12, consultation_fee: 80 });
  });
});

describe("booking form", () => {
  it("limits the reason to 1000 characters", () => {
    expect(validateReason("x".repeat(1000))).toBeNull();
    expect(validateReason("x".repeat(1001))).toMatch(/under 1000/);
  });

  it("refuses attachments of other types, too large, or past ten files", () => {
    const pdf = new File(["%PDF"], "scan.pdf", { type: "application/pdf" });
    const exe = new File(["MZ"], "tool.exe", { type: "application/x-msdownload" });
    const big = new File(["x"], "huge.png", { type: "image/png" });
    Object.defineProperty(big, "size", { value: 11 * 1024 * 1024 });
    expect(fileProblem(pdf)).toBeNull();
    expect(fileProblem(exe)).toBe("tool.exe is not a PDF, PNG or JPEG file.");
    expect(fileProblem(big)).toBe("huge.png is larger than 10 MB.");
    const added = addFiles([], [pdf, exe, big]);
    expect(added.files).toEqual([pdf]);
    expect(added.problems).toHaveLength(2);
    const full = addFiles([], [pdf], 10);
    expect(full.files).toEqual([]);
    expect(full.problems).toEqual(["At most 10 files can be attached."]);
  });
});

describe("settings form", () => {
  const user: User = {
    user_id: "u1",
    email: "paula@example.com",
    name: "Paula",
    role: "patient",
    status: "active",
    timezone: "Europe/Berlin",
    locale: "de",
    phone: null,
    date_of_birth: null,
    email_opt_out: false,
    created_at: "2026-01-01T00:00:00Z",
    email_preferences: { appointment_updates: true, reminders: true, waitlist: true, messages: true },
    doctor_status: null,
  };

  it("sends only what changed", () => {
    const values = { ...settingsOf(user), timezone: "Europe/Rome", reminders: false };
    expect(changesOf(user, values)).toEqual({
      timezone: "Europe/Rome",
      email_preferences: { appointment_updates: true, reminders: false, waitlist: true, messages: true },
    });
    expect(changesOf(user, settingsOf(user))).toEqual({});
  });

  it("falls back to the single opt-out where the API has no preferences yet", () => {
    // An account read from an API older than the preferences (the generated type says they are always there).
    const older = { ...user, email_preferences: undefined } as unknown as User;
    const values = { ...settingsOf(older), appointment_updates: false, reminders: false, waitlist: false, messages: false };
    expect(changesOf(older, values)).toEqual({ email_opt_out: true });
  });
});
