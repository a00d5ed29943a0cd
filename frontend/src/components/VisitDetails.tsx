import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconVideo } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Appointment } from "../api/types";
import { formatPrice, formatWhen } from "../i18n/format";

export type JoinState = "early" | "open" | "over";

/** Whether a video visit's Join button is active: from `join_from` (15 minutes before the start) to the end. */
export function joinState(joinFrom: string, end: string, now: Date): JoinState {
  const moment = now.getTime();
  if (moment < Date.parse(joinFrom)) return "early";
  return moment < Date.parse(end) ? "open" : "over";
}

/** The appointment's type and price as booked, and for a video visit its Join button (only its patient and
 * doctor get the room from the API). */
export function VisitDetails({ appointment, zone, now }: { appointment: Appointment; zone: string; now: Date }) {
  const { t } = useTranslation();
  const type = appointment.appointment_type;
  if (!type) return null;
  const video = appointment.video;
  const state = video ? joinState(video.join_from, appointment.end, now) : null;
  const live = appointment.status !== "CANCELLED" && appointment.status !== "COMPLETED" && appointment.status !== "NO_SHOW";
  return (
    <Stack gap="xs" data-testid="visit-details">
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>{type.name}</Text>
        <Badge variant="light" color={type.mode === "video" ? "grape" : "blue"} c={type.mode === "video" ? "grape.9" : "blue.9"}>
          {type.mode === "video" ? t("visit.video") : t("visit.inPerson")}
        </Badge>
        <Text fz="sm">
          {t("visit.price")}: <strong>{formatPrice(type.price)}</strong>
        </Text>
      </Group>
      {video && live && state && (
        <Group gap="sm" wrap="wrap">
          <Button
            component="a"
            href={state === "open" ? video.url : undefined}
            target="_blank"
            rel="noopener noreferrer"
            leftSection={<IconVideo size={16} aria-hidden />}
            disabled={state !== "open"}
            data-testid="join-video"
          >
            {t("visit.join")}
          </Button>
          <Text fz="sm" c="dimmed">
            {state === "early"
              ? t("visit.joinFrom", { when: formatWhen(video.join_from, zone) })
              : state === "open"
                ? t("visit.joinOpen")
                : t("visit.joinOver")}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
