import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeUser, renderPage } from "../pages/doctor/testing";
import { CalendarFeedSection, subscribeLinks } from "./CalendarFeedSection";

let active = false;
const calls: string[] = [];
const feed = { url: "https://docspot.test/api/calendar/abc.ics", webcal_url: "webcal://docspot.test/api/calendar/abc.ics" };

vi.mock("../api/endpoints", async (importOriginal) => {
  const original = await importOriginal<typeof import("../api/endpoints")>();
  return {
    ...original,
    me: {
      ...original.me,
      calendarFeed: async () => ({ active }),
      createCalendarFeed: async () => {
        calls.push("create");
        active = true;
        return feed;
      },
      removeCalendarFeed: async () => {
        calls.push("remove");
        active = false;
      },
    },
  };
});

beforeEach(() => {
  active = false;
  calls.length = 0;
});

describe("the calendar subscription", () => {
  it("builds the Google, Outlook and Apple subscription links from the feed", () => {
    expect(subscribeLinks(feed)).toEqual({
      google: "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fdocspot.test%2Fapi%2Fcalendar%2Fabc.ics",
      outlook: "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fdocspot.test%2Fapi%2Fcalendar%2Fabc.ics&name=DocSpot",
      apple: "webcal://docspot.test/api/calendar/abc.ics",
    });
  });

  it("shows the new link once with the buttons, and says an existing one cannot be shown again", async () => {
    renderPage(<CalendarFeedSection />, { user: fakeUser({ role: "patient" }) });
    await userEvent.click(await screen.findByRole("button", { name: "Create calendar link" }));

    expect(await screen.findByDisplayValue(feed.url)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add to Apple Calendar" })).toHaveAttribute("href", feed.webcal_url);
    expect(screen.getByRole("link", { name: "Add to Google Calendar" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add to Outlook" })).toBeInTheDocument();
    expect(calls).toEqual(["create"]);
  });

  it("offers a new link or stopping when one is active", async () => {
    active = true;
    renderPage(<CalendarFeedSection />, { user: fakeUser({ role: "patient" }) });
    expect(await screen.findByText("Your calendar link is active")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Stop sharing" }));
    expect(await screen.findByRole("button", { name: "Create calendar link" })).toBeInTheDocument();
    expect(calls).toEqual(["remove"]);
  });
});
