import { Alert, Button, Chip, Group, Loader, Modal, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { doctorApi, doctorKeys } from "../../api/doctor";
import { portalMessage } from "./messages";
import type { Appointment, Slot } from "../../api/types";
import { ErrorNotice } from "./ui";
import { useNow } from "./useNow";
import { addDays, dateTimeIn, dayIn, dayLabel, timeIn } from "./zoned";

const WINDOW_DAYS = 14;

interface Props {
  opened: boolean;
  onClose: () => void;
  appointment: Appointment;
  zone: string;
  onDone: (updated: Appointment) => void;
}

/** Free slots of the doctor, grouped by the doctor's days; only `available` ones can take an appointment. */
export function freeSlotsByDay(slots: Slot[], zone: string, exceptSlotId: string): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    if (slot.state !== "available" || slot.slot_id === exceptSlotId) continue;
    const day = dayIn(slot.start, zone);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function RescheduleModal({ opened, onClose, appointment, zone, onDone }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const [firstDay, setFirstDay] = useState(() => dayIn(now, zone));
  const lastDay = addDays(firstDay, WINDOW_DAYS - 1);
  const [chosen, setChosen] = useState<string | null>(null);
  const doctorId = appointment.doctor.id;
  const slots = useQuery({
    queryKey: doctorKeys.slots(doctorId, firstDay, lastDay),
    queryFn: () => doctorApi.slots(doctorId, firstDay, lastDay),
    enabled: opened,
  });
  const move = useMutation({
    mutationFn: (slotId: string) => doctorApi.reschedule(appointment.appointment_id, slotId),
    onSuccess: (updated) => {
      setChosen(null);
      onDone(updated);
    },
    onError: () => {
      setChosen(null);
      void slots.refetch();
    },
  });
  const days = slots.data ? freeSlotsByDay(slots.data.items, zone, appointment.slot_id) : [];
  const chosenSlot = slots.data?.items.find((s) => s.slot_id === chosen);

  return (
    <Modal opened={opened} onClose={onClose} title={t("doctor.reschedule.title")} size="lg">
      <Stack>
        <Text size="sm">
          {t("doctor.reschedule.now", { when: dateTimeIn(appointment.start, zone) })}
        </Text>
        <Group justify="space-between">
          <Button
            variant="default"
            size="xs"
            disabled={firstDay <= dayIn(now, zone)}
            onClick={() => setFirstDay(addDays(firstDay, -WINDOW_DAYS))}
          >
            {t("doctor.reschedule.earlier")}
          </Button>
          <Text size="sm" fw={600} aria-live="polite">
            {dayLabel(firstDay)} – {dayLabel(lastDay)}
          </Text>
          <Button variant="default" size="xs" onClick={() => setFirstDay(addDays(firstDay, WINDOW_DAYS))}>
            {t("doctor.reschedule.later")}
          </Button>
        </Group>
        {slots.isPending && opened && <Loader aria-label={t("doctor.reschedule.loading")} size="sm" />}
        {slots.isError && <ErrorNotice error={slots.error} onRetry={() => void slots.refetch()} />}
        {slots.data && days.length === 0 && (
          <Text c="dimmed" size="sm">
            {t("doctor.reschedule.none")}
          </Text>
        )}
        <ScrollArea.Autosize mah={360} type="auto">
          <Chip.Group multiple={false} value={chosen} onChange={(value) => setChosen(value)}>
            <Stack gap="sm">
              {days.map(([day, free]) => (
                <div key={day} role="group" aria-labelledby={`move-${day}`}>
                  <Title order={3} size="h6" id={`move-${day}`} mb={4}>
                    {dayLabel(day)}
                  </Title>
                  <Group gap={6}>
                    {free.map((slot) => (
                      <Chip key={slot.slot_id} value={slot.slot_id} size="sm" radius="sm">
                        {timeIn(slot.start, zone)}
                      </Chip>
                    ))}
                  </Group>
                </div>
              ))}
            </Stack>
          </Chip.Group>
        </ScrollArea.Autosize>
        {move.error && (
          <Alert color="red" role="alert">
            {portalMessage(move.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("actions.back")}
          </Button>
          <Button disabled={!chosen} loading={move.isPending} onClick={() => chosen && move.mutate(chosen)}>
            {chosenSlot ? t("doctor.reschedule.moveTo", { when: dateTimeIn(chosenSlot.start, zone) }) : t("doctor.reschedule.choose")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
