import { Button, Paper, SimpleGrid, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Slot } from "../api/types";
import { formatCalendarDay, formatSpokenDay } from "../i18n/format";
import { shownState } from "./slots";
import { dayjs, formatRemaining, formatTime, inZone } from "./time";
import { useNow } from "./useNow";
import classes from "./SlotWeek.module.css";

interface Props {
  slots: Slot[];
  /** The doctor's time zone: days and times are shown in it. */
  zone: string;
  /** First day shown, YYYY-MM-DD in `zone`. */
  weekStart: string;
  onChoose: (slot: Slot) => void;
  /** The slot being held right now (a request in flight). */
  pendingSlotId?: string | null;
  disabled?: boolean;
  /** Time source for tests; defaults to a clock ticking every second. */
  now?: number;
}

function spokenTime(slot: Slot, zone: string): string {
  return `${formatSpokenDay(slot.start, zone)}, ${formatTime(slot.start, zone)}`;
}

/**
 * A doctor's week of slots as buttons, one column per day: free slots can be chosen; slots someone else holds are
 * greyed with the time left on the hold and come back by themselves when it runs out; booked ones are gone.
 */
export function SlotWeek({ slots, zone, weekStart, onChoose, pendingSlotId, disabled, now: fixedNow }: Props) {
  const { t } = useTranslation();
  const anyHeld = slots.some((s) => s.state === "locked");
  const ticking = useNow(1000, fixedNow === undefined && anyHeld);
  const now = fixedNow ?? ticking;
  const first = dayjs.tz(weekStart, zone);
  const days = Array.from({ length: 7 }, (_, i) => first.add(i, "day"));
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const key = inZone(slot.start, zone).format("YYYY-MM-DD");
    const list = byDay.get(key) ?? [];
    list.push(slot);
    byDay.set(key, list);
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, sm: 4, lg: 7 }} spacing="sm" role="list" aria-label={t("public.week.list")}>
      {days.map((day) => {
        const key = day.format("YYYY-MM-DD");
        const daySlots = (byDay.get(key) ?? [])
          .map((slot) => ({ slot, shown: shownState(slot, now) }))
          .filter(({ shown }) => shown !== "hidden")
          .sort((a, b) => a.slot.start.localeCompare(b.slot.start));
        const headingId = `day-${key}`;
        return (
          <Paper key={key} withBorder p="xs" role="listitem" aria-labelledby={headingId} className={classes.day}>
            <Title order={3} id={headingId} fz="sm" mb={6}>
              {formatCalendarDay(key)}
            </Title>
            {daySlots.length === 0 ? (
              <Text fz="sm" c="dimmed">
                {t("public.week.noneThatDay")}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 3, xs: 2, sm: 1 }} spacing={6} verticalSpacing={6}>
                {daySlots.map(({ slot, shown }) => {
                  const time = formatTime(slot.start, zone);
                  if (shown === "held") {
                    const left = formatRemaining(new Date(slot.lock_expires_at!).getTime() - now);
                    return (
                      <Button
                        key={slot.slot_id}
                        variant="default"
                        disabled
                        h="auto"
                        py={4}
                        className={classes.held}
                        data-state="held"
                        data-slot-id={slot.slot_id}
                        aria-label={t("public.week.heldLabel", { when: spokenTime(slot, zone), left })}
                      >
                        <span className={classes.heldLabel}>
                          <span className={classes.heldTime}>{time}</span>
                          <span className={classes.heldBadge}>{t("public.week.held", { left })}</span>
                        </span>
                      </Button>
                    );
                  }
                  return (
                    <Button
                      key={slot.slot_id}
                      variant="light"
                      data-state="free"
                      data-slot-id={slot.slot_id}
                      loading={pendingSlotId === slot.slot_id}
                      disabled={disabled || (!!pendingSlotId && pendingSlotId !== slot.slot_id)}
                      aria-label={t("public.week.choose", { when: spokenTime(slot, zone) })}
                      onClick={() => onChoose(slot)}
                    >
                      {time}
                    </Button>
                  );
                })}
              </SimpleGrid>
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
