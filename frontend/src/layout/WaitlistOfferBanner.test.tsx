import { describe, expect, it } from "vitest";
import type { Notification } from "../api/types";
import { notificationLink } from "../pages/patient/NotificationsPage";
import { openOffer, type Offer } from "./WaitlistOfferBanner";

const NOW = Date.parse("2026-12-01T10:00:00Z");

function offerNotice(id: string, expires: string): Notification {
  return {
    notification_id: id,
    type: "waitlist-slot-open",
    title: "A slot is held for you",
    body: "",
    data: { slot_id: `slot-${id}`, doctor_id: "d1", start: "2026-12-02T09:00:00Z", expires_at: expires },
    created_at: "2026-12-01T09:50:00Z",
    read: false,
  };
}

describe("openOffer", () => {
  it("takes the offer still open from the feed, ignoring expired ones and other notices", () => {
    const feed = [
      offerNotice("old", "2026-12-01T09:59:00Z"),
      offerNotice("open", "2026-12-01T10:10:00Z"),
      { ...offerNotice("other", "2026-12-01T11:00:00Z"), type: "appointment-cancelled" as const },
    ];
    expect(openOffer(feed, [], NOW)).toMatchObject({ slotId: "slot-open", notificationId: "open" });
  });

  it("prefers a live event's offer that outlasts the feed's, and has none when all expired", () => {
    const live: Offer[] = [{ slotId: "live", doctorId: "d1", expiresAt: "2026-12-01T10:14:00Z" }];
    expect(openOffer([offerNotice("open", "2026-12-01T10:10:00Z")], live, NOW)?.slotId).toBe("live");
    expect(openOffer([], live, Date.parse("2026-12-01T10:15:00Z"))).toBeNull();
  });
});

describe("notificationLink", () => {
  it("leads an open offer to the confirm step and an appointment notice to the appointment", () => {
    const offer = offerNotice("n1", new Date(Date.now() + 600_000).toISOString());
    expect(notificationLink(offer, "patient")).toBe("/book/slot-n1?doctor=d1");
    const notice = { ...offer, type: "appointment-confirmed" as const, data: { appointment_id: "a1" } };
    expect(notificationLink(notice, "patient")).toBe("/me/appointments/a1");
    expect(notificationLink(notice, "doctor")).toBe("/doctor/appointments/a1");
  });

  it("leads nowhere once the offer has expired", () => {
    expect(notificationLink(offerNotice("n1", "2020-01-01T00:00:00Z"), "patient")).toBeNull();
  });
});
