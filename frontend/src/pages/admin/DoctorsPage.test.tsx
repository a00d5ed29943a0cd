import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { DoctorAdmin } from "../../api/admin";
import type { Clinic } from "../../api/types";
import { fakeUser, renderPage } from "../doctor/testing";
import DoctorsPage from "./DoctorsPage";

const saved: unknown[] = [];

const anna = {
  doctor_id: "doc-1",
  name: "Anna Schmidt",
  email: "anna.schmidt@docspot.test",
  status: "APPROVED",
  specialty: { specialty_id: "s-1", name: "Cardiology" },
  license_number: "DE-BE-448120",
  experience_years: 14,
  consultation_fee: 120,
  timezone: "Europe/Berlin",
  bio: "",
  created_at: "2026-11-01T10:00:00Z",
  decided_at: "2026-11-02T10:00:00Z",
  decision_reason: null,
} as unknown as DoctorAdmin;

const leipzig: Clinic = {
  clinic_id: "c-leipzig",
  name: "Praxisklinik Leipzig",
  address: { line1: "Grimmaische Str. 2", line2: null, postal_code: "04109", city: "Leipzig", country: "DE" },
  lat: 51.34,
  lon: 12.37,
  phone: null,
  timezone: "Europe/Berlin",
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
};

vi.mock("../../api/admin", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/admin")>();
  return {
    ...original,
    adminApi: {
      ...original.adminApi,
      doctors: async () => ({ items: [anna], next_cursor: null }),
      doctorClinics: async () => ({ items: [{ clinic_id: "c-mitte", name: "Praxis Mitte", city: "Berlin", lat: 52.5, lon: 13.4 }], next_cursor: null }),
      setDoctorClinics: async (doctorId: string, ids: string[]) => {
        saved.push([doctorId, ids]);
        return { items: [], next_cursor: null };
      },
    },
  };
});

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  return { ...original, doctorApi: { ...original.doctorApi, clinics: async () => [leipzig] } };
});

describe("the admin sets a doctor's clinics", () => {
  it("replaces an approved doctor's clinics with the ones ticked", async () => {
    renderPage(<DoctorsPage />, { user: fakeUser({ user_id: "admin-1", role: "admin", doctor_status: null }), path: "/admin/doctors?status=APPROVED" });
    await userEvent.click(await screen.findByRole("button", { name: "Clinics of Anna Schmidt" }));
    const dialog = await screen.findByRole("dialog", { name: "Where Anna Schmidt works" });
    await userEvent.click(await within(dialog).findByLabelText("Praxis Mitte, Berlin"));
    await userEvent.type(within(dialog).getByLabelText("City"), "Leipzig");
    await userEvent.click(within(dialog).getByRole("button", { name: "Find clinics" }));
    await userEvent.click(await within(dialog).findByLabelText("Praxisklinik Leipzig, Grimmaische Str. 2, 04109 Leipzig"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save clinics" }));
    await waitFor(() => expect(saved).toEqual([["doc-1", ["c-leipzig"]]]));
  });
});
