import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../api/errors";
import { PublishRunForm } from "./PublishRunForm";
import { renderPage } from "./testing";

const sent: unknown[] = [];
let answer: unknown = null;

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      publishRun: async (run: unknown) => {
        sent.push(run);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
});

beforeEach(() => {
  sent.length = 0;
});

describe("publishing a run of slots", () => {
  it("sends the day's hours and shows which slots were skipped and why", async () => {
    answer = {
      created: [{ slot_id: "a", start: "2026-12-02T08:00:00Z", end: "2026-12-02T08:30:00Z", duration_minutes: 30, state: "available" }],
      skipped: [{ start: "2026-12-02T08:30:00Z", end: "2026-12-02T09:00:00Z", reason: "overlaps_existing_slot" }],
    };
    const published = vi.fn();
    renderPage(<PublishRunForm zone="Europe/Berlin" today="2026-12-02" onPublished={published} />);
    expect(screen.getByText(/6 slots fit in these hours/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Publish slots" }));
    await waitFor(() =>
      expect(sent).toEqual([{ date: "2026-12-02", start_time: "09:00", end_time: "12:00", duration_minutes: 30, buffer_minutes: 0 }]),
    );
    expect(await screen.findByText("1 slot published; 1 skipped (see below).")).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "Overlaps a slot you already have" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "Wed 2 Dec 09:30–10:00" })).toBeInTheDocument();
    expect(published).toHaveBeenCalledWith("2026-12-02");
  });

  it("stops an end before the start at the field, without asking the server", async () => {
    renderPage(<PublishRunForm zone="Europe/Berlin" today="2026-12-02" onPublished={() => undefined} />);
    const until = screen.getByLabelText(/Until/);
    await userEvent.clear(until);
    await userEvent.type(until, "08:00");
    await userEvent.click(screen.getByRole("button", { name: "Publish slots" }));
    expect(await screen.findByText("The end must be after the start.")).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it("explains a refusal in a sentence", async () => {
    answer = new ApiError(422, "NO_SLOT_FITS", "no slot of that length fits between start_time and end_time");
    renderPage(<PublishRunForm zone="Europe/Berlin" today="2026-12-02" onPublished={() => undefined} />);
    await userEvent.click(screen.getByRole("button", { name: "Publish slots" }));
    expect(await screen.findByText("No slot of that length fits between the start and end times.")).toBeInTheDocument();
  });
});
