import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fill } from "./testing";
import { ApiError } from "../../api/errors";
import type { Appointment, AppointmentStatus } from "../../api/types";
import { AppointmentActions } from "./AppointmentActions";
import { appointment, renderPage } from "./testing";

const calls: { method: string; args: unknown[] }[] = [];
let failWith: ApiError | null = null;

vi.mock("../../api/doctor", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/doctor")>();
  const record =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      if (failWith) throw failWith;
      return { ...appointment(), status: "CONFIRMED" };
    };
  return {
    ...original,
    doctorApi: {
      ...original.doctorApi,
      changeStatus: record("changeStatus"),
      cancel: record("cancel"),
      reschedule: record("reschedule"),
      slots: async () => ({ items: [], timezone: "Europe/Berlin" }),
    },
  };
});

const before = new Date("2026-12-01T08:00:00Z");
const soon = new Date("2026-12-01T08:50:00Z");
const after = new Date("2026-12-01T09:10:00Z");

function show(status: AppointmentStatus, now = before, extra: Partial<Appointment> = {}) {
  return renderPage(<AppointmentActions appointment={appointment({ status, ...extra })} zone="Europe/Berlin" now={now} />);
}

const buttonNames = () =>
  Array.from(screen.getByRole("group", { name: "Appointment actions" }).querySelectorAll("button"), (b) => b.textContent);

beforeEach(() => {
  calls.length = 0;
  failWith = null;
});

describe("a doctor's actions on an appointment", () => {
  it("offers confirm on a scheduled appointment and sends CONFIRMED when clicked", async () => {
    show("SCHEDULED");
    expect(buttonNames()).toEqual(["Confirm", "Reschedule", "Mark as no-show", "Cancel appointment"]);
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls).toEqual([{ method: "changeStatus", args: ["apt-1", { status: "CONFIRMED" }] }]));
  });

  it("keeps Start visit disabled, saying from when, until 15 minutes before the start", () => {
    show("CONFIRMED", before);
    expect(screen.getByRole("button", { name: "Start visit" })).toBeDisabled();
    expect(screen.getAllByText(/can be started from 09:45, 15 minutes before its start/).length).toBeGreaterThan(0);
  });

  it("hides moving and cancelling once the appointment has ended", () => {
    show("CONFIRMED", new Date("2026-12-01T09:40:00Z"));
    expect(buttonNames()).toEqual(["Start visit", "Mark as no-show"]);
  });

  it("offers starting the visit once confirmed, from 15 minutes before the start", async () => {
    show("CONFIRMED", soon);
    expect(buttonNames()).toEqual(["Start visit", "Reschedule", "Mark as no-show", "Cancel appointment"]);
    await userEvent.click(screen.getByRole("button", { name: "Start visit" }));
    await waitFor(() => expect(calls[0]?.args).toEqual(["apt-1", { status: "IN_PROGRESS" }]));
  });

  it("keeps the no-show disabled with its reason until the appointment has begun", () => {
    show("CONFIRMED", before);
    expect(screen.getByRole("button", { name: "Mark as no-show" })).toBeDisabled();
    expect(screen.getAllByText(/once the appointment has begun/).length).toBeGreaterThan(0);
  });

  it("records a no-show after the start, once the doctor confirms it", async () => {
    show("SCHEDULED", after);
    await userEvent.click(screen.getByRole("button", { name: "Mark as no-show" }));
    const dialog = await screen.findByRole("dialog", { name: "Mark as a no-show" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as no-show" }));
    await waitFor(() => expect(calls[0]?.args).toEqual(["apt-1", { status: "NO_SHOW" }]));
  });

  it("asks for the patient's summary before completing, and sends the private notes with it", async () => {
    show("IN_PROGRESS", after);
    expect(buttonNames()).toEqual(["Complete visit"]);
    await userEvent.click(screen.getByRole("button", { name: "Complete visit" }));
    const dialog = await screen.findByRole("dialog", { name: "Complete the visit" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Complete visit" }));
    expect(await within(dialog).findByText("Write a short summary for the patient.")).toBeInTheDocument();
    expect(calls).toEqual([]);

    await fill(within(dialog).getByLabelText(/Summary for the patient/), "Healthy heart; review in a year.");
    await fill(within(dialog).getByLabelText(/Private notes/), "ECG normal.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Complete visit" }));
    await waitFor(() =>
      expect(calls[0]?.args).toEqual([
        "apt-1",
        { status: "COMPLETED", summary: "Healthy heart; review in a year.", notes: "ECG normal." },
      ]),
    );
  });

  it("will not cancel without a reason for the patient", async () => {
    show("CONFIRMED");
    await userEvent.click(screen.getByRole("button", { name: "Cancel appointment" }));
    const dialog = await screen.findByRole("dialog", { name: "Cancel this appointment" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel appointment" }));
    expect(await within(dialog).findByText(/Tell the patient why/)).toBeInTheDocument();
    expect(calls).toEqual([]);

    await fill(within(dialog).getByLabelText(/Reason for the patient/), "I am ill today.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel appointment" }));
    await waitFor(() => expect(calls[0]).toEqual({ method: "cancel", args: ["apt-1", "I am ill today."] }));
  });

  it.each<AppointmentStatus>(["COMPLETED", "CANCELLED", "NO_SHOW"])("offers no action on a %s appointment", (status) => {
    show(status, after);
    expect(screen.queryByRole("group", { name: "Appointment actions" })).not.toBeInTheDocument();
    expect(screen.getByText(/No further actions/)).toBeInTheDocument();
  });

  it("shows a refused move as a sentence, never a code", async () => {
    failWith = new ApiError(409, "INVALID_STATUS_CHANGE", "an appointment that is CANCELLED cannot become CONFIRMED");
    show("SCHEDULED");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    const sentence = await screen.findByText(/The appointment changed in the meantime, so this step is no longer possible/);
    expect(sentence.closest('[role="alert"]')).not.toBeNull();
    expect(screen.queryByText(/INVALID_STATUS_CHANGE/)).not.toBeInTheDocument();
  });
});
