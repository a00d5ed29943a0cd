import { Alert, Button, Group, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { notifications } from "../api/endpoints";
import type { Notification } from "../api/types";
import { bookingPath, type BookingState } from "../components/booking";
import { Countdown } from "../components/Countdown";
import { formatDateTime } from "../components/time";
import { useRealtimeEvent } from "../realtime/useRealtime";

export interface Offer {
  slotId: string;
  doctorId: string;
  start?: string;
  expiresAt: string;
  notificationId?: string;
}

/** The newest offer still open at `now`, from live events and the unread feed. */
export function openOffer(feed: Notification[], live: Offer[], now: number): Offer | null {
  const fromFeed: Offer[] = feed
    .filter((n) => n.type === "waitlist-slot-open" && n.data.slot_id && n.data.doctor_id && n.data.expires_at)
    .map((n) => ({
      slotId: n.data.slot_id!,
      doctorId: n.data.doctor_id!,
      start: n.data.start,
      expiresAt: n.data.expires_at!,
      notificationId: n.notification_id,
    }));
  const open = [...live, ...fromFeed].filter((o) => new Date(o.expiresAt).getTime() > now);
  open.sort((a, b) => b.expiresAt.localeCompare(a.expiresAt));
  return open[0] ?? null;
}

/** "A time is held for you": shown on every page while a waitlist offer is open, with Book now. */
export function WaitlistOfferBanner() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [live, setLive] = useState<Offer[]>([]);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [, setTick] = useState(0);
  const unread = useQuery({
    queryKey: ["notifications", "unread", "offers"],
    queryFn: () => notifications.feed({ unread: true, limit: 20 }),
  });
  useRealtimeEvent("waitlist-slot-open", (event) => {
    const d = event.data as Record<string, string | undefined>;
    if (d.slot_id && d.doctor_id && d.expires_at) {
      const offer: Offer = {
        slotId: d.slot_id,
        doctorId: d.doctor_id,
        start: d.start,
        expiresAt: d.expires_at,
        notificationId: d.notification_id,
      };
      setLive((all) => [offer, ...all.filter((o) => o.slotId !== offer.slotId)]);
    }
  });
  const offer = openOffer(unread.data?.items ?? [], live, Date.now());
  if (!offer || dismissed.includes(offer.slotId) || pathname.startsWith("/book/")) return null;

  function dismiss(o: Offer) {
    setDismissed((all) => [...all, o.slotId]);
    if (o.notificationId) {
      void notifications.read(o.notificationId).then(() => queryClient.invalidateQueries({ queryKey: ["notifications"] }));
    }
  }

  function book(o: Offer) {
    const state: BookingState = { expiresAt: o.expiresAt, doctorId: o.doctorId, start: o.start };
    if (o.notificationId) void notifications.read(o.notificationId).catch(() => undefined);
    setDismissed((all) => [...all, o.slotId]);
    navigate(bookingPath(o.slotId, o.doctorId), { state });
  }

  return (
    <Alert color="teal" title="A time is held for you" mb="md" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => dismiss(offer)}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fz="sm">
          A time you were waiting for opened up{offer.start ? ` (${formatDateTime(offer.start)})` : ""}. It is held in
          your name until the countdown ends.
        </Text>
        <Group gap="sm">
          <Countdown until={offer.expiresAt} label="Held for" onExpire={() => setTick((t) => t + 1)} />
          <Button onClick={() => book(offer)}>Book now</Button>
        </Group>
      </Group>
    </Alert>
  );
}
