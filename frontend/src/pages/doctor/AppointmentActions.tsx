import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { statusLabel } from "../../components/StatusBadge";
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

const DONE: Record<string, () => string> = {
  CONFIRMED: () => i18n.t("doctor.actions.confirmed"),
  IN_PROGRESS: () => i18n.t("doctor.actions.started"),
  COMPLETED: () => i18n.t("doctor.actions.completed"),
  NO_SHOW: () => i18n.t("doctor.actions.noShow"),
};

/** The buttons the state machine allows now, each with its form when it needs one. */
export function AppointmentActions({ appointment, zone, now }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<DoctorAction | null>(null);
  const offers = actionsFor(appointment.status, appointment.start, now, appointment.end, zone);
  const id = appointment.appointment_id;

  const settle = (updated: Appointment, message: string) => {
    queryClient.setQueryData(["appointment", id], updated);
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    void queryClient.invalidateQueries({ queryKey: ["slots"] });
    toasts.show({ color: "green", title: t("doctor.actions.done"), message });
    setOpen(null);
  };

  // A refusal means the appointment moved on elsewhere (the patient cancelled, another tab acted): show it as it is.
  const reread = () => void queryClient.invalidateQueries({ queryKey: ["appointment", id] });
  const change = useMutation({
    mutationFn: (body: StatusChange) => doctorApi.changeStatus(id, body),
    onSuccess: (updated, body) => settle(updated, DONE[body.status]?.() ?? t("doctor.actions.saved")),
    onError: reread,
  });
  const cancel = useMutation({
    mutationFn: (reason: string) => doctorApi.cancel(id, reason),
    onSuccess: (updated) => settle(updated, t("doctor.actions.cancelledDone")),
    onError: reread,
  });

  const completeForm = useForm({
    mode: "controlled",
    initialValues: { summary: "", notes: "", followUp: "", withinDays: "" as number | "" },
    validate: {
      summary: (value) => (value.trim() ? null : i18n.t("doctor.actions.summaryMissing")),
      withinDays: (value, values) =>
        value !== "" && !values.followUp.trim()
          ? i18n.t("doctor.actions.followUpFirst")
          : value !== "" && (value < 1 || value > 365)
            ? i18n.t("doctor.actions.withinDaysRange", { min: 1, max: 365 })
            : null,
    },
  });
  const cancelForm = useForm({
    mode: "controlled",
    initialValues: { reason: "" },
    validate: {
      reason: (value) => (value.trim().length >= 3 ? null : i18n.t("doctor.actions.cancelReasonMissing")),
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
        {t("doctor.actions.noneLeft", { status: statusLabel(appointment.status, "staff") })}
      </Text>
    );
  }

  const inlineError = !open && (change.error ?? cancel.error);

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" role="group" aria-label={t("doctor.actions.group")}>
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

      <Modal opened={open === "complete"} onClose={() => setOpen(null)} title={t("doctor.actions.completeTitle")}>
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
              label={t("doctor.actions.summary")}
              description={t("doctor.actions.summaryHint")}
              autosize
              minRows={3}
              maxLength={5000}
              withAsterisk
              data-autofocus
              {...completeForm.getInputProps("summary")}
            />
            <Textarea
              label={t("doctor.actions.notes")}
              description={t("doctor.actions.notesHint")}
              autosize
              minRows={3}
              maxLength={5000}
              {...completeForm.getInputProps("notes")}
            />
            <Textarea
              label={t("doctor.actions.followUp")}
              description={t("doctor.actions.followUpHint")}
              autosize
              minRows={2}
              maxLength={2000}
              {...completeForm.getInputProps("followUp")}
            />
            <NumberInput
              label={t("doctor.actions.withinDays")}
              description={t("doctor.actions.withinDaysHint")}
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
                {t("actions.back")}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t("doctor.actions.complete")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={open === "cancel"} onClose={() => setOpen(null)} title={t("doctor.actions.cancelTitle")}>
        <form onSubmit={cancelForm.onSubmit((values) => cancel.mutate(values.reason.trim()))} noValidate>
          <Stack>
            <Text size="sm">{t("doctor.actions.cancelBody")}</Text>
            <Textarea
              label={t("doctor.actions.cancelReason")}
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
                {t("doctor.actions.keep")}
              </Button>
              <Button type="submit" color="red.9" loading={cancel.isPending}>
                {t("doctor.actions.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={open === "no-show"} onClose={() => setOpen(null)} title={t("doctor.actions.noShowTitle")}>
        <Stack>
          <Text size="sm">{t("doctor.actions.noShowBody")}</Text>
          {change.error && (
            <Alert color="red" role="alert">
              {portalMessage(change.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(null)} data-autofocus>
              {t("actions.back")}
            </Button>
            <Button color="dark" loading={change.isPending} onClick={() => change.mutate({ status: "NO_SHOW" })}>
              {t("doctor.actions.no-show")}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <RescheduleModal
        opened={open === "reschedule"}
        onClose={() => setOpen(null)}
        appointment={appointment}
        zone={zone}
        onDone={(updated) => settle(updated, t("doctor.actions.moved"))}
      />
    </Stack>
  );
}
