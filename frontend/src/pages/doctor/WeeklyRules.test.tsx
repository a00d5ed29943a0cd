import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AvailabilityRule } from "../../api/doctor";
import type { AppointmentType } from "../../api/types";
import { renderPage } from "./testing";
import { WeeklyRules } from "./WeeklyRules";

const created: unknown[] = [];
const removed: string[] = [];

const checkUp: AppointmentType = {
  appointment_type_id: "t-check",
  doctor_id: "doc-1",
  name: "Check-up",
  description: "",
  duration_minutes: 20,
  price: { amount: "60.00", currency: "EUR" },
  mode: "in_person",
  clinic_id: "c-1",
  active: true,
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
};

const rule: AvailabilityRule = {
  rule_id: "r-1",
  weekdays: [1, 3],
  start_time: "09:00",
  end_time: "12:00",
  duration_minutes: 20,
  buffer_minutes: 0,
  timezone: "Europe/Berlin",
  valid_from: "2026-12-01",
  valid_until: null,
  generated_until: "2027-03-01",
  created_at: "2026-11-01T10:00:00Z",
  appointment_type_id: "t-check",
};

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      rules: async () => [rule],
      myTypes: async () => ({ items: [checkUp], next_cursor: null }),
      deleteRule: async (ruleId: string) => {
        removed.push(ruleId);
        return { rule_id: ruleId, removed_count: 0, kept_count: 0 };
      },
      createRule: async (input: unknown) => {
        created.push(input);
        return { ...rule, rule_id: "r-2", created_count: 3, skipped_count: 0 };
      },
    },
  };
});

describe("weekly hours for a visit type", () => {
  it("shows a rule's type and price, and keeps publishing for that type when the hours change", async () => {
    renderPage(<WeeklyRules zone="Europe/Berlin" today="2026-12-02" />);
    expect(await screen.findByText("Check-up · €60.00")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /^More actions for/ }));
    await userEvent.click(await screen.findByRole("menuitem", { name: /^Change/ }));
    const form = await screen.findByRole("form", { name: "Change these weekly hours" });
    expect(within(form).getByRole("textbox", { name: "Visit type" })).toHaveValue("Check-up · 20 min · €60.00");
    expect(within(form).getByLabelText(/Slot length/)).toBeDisabled();
    const until = within(form).getByLabelText(/Until/);
    await userEvent.clear(until);
    await userEvent.type(until, "13:00");
    await userEvent.click(within(form).getByRole("button", { name: "Save the change" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(removed).toEqual(["r-1"]);
    expect(created[0]).toMatchObject({ appointment_type_id: "t-check", start_time: "09:00", end_time: "13:00", weekdays: [1, 3] });
    expect(created[0]).not.toHaveProperty("duration_minutes");
  });
});
