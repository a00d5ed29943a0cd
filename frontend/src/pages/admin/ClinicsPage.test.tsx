import { screen, waitFor, within } from "@testing-library/react";
import userEventDefault from "@testing-library/user-event";

// Many fields are typed: without the per-key pause the busy test machine stays well inside the time limit.
const userEvent = userEventDefault.setup({ delay: null });
import { ApiError } from "../../api/errors";
import type { Clinic } from "../../api/types";
import { fakeUser, renderPage } from "../doctor/testing";
import ClinicsPage from "./ClinicsPage";

const calls: { method: string; args: unknown[] }[] = [];
let refusal: ApiError | null = null;

const mitte: Clinic = {
  clinic_id: "c-mitte",
  name: "Praxis Mitte",
  address: { line1: "Torstraße 1", line2: null, postal_code: "10119", city: "Berlin", country: "DE" },
  lat: 52.53,
  lon: 13.41,
  phone: "+493012345678",
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
      clinics: async (city: string) => {
        calls.push({ method: "clinics", args: [city] });
        return { items: city && city !== "Berlin" ? [] : [mitte], next_cursor: null };
      },
      createClinic: async (clinic: unknown) => {
        calls.push({ method: "createClinic", args: [clinic] });
        if (refusal) throw refusal;
        return { ...mitte, ...(clinic as object), clinic_id: "c-new" };
      },
      updateClinic: async (clinicId: string, change: unknown) => {
        calls.push({ method: "updateClinic", args: [clinicId, change] });
        if (refusal) throw refusal;
        return { ...mitte, ...(change as object) };
      },
    },
  };
});

const admin = fakeUser({ user_id: "admin-1", role: "admin", name: "Ada Admin", doctor_status: null });

beforeEach(() => {
  calls.length = 0;
  refusal = null;
});

describe("the admin's clinics", () => {
  it("lists clinics and filters them by city", async () => {
    renderPage(<ClinicsPage />, { user: admin });
    expect(await screen.findByRole("cell", { name: "Praxis Mitte" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "Torstraße 1, 10119 Berlin, DE" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("City"), "Hamburg");
    await userEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByText("No clinics here yet.")).toBeInTheDocument();
    expect(calls).toContainEqual({ method: "clinics", args: ["Hamburg"] });
  });

  it("adds a clinic with its address, position, phone and time zone", async () => {
    renderPage(<ClinicsPage />, { user: admin });
    await userEvent.click(await screen.findByRole("button", { name: "Add a clinic" }));
    const form = screen.getByRole("form", { name: "New clinic" });
    await userEvent.type(within(form).getByLabelText(/^Name/), "Praxis Altona");
    await userEvent.type(within(form).getByLabelText(/^Street and number/), "Große Bergstraße 10");
    await userEvent.type(within(form).getByLabelText(/^Postal code/), "22767");
    await userEvent.type(within(form).getByLabelText(/^City/), "Hamburg");
    await userEvent.type(within(form).getByLabelText(/^Latitude/), "53.55");
    await userEvent.type(within(form).getByLabelText(/^Longitude/), "9.93");
    await userEvent.type(within(form).getByLabelText(/^Phone/), "+49 40 1234567");
    await userEvent.click(within(form).getByRole("button", { name: "Add clinic" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "createClinic")).toEqual([
        {
          method: "createClinic",
          args: [
            {
              name: "Praxis Altona",
              address: { line1: "Große Bergstraße 10", line2: null, postal_code: "22767", city: "Hamburg", country: "DE" },
              lat: 53.55,
              lon: 9.93,
              phone: "+49401234567",
              timezone: "Europe/Berlin",
            },
          ],
        },
      ]),
    );
   }, 60_000); // ten fields typed key by key: slow on the shared machine

  it("stops a bad country code and an out-of-range latitude at the fields", async () => {
    renderPage(<ClinicsPage />, { user: admin });
    await userEvent.click(await screen.findByRole("button", { name: "Add a clinic" }));
    const form = screen.getByRole("form", { name: "New clinic" });
    const country = within(form).getByLabelText(/^Country/);
    await userEvent.clear(country);
    await userEvent.type(country, "D");
    await userEvent.type(within(form).getByLabelText(/^Latitude/), "95");
    await userEvent.click(within(form).getByRole("button", { name: "Add clinic" }));
    expect(await screen.findByText("Enter the two-letter country code (ISO 3166), e.g. DE.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "createClinic")).toEqual([]);
  });

  it("sends only the changed fields of a clinic, and explains a refusal", async () => {
    renderPage(<ClinicsPage />, { user: admin });
    await userEvent.click(await screen.findByRole("button", { name: "Change Praxis Mitte" }));
    const form = await screen.findByRole("form", { name: "Change this clinic" });
    const phone = within(form).getByLabelText(/^Phone/);
    await userEvent.clear(phone);
    await userEvent.click(within(form).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "updateClinic", args: ["c-mitte", { phone: null }] }));

    refusal = new ApiError(404, "CLINIC_NOT_FOUND", "no such clinic");
    await userEvent.click(await screen.findByRole("button", { name: "Change Praxis Mitte" }));
    const again = await screen.findByRole("form", { name: "Change this clinic" });
    await userEvent.type(within(again).getByLabelText(/^Name/), " Nord");
    await userEvent.click(within(again).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("This clinic no longer exists; look it up again.")).toBeInTheDocument();
  });
});
