import { Alert, Button, Group, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { notifications } from "../api/endpoints";
import type { Notification } from "../api/types";
import { bookingPath, type BookingState } from "../components/booking";
import { Countdown } from "../components/Countdown";
import { browserZone, formatWhen } from "../i18n/format";
import { useAuth } from "../auth/context";
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
  const { t } = useTranslation();
  const { user } = useAuth();
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
    <Alert color="teal" title={t("patient.offer.title")} mb="md" role="status" withCloseButton closeButtonLabel={t("actions.dismiss")} onClose={() => dismiss(offer)}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fz="sm">
          {offer.start
            ? t("patient.offer.bodyAt", { when: formatWhen(offer.start, user?.timezone ?? browserZone()) })
            : t("patient.offer.body")}
        </Text>
        <Group gap="sm">
          <Countdown until={offer.expiresAt} label={t("patient.offer.heldFor")} onExpire={() => setTick((t) => t + 1)} />
          <Button onClick={() => book(offer)}>{t("patient.offer.bookNow")}</Button>
        </Group>
      </Group>
    </Alert>
  );
}
