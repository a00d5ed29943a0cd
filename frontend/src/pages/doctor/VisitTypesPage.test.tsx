import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ClinicPlace } from "../../api/doctor";
import { ApiError } from "../../api/errors";
import type { AppointmentType, Clinic } from "../../api/types";
import { renderPage } from "./testing";
import VisitTypesPage, { amountOf } from "./VisitTypesPage";

const calls: { method: string; args: unknown[] }[] = [];
let types: AppointmentType[] = [];
let mine: ClinicPlace[] = [];
let refusal: ApiError | null = null;

const visit = (overrides: Partial<AppointmentType>): AppointmentType => ({
  appointment_type_id: "t-1",
  doctor_id: "doc-1",
  name: "First consultation",
  description: "",
  duration_minutes: 30,
  price: { amount: "80.00", currency: "EUR" },
  mode: "in_person",
  clinic_id: "c-berlin",
  active: true,
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
  ...overrides,
});

const berlin: ClinicPlace = { clinic_id: "c-berlin", name: "Praxis Mitte", city: "Berlin", lat: 52.52, lon: 13.4 };
const kreuzberg: Clinic = {
  clinic_id: "c-kreuzberg",
  name: "Praxis Kreuzberg",
  address: { line1: "Oranienstraße 1", line2: null, postal_code: "10999", city: "Berlin", country: "DE" },
  lat: 52.5,
  lon: 13.42,
  phone: null,
  timezone: "Europe/Berlin",
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
};

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  const record = (method: string, args: unknown[]) => {
    calls.push({ method, args });
    if (refusal) throw refusal;
  };
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      myTypes: async () => ({ items: types, next_cursor: null }),
      myClinics: async () => ({ items: mine, next_cursor: null }),
      createType: async (input: unknown) => {
        record("createType", [input]);
        return visit({ appointment_type_id: "t-new", ...(input as object) });
      },
      updateType: async (typeId: string, change: unknown) => {
        record("updateType", [typeId, change]);
        return visit({ appointment_type_id: typeId, ...(change as object) });
      },
      deactivateType: async (typeId: string) => {
        record("deactivateType", [typeId]);
        return visit({ appointment_type_id: typeId, active: false });
      },
      clinics: async (city: string) => {
        calls.push({ method: "clinics", args: [city] });
        return [kreuzberg];
      },
      setMyClinics: async (ids: string[]) => {
        record("setMyClinics", [ids]);
        return { items: ids.map((id) => (id === berlin.clinic_id ? berlin : { ...berlin, clinic_id: id, name: "Praxis Kreuzberg" })), next_cursor: null };
      },
    },
  };
});

beforeEach(() => {
  calls.length = 0;
  refusal = null;
  types = [];
  mine = [berlin];
});

