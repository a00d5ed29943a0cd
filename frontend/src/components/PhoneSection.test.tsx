import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ageParts, mayReopen } from "../api/support";
import { fakeUser, renderPage } from "../pages/doctor/testing";
import { PhoneSection } from "./PhoneSection";

type State = { phone: string | null; pending_phone: string | null; code_expires_at: string | null; sms_reminders: boolean };
let state: State;
const calls: string[] = [];

vi.mock("../api/support", async (importOriginal) => {
  const original = await importOriginal<typeof import("../api/support")>();
  return {
    ...original,
    phoneApi: {
      get: async () => state,
      add: async (phone: string) => {
        calls.push(`add ${phone}`);
        state = { ...state, pending_phone: "+4915123456789", code_expires_at: "2026-12-01T09:10:00Z" };
        return state;
      },
      confirm: async (code: string) => {
        calls.push(`confirm ${code}`);
        state = { phone: state.pending_phone, pending_phone: null, code_expires_at: null, sms_reminders: false };
        return state;
      },
      setReminders: async (on: boolean) => {
        calls.push(`reminders ${on}`);
        state = { ...state, sms_reminders: on };
        return state;
      },
      remove: async () => {
        calls.push("remove");
        state = { phone: null, pending_phone: null, code_expires_at: null, sms_reminders: false };
      },
    },
  };
});

beforeEach(() => {
  state = { phone: null, pending_phone: null, code_expires_at: null, sms_reminders: false };
  calls.length = 0;
});

describe("the phone number for SMS reminders", () => {
  it("sends a code, confirms the number with it, then offers the reminders switch", async () => {
    renderPage(<PhoneSection />, { user: fakeUser({ role: "patient" }) });
    expect(screen.queryByRole("switch")).not.toBeInTheDocument();

    await userEvent.type(await screen.findByLabelText(/Mobile number/), "+49 151 23456789");
    await userEvent.click(screen.getByRole("button", { name: "Send code" }));
    expect(await screen.findByText(/We sent a 6-digit code to \+4915123456789/)).toBeInTheDocument();
    const [firstDigit] = screen.getAllByRole("textbox").slice(1);
    if (!firstDigit) throw new Error("no input for the code");
    await userEvent.type(firstDigit, "123456");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));

    expect(await screen.findByText("Confirmed: +4915123456789")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("switch", { name: "Send reminders by SMS" }));
    expect(calls).toEqual(["add +49 151 23456789", "confirm 123456", "reminders true"]);
  });

  it("removes a confirmed number", async () => {
    state = { phone: "+4915123456789", pending_phone: null, code_expires_at: null, sms_reminders: true };
    renderPage(<PhoneSection />, { user: fakeUser({ role: "patient" }) });

    await userEvent.click(await screen.findByRole("button", { name: "Remove number" }));

    expect(await screen.findByLabelText(/Mobile number/)).toBeInTheDocument();
    expect(calls).toEqual(["remove"]);
  });
});

describe("ticket rules the pages show", () => {
  it("offers reopening a resolved ticket for 14 days only", () => {
    const resolved = "2026-12-01T09:00:00Z";
    const at = (days: number) => new Date(resolved).getTime() + days * 86400_000;
    expect(mayReopen({ status: "RESOLVED", resolved_at: resolved }, at(14))).toBe(true);
    expect(mayReopen({ status: "RESOLVED", resolved_at: resolved }, at(14) + 1000)).toBe(false);
    expect(mayReopen({ status: "CLOSED", resolved_at: null }, at(1))).toBe(false);
  });

  it("writes a ticket's age in minutes, hours, then days", () => {
    expect(ageParts(59 * 60)).toEqual({ unit: "minutes", count: 59 });
    expect(ageParts(5 * 3600)).toEqual({ unit: "hours", count: 5 });
    expect(ageParts(3 * 86400)).toEqual({ unit: "days", count: 3 });
  });
});
