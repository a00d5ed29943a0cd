import { Badge, Button, Card, Group, Stack, Text, VisuallyHidden } from "@mantine/core";
import { IconMapPin, IconVideo } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import type { Doctor, Slot } from "../../api/types";
import { useAuth } from "../../auth/context";
import { RatingSummary } from "../../components/reviews/RatingSummary";
import { shownState } from "../../components/slots";
import {
  browserZone,
  formatMoney,
  formatNumber,
  formatTime,
  formatWhen,
  languageName,
  zoneName,
} from "../../i18n/format";

/** The fee with its currency, in the reader's language (the currency comes from config.json, EUR by default). */
export function fee(amount: number): string {
  return formatMoney(amount);
}

/** Where a doctor sees patients: the clinic a city or near search found (with the distance), and video. */
export function placeOf(doctor: Doctor): { address: string | null; video: boolean; distanceKm: number | null } {
  const address = doctor.clinic ? `${doctor.clinic.name}, ${doctor.clinic.city}` : null;
  return { address, video: (doctor.modes ?? []).includes("video"), distanceKm: doctor.distance_km ?? null };
}

/** The first time a patient could choose now, from a list of slots. */
export function firstFree(slots: Slot[], now: number = Date.now()): Slot | null {
  return [...slots].sort((a, b) => a.start.localeCompare(b.start)).find((s) => shownState(s, now) === "free") ?? null;
}

const NEXT_FREE_DAYS = 14;

/** The doctor's next free time in the coming fortnight (one small read per card, cached for a minute). */
export function useNextFree(doctorId: string, enabled = true) {
  return useQuery({
    queryKey: [...keys.slots(doctorId), "next-free"],
    queryFn: async () => {
      const from = new Date();
      const to = new Date(from.getTime() + NEXT_FREE_DAYS * 86_400_000);
      const list = await catalogue.slots(doctorId, from.toISOString(), to.toISOString());
      return firstFree(list.items);
    },
    staleTime: 60_000,
    enabled,
  });
}

export function Place({ doctor }: { doctor: Doctor }) {
  const { t } = useTranslation();
  const { address, video, distanceKm } = placeOf(doctor);
  if (!address && !video) return null;
  return (
    <Group gap="sm" wrap="wrap">
      {address && (
        <Group gap={4} wrap="nowrap">
          <IconMapPin size={16} aria-hidden />
          <Text fz="sm">
            <VisuallyHidden>{t("public.card.place")}: </VisuallyHidden>
            {address}
            {distanceKm !== null && ` · ${t("public.card.distance", { km: formatNumber(distanceKm) })}`}
          </Text>
        </Group>
      )}
      {video && (
        <Group gap={4} wrap="nowrap">
          <IconVideo size={16} aria-hidden />
          <Text fz="sm">{t("public.card.video")}</Text>
        </Group>
      )}
    </Group>
  );
}

export function DoctorCard({ doctor, date }: { doctor: Doctor; date?: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const profile = `/doctors/${encodeURIComponent(doctor.doctor_id)}${date ? `?week=${date}` : ""}`;
  const free = doctor.available_slots ?? [];
  // The directory's card carries the next free time (kept by the API as slots change); older answers did not.
  const known = "next_available_at" in doctor;
  const next = useNextFree(doctor.doctor_id, !date && !known);
  const nextStart = known ? doctor.next_available_at : next.data?.start;
  const viewer = user?.timezone ?? browserZone();
  return (
    <Card withBorder padding="md" data-testid="doctor-card">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700} fz="lg" component={Link} to={profile}>
            {doctor.name}
          </Text>
          <Badge variant="light" c="blue.9">
            {doctor.specialty.name}
          </Badge>
        </Group>
        <RatingSummary rating={doctor.rating} />
        <Text fz="sm" c="dimmed">
          {t("public.card.experience", { count: doctor.experience_years })} ·{" "}
          {t("public.card.fee", { fee: fee(doctor.consultation_fee) })}
        </Text>
        <Place doctor={doctor} />
        {(doctor.languages ?? []).length > 0 && (
          <Text fz="sm" c="dimmed">
            {t("public.card.languages", { list: doctor.languages.map(languageName).join(", ") })}
          </Text>
        )}
        {!date && (
          <Text fz="sm" fw={600} c={nextStart ? "teal.9" : "dimmed"} data-testid="next-free">
            {!known && next.isPending
              ? t("public.card.checking")
              : nextStart
                ? t("public.card.nextFree", { when: formatWhen(nextStart, doctor.timezone, { viewerZone: viewer }) })
                : t("public.card.noneSoon")}
          </Text>
        )}
        {doctor.bio && (
          <Text fz="sm" lineClamp={2}>
            {doctor.bio}
          </Text>
        )}
        {date && free.length > 0 && (
          <Stack gap={4}>
            <Text fz="xs" c="dimmed">
              {t("public.card.freeThatDay", { zone: zoneName(doctor.timezone) })}
            </Text>
            <Group gap={6}>
              {free.slice(0, 8).map((slot) => (
                <Badge key={slot.slot_id} variant="outline" color="teal" c="teal.9">
                  {formatTime(slot.start, doctor.timezone)}
                </Badge>
              ))}
              {free.length > 8 && <Text fz="xs">{t("public.card.more", { count: free.length - 8 })}</Text>}
            </Group>
          </Stack>
        )}
        <Group>
          <Button component={Link} to={profile} size="sm" aria-label={t("public.card.seeTimesOf", { name: doctor.name })}>
            {t("public.card.seeTimes")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
