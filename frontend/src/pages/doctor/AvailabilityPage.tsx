import { Card, Stack, Tabs } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/context";
import { useRealtimeEvent, useTopic } from "../../realtime/useRealtime";
import { PublishRunForm } from "./PublishRunForm";
import { LiveBadge, PageHeader } from "./ui";
import { useNow } from "./useNow";
import { WeekCalendar } from "./WeekCalendar";
import { WeeklyRules } from "./WeeklyRules";
import { dayIn, mondayOf } from "./zoned";

/** Slot events of the doctor's own topic, and appointment events that take or free a slot. */
const SLOT_EVENTS = [
  "slot-locked",
  "slot-unlocked",
  "slot-booked",
  "slot-added",
  "slot-removed",
  "slot-availability-changed",
  "new-appointment",
  "appointment-cancelled",
  "notification",
];

export default function AvailabilityPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const doctorId = user?.user_id ?? "";
  const zone = user?.timezone ?? "UTC";
  const now = useNow(30_000);
  const today = dayIn(now, zone);
  const [monday, setMonday] = useState(() => mondayOf(today));
  const [tab, setTab] = useState<string | null>("calendar");
  const queryClient = useQueryClient();

  useTopic(doctorId ? `doctor#${doctorId}#slots` : null);
  useRealtimeEvent(SLOT_EVENTS, () => {
    void queryClient.invalidateQueries({ queryKey: ["slots", doctorId] });
  });

  return (
    <Stack gap="md">
      <PageHeader title={t("doctor.availability.title")} subtitle={t("doctor.availability.subtitle")}>
        <LiveBadge />
      </PageHeader>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="calendar">{t("doctor.availability.calendar")}</Tabs.Tab>
          <Tabs.Tab value="publish">{t("doctor.availability.publish")}</Tabs.Tab>
          <Tabs.Tab value="rules">{t("doctor.availability.rules")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calendar" pt="md">
          <WeekCalendar doctorId={doctorId} zone={zone} monday={monday} onWeek={setMonday} today={today} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="publish" pt="md">
          <Card withBorder radius="md">
            <PublishRunForm zone={zone} today={today} onPublished={(day) => setMonday(mondayOf(day))} />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <WeeklyRules zone={zone} today={today} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
