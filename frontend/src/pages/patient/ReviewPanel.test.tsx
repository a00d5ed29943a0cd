import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { appointment, fakeUser, fill, renderPage } from "../doctor/testing";
import { reviewable, ReviewPanel } from "./ReviewPanel";

const sent: { appointmentId: string; rating: number; comment: string }[] = [];

vi.mock("../../api/reviews", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/reviews")>();
  return {
    ...original,
    reviews: {
      ...original.reviews,
      create: async (appointmentId: string, rating: number, comment: string) => {
        sent.push({ appointmentId, rating, comment });
        return {};
      },
    },
  };
});

beforeEach(() => {
  sent.length = 0;
});

const NOW = Date.parse("2026-12-10T12:00:00Z");
const completed = appointment({
  status: "COMPLETED",
  reviewed_at: null,
  review_closes_at: "2027-03-01T09:30:00Z",
});

describe("the review of a completed visit", () => {
  it("is offered for a completed visit not yet reviewed, until its 90 days end", () => {
    expect(reviewable(completed, NOW)).toBe(true);
    expect(reviewable({ ...completed, reviewed_at: "2026-12-05T10:00:00Z" }, NOW)).toBe(false);
    expect(reviewable({ ...completed, status: "CONFIRMED", review_closes_at: null }, NOW)).toBe(false);
    expect(reviewable(completed, Date.parse("2027-03-02T00:00:00Z"))).toBe(false);
  });

  it("asks for stars before sending, then publishes the rating and the comment", async () => {
    const { container } = renderPage(<ReviewPanel appointment={{ ...completed, review_closes_at: "2099-01-01T00:00:00Z" }} />, {
      user: fakeUser({ role: "patient" }),
    });
    await fill(screen.getByLabelText("Your comment (optional)"), "Kind and thorough");
    await userEvent.click(screen.getByRole("button", { name: "Publish the review" }));
    expect(await screen.findByText("Choose from 1 to 5 stars.")).toBeInTheDocument();
    expect(sent).toEqual([]);

    const four = container.querySelector<HTMLInputElement>('input[type="radio"][value="4"]')!;
    await userEvent.click(container.querySelector(`label[for="${four.id}"]`)!);
    await userEvent.click(screen.getByRole("button", { name: "Publish the review" }));

    expect(await screen.findByText("Thank you! Your review is on Anna Schmidt's page.")).toBeInTheDocument();
    expect(sent).toEqual([{ appointmentId: "apt-1", rating: 4, comment: "Kind and thorough" }]);
  });
});
