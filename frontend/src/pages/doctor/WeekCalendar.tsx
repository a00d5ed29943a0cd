import { Button, Card, Group, Menu, Modal, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { notifications as toasts } from "@mantine/notifications";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import i18n from "../../i18n";
import { doctorApi, doctorKeys } from "../../api/doctor";
import { portalMessage } from "./messages";
import type { Appointment, Slot } from "../../api/types";
import { isActive } from "./actions";
import { KIND_LABELS, kindClass, slotCommands, slotKind, type SlotCommand } from "./slotView";
import { ErrorNotice } from "./ui";
import { addDays, dayIn, dayLabel, daysRange, mondayOf, timeIn, zoneLabel } from "./zoned";
import classes from "./doctor.module.css";

interface Props {
  doctorId: string;
  zone: string;
  monday: string;
  onWeek: (monday: string) => void;
  today: string;
  now: Date;
}


function SlotButton({
  slot,
  zone,
  now,
  booking,
  onCommand,
  busy,
}: {
  slot: Slot;
  zone: string;
  now: Date;
  booking: Appointment | undefined;
  onCommand: (slot: Slot, command: SlotCommand) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kind = slotKind(slot, now);
  const commands = slotCommands(kind);
  const time = `${timeIn(slot.start, zone)}–${timeIn(slot.end, zone)}`;
  const detail =
    kind === "booked" && booking
      ? booking.patient.name
      : kind === "locked" && slot.lock_expires_at
        ? t("doctor.week.holdUntil", { kind: KIND_LABELS[kind], time: timeIn(slot.lock_expires_at, zone) })
        : KIND_LABELS[kind];
  const label = t("doctor.week.slotLabel", {
    day: dayLabel(dayIn(slot.start, zone)),
    time,
    detail: kind === "booked" ? t("doctor.week.bookedBy", { patient: booking?.patient.name ?? t("doctor.week.aPatient") }) : detail,
  });
  const face = (
    <UnstyledButton
      className={`${classes.slotButton} ${classes[kindClass(kind)] ?? ""}`}
      aria-label={label}
      data-testid="slot"
      data-state={kind}
      disabled={busy}
    >
      <Text span fw={700} size="sm">
        {time}
      </Text>
      <Text span size="xs" display="block" truncate>
        {detail}
      </Text>
    </UnstyledButton>
  );
  if (kind === "booked" && booking) {
    return (
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>{face}</Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate(`/doctor/appointments/${encodeURIComponent(booking.appointment_id)}`)}>
            {t("doctor.week.open")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    );
  }
  if (commands.length === 0) return face;
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>{face}</Menu.Target>
      <Menu.Dropdown>
        {commands.map((command) => (
          <Menu.Item key={command} color={command === "delete" ? "red.9" : undefined} onClick={() => onCommand(slot, command)}>
            {t(`doctor.week.command.${command}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The doctor's week on their own calendar: every slot with its state, and the block, unblock and delete commands. */
export function WeekCalendar({ doctorId, zone, monday, onWeek, today, now }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<Slot | null>(null);
  const sunday = addDays(monday, 6);
  const slots = useQuery({
    queryKey: doctorKeys.slots(doctorId, monday, sunday),
    queryFn: () => doctorApi.slots(doctorId, monday, sunday),
  });
  const range = daysRange(monday, sunday, zone);
  const bookings = useQuery({
    queryKey: doctorKeys.schedule(range.from, range.to),
    queryFn: () => doctorApi.schedule(range.from, range.to),
  });
  const bySlot = new Map<string, Appointment>();
  for (const a of bookings.data ?? []) if (isActive(a.status) || a.status === "COMPLETED") bySlot.set(a.slot_id, a);

  const command = useMutation({
    mutationFn: async ({ slot, command }: { slot: Slot; command: SlotCommand }) => {
      if (command === "delete") await doctorApi.deleteSlot(slot.slot_id);
      else await doctorApi.setAvailable(slot.slot_id, command === "unblock");
      return { slot, command };
    },
    onSuccess: ({ slot, command }) => {
      const when = `${dayLabel(dayIn(slot.start, zone))} ${timeIn(slot.start, zone)}`;
      toasts.show({ color: "green", message: i18n.t(`doctor.week.done.${command}`, { when }) });
      setDeleting(null);
    },
    onError: (error) => toasts.show({ color: "red", title: i18n.t("doctor.week.notChanged"), message: portalMessage(error) }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["slots", doctorId] }),
  });

  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots.data?.items ?? []) {
    const day = dayIn(slot.start, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const counts = (slots.data?.items ?? []).reduce<Record<string, number>>((acc, s) => {
    const kind = slotKind(s, now);
    acc[kind] = (acc[kind] ?? 0) + 1;
    return acc;
  }, {});

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Button
            variant="default"
            size="sm"
            px="xs"
            leftSection={<IconChevronLeft size={16} aria-hidden />}
            onClick={() => onWeek(addDays(monday, -7))}
            aria-label={t("doctor.week.previousWeek")}
          >
            {t("doctor.week.previous")}
          </Button>
          <Button variant="default" size="sm" px="xs" onClick={() => onWeek(mondayOf(today))}>
            {t("doctor.week.thisWeek")}
          </Button>
          <Button
            variant="default"
            size="sm"
            px="xs"
            rightSection={<IconChevronRight size={16} aria-hidden />}
            onClick={() => onWeek(addDays(monday, 7))}
            aria-label={t("doctor.week.nextWeek")}
          >
            {t("doctor.week.next")}
          </Button>
        </Group>
        <Text fw={600} aria-live="polite" data-testid="week-label">
          {dayLabel(monday)} – {dayLabel(sunday)}
        </Text>
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          {t("doctor.week.timesIn", { zone: zoneLabel(zone, now) })}
        </Text>
        {(["available", "locked", "booked", "blocked"] as const).map((kind) => (
          <Text key={kind} span size="xs" fw={600} className={`${classes.legend} ${classes[kindClass(kind)] ?? ""}`}>
            {KIND_LABELS[kind]}: {counts[kind] ?? 0}
          </Text>
        ))}
      </Group>
      {slots.isError && <ErrorNotice error={slots.error} onRetry={() => void slots.refetch()} />}
      <div className={classes.weekGrid}>
        {days.map((day) => {
          const daySlots = byDay.get(day) ?? [];
          return (
            <Card
              key={day}
              withBorder
              padding="xs"
              radius="md"
              className={`${classes.dayColumn} ${day === today ? classes.today : ""}`}
              component="section"
              aria-labelledby={`day-${day}`}
            >
              <Title order={3} size="h6" id={`day-${day}`} mb={6}>
                {dayLabel(day)}
                {day === today ? t("doctor.week.todaySuffix") : ""}
              </Title>
              {slots.isPending ? (
                <Skeleton h={80} />
              ) : daySlots.length === 0 ? (
                <Text size="xs" c="dimmed">
                  {t("doctor.week.noSlots")}
                </Text>
              ) : (
                <div className={classes.daySlots}>
                  {daySlots.map((slot) => (
                    <SlotButton
                      key={slot.slot_id}
                      slot={slot}
                      zone={zone}
                      now={now}
                      booking={bySlot.get(slot.slot_id)}
                      busy={command.isPending && command.variables?.slot.slot_id === slot.slot_id}
                      onCommand={(s, c) => (c === "delete" ? setDeleting(s) : command.mutate({ slot: s, command: c }))}
                    />
                  ))}
                </div>
              )}
            </Card>
          );
        })}
      </div>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t("doctor.week.deleteTitle")}>
        <Stack>
          <Text size="sm">
            {deleting && t("doctor.week.deleteBody", { when: `${dayLabel(dayIn(deleting.start, zone))} ${timeIn(deleting.start, zone)}` })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>
              {t("doctor.week.keep")}
            </Button>
            <Button
              color="red.9"
              loading={command.isPending}
              onClick={() => deleting && command.mutate({ slot: deleting, command: "delete" })}
            >
              {t("doctor.week.command.delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