describe("the doctor's visit types", () => {
  it("lists active types before deactivated ones, with their prices in the reader's format", async () => {
    types = [
      visit({ appointment_type_id: "t-old", name: "House call", active: false, price: { amount: "150.00", currency: "EUR" } }),
      visit({ appointment_type_id: "t-video", name: "Video follow-up", mode: "video", clinic_id: null, price: { amount: "45.50", currency: "EUR" } }),
    ];
    renderPage(<VisitTypesPage />);
    const cards = await screen.findAllByTestId("type-card");
    expect(cards).toHaveLength(2);
    expect(within(cards[0]!).getByText("Video follow-up")).toBeInTheDocument();
    expect(within(cards[0]!).getByText("€45.50")).toBeInTheDocument();
    expect(within(cards[1]!).getByText("House call")).toBeInTheDocument();
    expect(within(cards[1]!).getByText("Deactivated")).toBeInTheDocument();
    expect(within(cards[1]!).getByRole("button", { name: "Reactivate House call" })).toBeInTheDocument();
  });

  it("creates an in-person type at one of the doctor's clinics with a decimal-string price", async () => {
    renderPage(<VisitTypesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Add a visit type" }));
    const form = screen.getByRole("form", { name: "New visit type" });
    await userEvent.type(within(form).getByLabelText(/^Name/), "First consultation");
    const length = within(form).getByLabelText(/Length/);
    await userEvent.clear(length);
    await userEvent.type(length, "45");
    await userEvent.type(within(form).getByLabelText(/^Price/), "80,5");
    expect(within(form).getByLabelText(/^Clinic/)).toHaveValue("Praxis Mitte, Berlin");
    await userEvent.click(within(form).getByRole("button", { name: "Add visit type" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "createType")).toEqual([
        {
          method: "createType",
          args: [{ name: "First consultation", duration_minutes: 45, price: { amount: "80.5", currency: "EUR" }, mode: "in_person", clinic_id: "c-berlin", description: "" }],
        },
      ]),
    );
  });

  it("stops a price with too many decimals at the field, without asking the server", async () => {
    renderPage(<VisitTypesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Add a visit type" }));
    const form = screen.getByRole("form", { name: "New visit type" });
    await userEvent.type(within(form).getByLabelText(/^Name/), "Check-up");
    await userEvent.type(within(form).getByLabelText(/^Price/), "80.001");
    await userEvent.click(within(form).getByRole("button", { name: "Add visit type" }));
    expect(await screen.findByText("Enter an amount of zero or more, with at most 2 decimal places for EUR.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "createType")).toEqual([]);
  });

  it("explains the API's refusal of a 21st type in a sentence", async () => {
    refusal = new ApiError(422, "TOO_MANY_TYPES", "a doctor offers at most 20 appointment types");
    renderPage(<VisitTypesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Add a visit type" }));
    const form = screen.getByRole("form", { name: "New visit type" });
    await userEvent.type(within(form).getByLabelText(/^Name/), "Video call");
    await userEvent.type(within(form).getByLabelText(/^Price/), "40");
    await userEvent.click(within(form).getByRole("radio", { name: "Video" }));
    await userEvent.click(within(form).getByRole("button", { name: "Add visit type" }));
    expect(await screen.findByText("You already offer 20 visit types, the most allowed. Deactivate or change one instead.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "createType")[0]!.args[0]).toMatchObject({ mode: "video", price: { amount: "40", currency: "EUR" } });
    expect(calls.filter((c) => c.method === "createType")[0]!.args[0]).not.toHaveProperty("clinic_id");
  });

  it("sends only what changed when a type is edited, and deactivates one", async () => {
    types = [visit({})];
    renderPage(<VisitTypesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Change First consultation" }));
    const form = await screen.findByRole("form", { name: "Change this visit type" });
    const price = within(form).getByLabelText(/^Price/);
    await userEvent.clear(price);
    await userEvent.type(price, "95");
    await userEvent.click(within(form).getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "updateType", args: ["t-1", { price: { amount: "95", currency: "EUR" } }] }));
    await userEvent.click(screen.getByRole("button", { name: "Deactivate First consultation" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "deactivateType", args: ["t-1"] }));
  });

  it("finds clinics by city and saves the clinics the doctor works at", async () => {
    renderPage(<VisitTypesPage />);
    await userEvent.type(await screen.findByLabelText("City"), "Berlin");
    await userEvent.click(screen.getByRole("button", { name: "Find clinics" }));
    await userEvent.click(await screen.findByLabelText("Praxis Kreuzberg, Oranienstraße 1, 10999 Berlin"));
    await userEvent.click(screen.getByRole("button", { name: "Save my clinics" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "setMyClinics", args: [["c-berlin", "c-kreuzberg"]] }));
    expect(calls).toContainEqual({ method: "clinics", args: ["Berlin"] });
    expect(await screen.findByText("You now work at 2 clinics.")).toBeInTheDocument();
  });
});

describe("amountOf", () => {
  it("takes a comma or a point and at most the currency's minor digits", () => {
    expect(amountOf("80,50", "EUR")).toBe("80.50");
    expect(amountOf("80", "EUR")).toBe("80");
    expect(amountOf("80.001", "EUR")).toBeNull();
    expect(amountOf("8000", "JPY")).toBe("8000");
    expect(amountOf("80.5", "JPY")).toBeNull();
    expect(amountOf("1.234", "KWD")).toBe("1.234");
    expect(amountOf("-5", "EUR")).toBeNull();
  });
});
