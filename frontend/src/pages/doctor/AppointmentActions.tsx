import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { doctorApi, type StatusChange } from "../../api/doctor";
import { portalMessage } from "./messages";
import type { Appointment } from "../../api/types";
import { actionsFor, type DoctorAction } from "./actions";
import { RescheduleModal } from "./RescheduleModal";

interface Props {
  appointment: Appointment;
  zone: string;
  now: Date;
}

const DONE: Record<string, string> = {
  CONFIRMED: "Appointment confirmed. The patient has been told.",
  IN_PROGRESS: "Visit started.",
  COMPLETED: "Visit completed. The summary is now visible to the patient.",
  NO_SHOW: "Marked as a no-show.",
};

/** The buttons the state machine allows now, each with its form when it needs one. */
export function AppointmentActions({ appointment, zone, now }: Props) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<DoctorAction | null>(null);
  const offers = actionsFor(appointment.status, appointment.start, now);
  const id = appointment.appointment_id;

  const settle = (updated: Appointment, message: string) => {
    queryClient.setQueryData(["appointment", id], updated);
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    void queryClient.invalidateQueries({ queryKey: ["slots"] });
    toasts.show({ color: "green", title: "Done", message });
    setOpen(null);
  };

  // A refusal means the appointment moved on elsewhere (the patient cancelled, another tab acted): show it as it is.
  const reread = () => void queryClient.invalidateQueries({ queryKey: ["appointment", id] });
  const change = useMutation({
    mutationFn: (body: StatusChange) => doctorApi.changeStatus(id, body),
    onSuccess: (updated, body) => settle(updated, DONE[body.status] ?? "Saved."),
    onError: reread,
  });
  const cancel = useMutation({
    mutationFn: (reason: string) => doctorApi.cancel(id, reason),
    onSuccess: (updated) => settle(updated, "Appointment cancelled. The patient has been told and the slot is free again."),
    onError: reread,
  });

  const completeForm = useForm({
    mode: "controlled",
    initialValues: { summary: "", notes: "", followUp: "", withinDays: "" as number | "" },
    validate: {
      summary: (value) => (value.trim() ? null : "Write a short summary for the patient."),
      withinDays: (value, values) =>
        value !== "" && !values.followUp.trim()
          ? "Say what the patient should do, then when."
          : value !== "" && (value < 1 || value > 365)
            ? "Between 1 and 365 days."
            : null,
    },
  });
  const cancelForm = useForm({
    mode: "controlled",
    initialValues: { reason: "" },
    validate: {
      reason: (value) => (value.trim().length >= 3 ? null : "Tell the patient why the appointment is cancelled."),
    },
  });

  const openAction = (action: DoctorAction) => {
    change.reset();
    cancel.reset();
    if (action === "confirm") change.mutate({ status: "CONFIRMED" });
    else if (action === "start") change.mutate({ status: "IN_PROGRESS" });
    else setOpen(action);
  };

  if (offers.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        No further actions: this appointment is {appointment.status === "NO_SHOW" ? "marked as a no-show" : appointment.status.toLowerCase().replace("_", " ")}.
      </Text>
    );
  }

  const inlineError = !open && (change.error ?? cancel.error);

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" role="group" aria-label="Appointment actions">
        {offers.map((offer) => {
          const button = (
            <Button
              key={offer.action}
              onClick={() => openAction(offer.action)}
              disabled={offer.blockedBecause !== null}
              loading={change.isPending && !open && (offer.action === "confirm" || offer.action === "start")}
              variant={offer.action === "cancel" || offer.action === "no-show" ? "outline" : offer.action === "reschedule" ? "light" : "filled"}
              color={offer.action === "cancel" ? "red.9" : offer.action === "no-show" ? "dark" : undefined}
              aria-describedby={offer.blockedBecause ? `${offer.action}-why` : undefined}
            >
              {offer.label}
            </Button>
          );
          return offer.blockedBecause ? (
            <Tooltip key={offer.action} label={offer.blockedBecause} multiline w={240}>
              <span>
                {button}
                <span id={`${offer.action}-why`} hidden>
                  {offer.blockedBecause}
                </span>
              </span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Group>
      {offers.some((o) => o.blockedBecause) && (
        <Text size="xs" c="dimmed">
          {offers.find((o) => o.blockedBecause)?.blockedBecause}
        </Text>
      )}
      {inlineError && (
        <Alert color="red" role="alert">
          {portalMessage(inlineError)}
        </Alert>
      )}

      <Modal opened={open === "complete"} onClose={() => setOpen(null)} title="Complete the visit">
        <form
          onSubmit={completeForm.onSubmit((values) =>
            change.mutate({
              status: "COMPLETED",
              summary: values.summary.trim(),
              notes: values.notes.trim() || undefined,
              follow_up: values.followUp.trim()
                ? { instructions: values.followUp.trim(), within_days: values.withinDays === "" ? undefined : values.withinDays }
                : undefined,
            }),
          )}
          noValidate
        >
          <Stack>
            <Textarea
              label="Summary for the patient"
              description="The patient sees this under their appointment."
              autosize
              minRows={3}
              maxLength={5000}
              withAsterisk
              data-autofocus
              {...completeForm.getInputProps("summary")}
            />
            <Textarea
              label="Private notes"
              description="Only you and administrators see these."
              autosize
              minRows={3}
              maxLength={5000}
              {...completeForm.getInputProps("notes")}
            />
            <Textarea
              label="Follow-up for the patient"
              description="Optional: what the patient should do next. They see it with the summary."
              autosize
              minRows={2}
              maxLength={2000}
              {...completeForm.getInputProps("followUp")}
            />
            <NumberInput
              label="Come back within (days)"
              description="Optional: the patient is offered your free times around that day."
              min={1}
              max={365}
              allowDecimal={false}
              w={220}
              {...completeForm.getInputProps("withinDays")}
            />
            {change.error && (
              <Alert color="red" role="alert">
                {portalMessage(change.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(null)}>
                Back
              </Button>
              <Button type="submit" loading={change.isPending}>
                Complete visit
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={open === "cancel"} onClose={() => setOpen(null)} title="Cancel this appointment">
        <form onSubmit={cancelForm.onSubmit((values) => cancel.mutate(values.reason.trim()))} noValidate>
          <Stack>
            <Text size="sm">The patient is told at once, with your reason, and the time becomes free for booking again.</Text>
            <Textarea
              label="Reason for the patient"
              autosize
              minRows={2}
              maxLength={1000}
              withAsterisk
              data-autofocus
              {...cancelForm.getInputProps("reason")}
            />
            {cancel.error && (
              <Alert color="red" role="alert">
                {portalMessage(cancel.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(null)}>
                Keep appointment
              </Button>
              <Button type="submit" color="red.9" loading={cancel.isPending}>
                Cancel appointment
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={open === "no-show"} onClose={() => setOpen(null)} title="Mark as a no-show">
        <Stack>
          <Text size="sm">Record that the patient did not come to this appointment? This cannot be undone.</Text>
          {change.error && (
            <Alert color="red" role="alert">
              {portalMessage(change.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(null)} data-autofocus>
              Back
            </Button>
            <Button color="dark" loading={change.isPending} onClick={() => change.mutate({ status: "NO_SHOW" })}>
              Mark as no-show
            </Button>
          </Group>
        </Stack>
      </Modal>

      <RescheduleModal
        opened={open === "reschedule"}
        onClose={() => setOpen(null)}
        appointment={appointment}
        zone={zone}
        onDone={(updated) => settle(updated, "Appointment moved. The patient has been told.")}
      />
    </Stack>
  );
}
