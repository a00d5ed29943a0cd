import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReviewAdmin } from "../../api/types";
import { fakeUser, fill, renderPage } from "../doctor/testing";
import ReviewsPage from "./ReviewsPage";

const calls: string[] = [];
const reported: ReviewAdmin = {
  review_id: "r1",
  rating: 2,
  comment: "The receptionist was rude.",
  author: "Lucía F.",
  created_at: "2026-11-27T08:00:00Z",
  reply: null,
  doctor_id: "doc-1",
  doctor_name: "Anna Schmidt",
  state: "reported",
  report_count: 1,
  reports: [{ reason: "Names a member of staff.", at: "2026-11-28T08:00:00Z" }],
  hidden_reason: null,
};
let queue: ReviewAdmin[] = [];

vi.mock("../../api/reviews", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/reviews")>();
  return {
    ...original,
    reviews: {
      ...original.reviews,
      queue: async (status: string) => ({ items: queue.filter((r) => (status === "hidden") === (r.state === "hidden")), next_cursor: null }),
      hide: async (id: string, reason: string) => {
        calls.push(`hide ${id}: ${reason}`);
        queue = queue.map((r) => (r.review_id === id ? { ...r, state: "hidden", hidden_reason: reason } : r));
        return queue.find((r) => r.review_id === id);
      },
      unhide: async (id: string) => {
        calls.push(`unhide ${id}`);
        return reported;
      },
    },
  };
});

beforeEach(() => {
  calls.length = 0;
  queue = [reported];
});

const admin = fakeUser({ role: "admin", name: "Ada Admin", user_id: "admin-1" });

describe("the admin's review moderation", () => {
  it("lists a reported review with its reports and hides it only with a reason", async () => {
    renderPage(<ReviewsPage />, { user: admin });
    const card = await screen.findByTestId("moderated-review");
    expect(card).toHaveTextContent("The receptionist was rude.");
    expect(card).toHaveTextContent("Names a member of staff.");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await userEvent.click(within(card).getByRole("button", { name: "Hide" }));
    const dialog = await screen.findByRole("dialog", { name: "Hide this review" });
    expect(within(dialog).getByRole("button", { name: "Hide the review" })).toBeDisabled();
    await fill(within(dialog).getByLabelText("Reason (kept in the audit trail)"), "Personal data");
    await userEvent.click(within(dialog).getByRole("button", { name: "Hide the review" }));

    expect(calls).toEqual(["hide r1: Personal data"]);
    expect(await screen.findByText("No reported reviews.")).toBeInTheDocument();
  });
});
