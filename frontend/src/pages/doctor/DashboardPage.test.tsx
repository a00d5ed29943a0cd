import { screen, within } from "@testing-library/react";
import { appointment, renderPage } from "./testing";
import DashboardPage from "./DashboardPage";

const asked: unknown[][] = [];

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      schedule: async (...args: unknown[]) => {
        asked.push(args);
        return [
          appointment({ appointment_id: "t1", start: "2026-12-01T08:00:00Z", end: "2026-12-01T08:30:00Z", attendance_confirmed_at: "2026-11-30T12:00:00Z" }),
          appointment({ appointment_id: "t2", status: "CANCELLED", start: "2026-12-01T07:00:00Z", end: "2026-12-01T07:30:00Z", patient: { id: "p2", name: "Marco Rossi" } }),
          appointment({ appointment_id: "u1", status: "CONFIRMED", start: "2026-12-03T09:00:00Z", end: "2026-12-03T09:30:00Z", patient: { id: "p3", name: "Lucía Fernández" } }),
        ];
      },
    },
  };
});

beforeEach(() => {
  asked.length = 0;
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T07:30:00Z") });
});
afterEach(() => vi.useRealTimers());

describe("the doctor's dashboard", () => {
  it("asks for today and the next two weeks from midnight on the doctor's clock", async () => {
    renderPage(<DashboardPage />);
    await screen.findByRole("heading", { name: "Today" });
    expect(asked[0]).toEqual(["2026-12-01T00:00:00+01:00", "2026-12-15T23:59:59+01:00"]);
  });

  it("lists today's active appointments before the cancelled ones, with who confirmed attendance, the upcoming ones, and counts by status", async () => {
    renderPage(<DashboardPage />);
    const today = (await screen.findByRole("heading", { name: "Today" })).closest("section")!;
    const rows = await within(today as HTMLElement).findAllByTestId("appointment-row");
    expect(rows.map((r) => r.getAttribute("aria-label"))).toEqual([
      "09:00–09:30, Paula Patient, Scheduled",
      "08:00–08:30, Marco Rossi, Cancelled",
    ]);
    expect(within(today as HTMLElement).getByText("Attendance confirmed")).toBeInTheDocument();
    const upcoming = screen.getByRole("heading", { name: "Upcoming" }).closest("section")! as HTMLElement;
    expect(within(upcoming).getByText("Lucía Fernández")).toBeInTheDocument();
    expect(screen.getByTestId("count-SCHEDULED")).toHaveTextContent("1");
    expect(screen.getByTestId("count-CANCELLED")).toHaveTextContent("1");
    expect(screen.getByTestId("count-CONFIRMED")).toHaveTextContent("1");
  });
});
