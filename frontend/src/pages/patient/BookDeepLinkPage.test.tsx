import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { Slot, SlotDetail } from "../../api/types";
import { RequireAuth } from "../../auth/guards";
import { fakeUser, renderPage } from "../doctor/testing";
import BookDeepLinkPage from "./BookDeepLinkPage";

const slots: Record<string, SlotDetail> = {};
let week: Slot[] = [];

vi.mock("../../api/endpoints", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/endpoints")>();
  return {
    ...original,
    catalogue: {
      ...original.catalogue,
      slot: async (slotId: string) => {
        const found = slots[slotId];
        if (!found) throw new ApiError(404, "SLOT_NOT_FOUND", "no such slot");
        return found;
      },
      slots: async () => ({ items: week, timezone: "Europe/Berlin" }),
      doctor: async () => ({ doctor_id: "doc-1", name: "Anna Schmidt", timezone: "Europe/Berlin" }),
    },
  };
});

function detail(slotId: string, state: SlotDetail["state"], start = "2026-12-03T09:00:00Z"): SlotDetail {
  return {
    slot_id: slotId,
    start,
    end: start.replace("09:00", "09:30"),
    duration_minutes: 30,
    state,
    doctor_id: "doc-1",
    timezone: "Europe/Berlin",
  };
}

function ConfirmStep() {
  const location = useLocation();
  return <div>Confirm step {location.pathname + location.search}</div>;
}

function routes() {
  return (
    <Routes>
      <Route
        path="/book"
        element={
          <RequireAuth role="patient">
            <BookDeepLinkPage />
          </RequireAuth>
        }
      />
      <Route path="/book/:slotId" element={<ConfirmStep />} />
      <Route path="/login" element={<LoginStub />} />
    </Routes>
  );
}

function LoginStub() {
  const location = useLocation();
  return <div>Sign-in page {location.search}</div>;
}

const patient = fakeUser({ user_id: "pat-1", role: "patient", doctor_status: undefined });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T09:00:00Z") });
  for (const key of Object.keys(slots)) delete slots[key];
  week = [];
});
afterEach(() => vi.useRealTimers());

describe("a booking deep link", () => {
  it("asks a signed-out visitor to sign in and brings them back to the same link", async () => {
    renderPage(routes(), { user: null, path: "/book?slot=s1&source=finder" });
    const page = await screen.findByText(/Sign-in page/);
    expect(page.textContent).toContain(encodeURIComponent("/book?slot=s1&source=finder"));
  });

  it("opens the confirm step of a free slot, keeping the source", async () => {
    slots.s1 = detail("s1", "available");
    renderPage(routes(), { user: patient, path: "/book?slot=s1&source=finder" });
    expect(await screen.findByText("Confirm step /book/s1?doctor=doc-1&source=finder")).toBeInTheDocument();
  });

  it("says a taken slot is taken and offers the doctor's next free times", async () => {
    slots.s1 = detail("s1", "booked");
    week = [
      { slot_id: "s2", start: "2026-12-03T10:00:00Z", end: "2026-12-03T10:30:00Z", duration_minutes: 30, state: "available" },
      { slot_id: "s3", start: "2026-12-03T11:00:00Z", end: "2026-12-03T11:30:00Z", duration_minutes: 30, state: "booked" },
    ];
    renderPage(routes(), { user: patient, path: "/book?slot=s1" });
    expect(await screen.findByRole("heading", { name: "This time was just taken" })).toBeInTheDocument();
    expect(await screen.findByText("Next free times with Anna Schmidt")).toBeInTheDocument();
    const offered = await screen.findAllByRole("link", { name: /Dec/ });
    expect(offered).toHaveLength(1);
    expect(offered[0]?.getAttribute("href")).toBe("/book/s2?doctor=doc-1");
  });

  it("says a slot that is gone is no longer offered", async () => {
    renderPage(routes(), { user: patient, path: "/book?slot=missing" });
    expect(await screen.findByRole("heading", { name: "This time is no longer offered" })).toBeInTheDocument();
  });
});
