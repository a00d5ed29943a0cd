import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Slot } from "../api/types";
import { renderWithProviders } from "../test/render";
import { SlotWeek } from "./SlotWeek";

const ZONE = "Europe/Berlin";
// Tuesday 1 December 2026, 08:00 in Berlin.
const NOW = Date.parse("2026-12-01T07:00:00Z");

function slot(id: string, startUtc: string, state: Slot["state"], lockExpires?: string): Slot {
  const start = new Date(startUtc);
  return {
    slot_id: id,
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    duration_minutes: 30,
    state,
    ...(lockExpires ? { lock_expires_at: lockExpires } : {}),
  };
}

const week: Slot[] = [
  slot("free-1", "2026-12-01T09:00:00Z", "available"),
  slot("held-1", "2026-12-01T09:30:00Z", "locked", "2026-12-01T07:03:30Z"),
  slot("booked-1", "2026-12-01T10:00:00Z", "booked"),
  slot("blocked-1", "2026-12-01T10:30:00Z", "unavailable"),
  slot("past-1", "2026-12-01T06:00:00Z", "available"),
  slot("expired-hold", "2026-12-02T09:00:00Z", "locked", "2026-12-01T06:59:00Z"),
];

describe("SlotWeek", () => {
  afterEach(() => vi.useRealTimers());

  it("shows seven days in the doctor's zone, free slots as buttons and booked, blocked and past ones not at all", () => {
    renderWithProviders(<SlotWeek slots={week} zone={ZONE} weekStart="2026-12-01" onChoose={() => undefined} now={NOW} />);
    expect(screen.getAllByRole("listitem")).toHaveLength(7);
    const tuesday = screen.getByRole("listitem", { name: "Tue 1 Dec" });
    expect(within(tuesday).getByRole("button", { name: "Choose Tuesday 1 December, 10:00" })).toBeEnabled();
    expect(screen.queryByText("11:00")).not.toBeInTheDocument();
    expect(screen.queryByText("11:30")).not.toBeInTheDocument();
    expect(screen.queryByText("07:00")).not.toBeInTheDocument();
    expect(within(screen.getByRole("listitem", { name: "Thu 3 Dec" })).getByText("No free times")).toBeInTheDocument();
  });

  it("greys a slot someone else holds with the time left on the hold", () => {
    renderWithProviders(<SlotWeek slots={week} zone={ZONE} weekStart="2026-12-01" onChoose={() => undefined} now={NOW} />);
    const held = screen.getByRole("button", { name: /Tuesday 1 December, 10:30, held by another patient, free again in 3:30/ });
    expect(held).toBeDisabled();
    expect(held).toHaveTextContent("held 3:30");
  });

  it("treats a hold whose time is up as free (an expired hold sends no event)", () => {
    renderWithProviders(<SlotWeek slots={week} zone={ZONE} weekStart="2026-12-01" onChoose={() => undefined} now={NOW} />);
    expect(screen.getByRole("button", { name: "Choose Wednesday 2 December, 10:00" })).toBeEnabled();
  });

  it("counts a hold down every second and frees the slot when it reaches zero", () => {
    vi.useFakeTimers({ now: NOW });
    const held = [slot("held-1", "2026-12-01T09:30:00Z", "locked", "2026-12-01T07:00:03Z")];
    renderWithProviders(<SlotWeek slots={held} zone={ZONE} weekStart="2026-12-01" onChoose={() => undefined} />);
    expect(screen.getByRole("button", { name: /held by another patient, free again in 0:03/ })).toBeDisabled();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByRole("button", { name: /free again in 0:02/ })).toBeDisabled();
    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(screen.getByRole("button", { name: "Choose Tuesday 1 December, 10:30" })).toBeEnabled();
  });

  it("chooses a slot by keyboard: Tab to the button, Enter to choose", async () => {
    const onChoose = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<SlotWeek slots={week} zone={ZONE} weekStart="2026-12-01" onChoose={onChoose} now={NOW} />);
    await user.tab();
    expect(screen.getByRole("button", { name: "Choose Tuesday 1 December, 10:00" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onChoose).toHaveBeenCalledWith(expect.objectContaining({ slot_id: "free-1" }));
  });

  it("disables the other slots while one is being held", () => {
    const two = [slot("a", "2026-12-01T09:00:00Z", "available"), slot("b", "2026-12-01T09:30:00Z", "available")];
    renderWithProviders(
      <SlotWeek slots={two} zone={ZONE} weekStart="2026-12-01" onChoose={() => undefined} now={NOW} pendingSlotId="a" />,
    );
    expect(screen.getByRole("button", { name: "Choose Tuesday 1 December, 10:30" })).toBeDisabled();
  });
});
