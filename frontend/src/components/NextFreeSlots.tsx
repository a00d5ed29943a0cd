import { Button, Group, Loader, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { catalogue, keys } from "../api/endpoints";
import type { Slot } from "../api/types";
import { formatWhen } from "../i18n/format";
import { bookingPath, type BookingState } from "./booking";
import { shownState } from "./slots";

const DAYS = 14;
const SHOWN = 5;

/** The first few times a patient could choose now, soonest first. */
export function nextFree(slots: Slot[], now: number = Date.now(), count: number = SHOWN): Slot[] {
  return [...slots]
    .sort((a, b) => a.start.localeCompare(b.start))
    .filter((s) => shownState(s, now) === "free")
    .slice(0, count);
}

/**
 * A doctor's next free times over the coming fortnight, each a link to the confirm step (which takes the hold):
 * what a patient sees when the time a link or a click named was taken meanwhile.
 */
export function NextFreeSlots({
  doctorId,
  doctorName,
  viewerZone,
}: {
  doctorId: string;
  doctorName?: string;
  viewerZone?: string | null;
}) {
  const { t } = useTranslation();
  const free = useQuery({
    queryKey: [...keys.slots(doctorId), "next-free-list"],
    queryFn: async () => {
      const from = new Date();
      const to = new Date(from.getTime() + DAYS * 86_400_000);
      const list = await catalogue.slots(doctorId, from.toISOString(), to.toISOString());
      return { slots: nextFree(list.items), zone: list.timezone };
    },
    staleTime: 30_000,
  });
  if (free.isPending) return <Loader size="sm" aria-label={t("app.loading")} />;
  if (free.isError) return null;
  const { slots, zone } = free.data;
  return (
    <Stack gap="xs">
      <Text fw={600}>{doctorName ? t("patient.deepLink.nextFreeWith", { name: doctorName }) : t("patient.deepLink.nextFree")}</Text>
      {slots.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t("patient.deepLink.noneFree", { days: DAYS })}
        </Text>
      ) : (
        <Group gap="xs">
          {slots.map((slot) => {
            const state: BookingState = { doctorId, doctorName, start: slot.start, end: slot.end, zone };
            return (
              <Button
                key={slot.slot_id}
                size="sm"
                variant="light"
                component={Link}
                to={bookingPath(slot.slot_id, doctorId)}
                state={state}
              >
                {formatWhen(slot.start, zone, { viewerZone })}
              </Button>
            );
          })}
        </Group>
      )}
    </Stack>
  );
}
