import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fill } from "../doctor/testing";
import type { DoctorAdmin } from "../../api/admin";
import { fakeUser, renderPage } from "../doctor/testing";
import { DecisionModal } from "./DoctorsPage";

const calls: { method: string; args: unknown[] }[] = [];

vi.mock("../../api/admin", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/admin")>();
  const record =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return { ...pending, status: method === "approve" ? "APPROVED" : "REJECTED" };
    };
  return { ...original, adminApi: { ...original.adminApi, approve: record("approve"), reject: record("reject") } };
});

const pending: DoctorAdmin = {
  doctor_id: "doc-9",
  name: "Elena Petrova",
  specialty: { specialty_id: "sp-1", name: "Ophthalmology" },
  experience_years: 7,
  consultation_fee: 110,
  bio: "",
  photo_url: null,
  timezone: "Europe/Vienna",
  rating: { average: null, count: 0 },
  languages: [],
  modes: [],
  next_available_at: null,
  email: "elena.petrova@docspot.test",
  status: "PENDING",
  license_number: "AT-W-29315",
  created_at: "2026-11-30T10:00:00Z",
  decided_at: null,
  decision_reason: null,
  resubmitted_at: null,
};

const admin = fakeUser({ user_id: "adm-1", role: "admin", doctor_status: null });

beforeEach(() => {
  calls.length = 0;
});

describe("deciding on a doctor's application", () => {
  it("refuses to reject without a reason the doctor can read", async () => {
    renderPage(<DecisionModal decision={{ doctor: pending, approve: false }} onClose={() => undefined} />, { user: admin });
    const dialog = await screen.findByRole("dialog", { name: "Reject Elena Petrova?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Reject application" }));
    expect(await within(dialog).findByText(/Write the reason the doctor will read/)).toBeInTheDocument();
    await fill(within(dialog).getByLabelText(/Reason for the doctor/), "ok");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reject application" }));
    expect(within(dialog).getByText(/Write the reason the doctor will read/)).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("rejects with the reason once one is written, and closes", async () => {
    const closed = vi.fn();
    renderPage(<DecisionModal decision={{ doctor: pending, approve: false }} onClose={closed} />, { user: admin });
    const dialog = await screen.findByRole("dialog", { name: "Reject Elena Petrova?" });
    await fill(within(dialog).getByLabelText(/Reason for the doctor/), "  The licence number could not be verified.  ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reject application" }));
    await waitFor(() => expect(calls).toEqual([{ method: "reject", args: ["doc-9", "The licence number could not be verified."] }]));
    await waitFor(() => expect(closed).toHaveBeenCalled());
  });

  it("approves without a note: the note is optional", async () => {
    renderPage(<DecisionModal decision={{ doctor: pending, approve: true }} onClose={() => undefined} />, { user: admin });
    const dialog = await screen.findByRole("dialog", { name: "Approve Elena Petrova?" });
    expect(within(dialog).getByLabelText(/Note to the doctor \(optional\)/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Approve doctor" }));
    await waitFor(() => expect(calls).toEqual([{ method: "approve", args: ["doc-9", undefined] }]));
  });
});
