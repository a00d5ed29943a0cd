import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Slot } from "../../api/types";
import { appointment, renderPage } from "./testing";
import { WeekCalendar } from "./WeekCalendar";

const calls: { method: string; args: unknown[] }[] = [];
const slot = (id: string, start: string, state: Slot["state"]): Slot => ({
  slot_id: id,
  start,
  end: new Date(new Date(start).getTime() + 30 * 60_000).toISOString(),
  duration_minutes: 30,
  state,
});
const week: Slot[] = [
  slot("free", "2026-12-02T08:00:00Z", "available"),
  slot("booked", "2026-12-02T08:30:00Z", "booked"),
  slot("blocked", "2026-12-02T09:00:00Z", "unavailable"),
  slot("sunday-late", "2026-12-06T22:30:00Z", "available"),
];

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      slots: async (...args: unknown[]) => {
        calls.push({ method: "slots", args });
        return { items: week, timezone: "Europe/Berlin" };
      },
      schedule: async () => [appointment({ appointment_id: "apt-7", slot_id: "booked", start: "2026-12-02T08:30:00Z" })],
      setAvailable: async (...args: unknown[]) => {
        calls.push({ method: "setAvailable", args });
        return week[0];
      },
      deleteSlot: async (...args: unknown[]) => {
        calls.push({ method: "deleteSlot", args });
      },
    },
  };
});

const now = new Date("2026-12-01T07:00:00Z");

function show(onWeek = vi.fn()) {
  renderPage(<WeekCalendar doctorId="doc-1" zone="Europe/Berlin" monday="2026-11-30" onWeek={onWeek} today="2026-12-01" now={now} />);
  return onWeek;
}

beforeEach(() => {
  calls.length = 0;
});

describe("the doctor's week calendar", () => {
  it("asks for the week as dates on the doctor's calendar and lays slots out by the doctor's day", async () => {
    show();
    const late = await screen.findByRole("button", { name: /Sun 6 Dec 23:30–00:00, Free/ });
    expect(late).toBeInTheDocument();
    expect(calls[0]).toEqual({ method: "slots", args: ["doc-1", "2026-11-30", "2026-12-06"] });
    expect(screen.getByRole("heading", { name: "Tue 1 Dec (today)" })).toBeInTheDocument();
  });

  it("names the patient on a booked slot and tells blocked slots apart", async () => {
    show();
    expect(await screen.findByRole("button", { name: /09:30–10:00, booked by Paula Patient/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /10:00–10:30, Blocked/ })).toHaveAttribute("data-state", "blocked");
  });

  it("blocks a free slot from its menu", async () => {
    show();
    await userEvent.click(await screen.findByRole("button", { name: /Wed 2 Dec 09:00–09:30, Free/ }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Block (stop bookings)" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "setAvailable", args: ["free", false] }));
  });

  it("unblocks a blocked slot from its menu", async () => {
    show();
    await userEvent.click(await screen.findByRole("button", { name: /10:00–10:30, Blocked/ }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Unblock (open for booking)" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "setAvailable", args: ["blocked", true] }));
  });

  it("moves by whole weeks", async () => {
    const onWeek = show();
    await userEvent.click(screen.getByRole("button", { name: "Next week" }));
    expect(onWeek).toHaveBeenCalledWith("2026-12-07");
  });
});
