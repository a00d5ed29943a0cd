import { Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { billingApi, type DisputeKind } from "../api/billing";
import { fieldErrors, friendlyMessage } from "../api/errors";

const KINDS: DisputeKind[] = ["no_show_contested", "fee", "conduct", "other"];
/** Statuses of an appointment that is over: the ones a party may dispute. */
export const DISPUTABLE = new Set(["COMPLETED", "NO_SHOW", "CANCELLED"]);

/** "Raise a dispute" on a finished appointment, for its patient or its doctor. */
export function RaiseDisputeButton({ appointmentId, status }: { appointmentId: string; status: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const form = useForm<{ kind: DisputeKind; reason: string }>({
    mode: "controlled",
    initialValues: { kind: status === "NO_SHOW" ? "no_show_contested" : "fee", reason: "" },
    validate: { reason: (value) => (value.trim() ? null : t("billing.disputes.reason")) },
  });
  const send = useMutation({
    mutationFn: (v: { kind: DisputeKind; reason: string }) => billingApi.raiseDispute(appointmentId, v.kind, v.reason.trim()),
    onSuccess: () => {
      toasts.show({ color: "green", message: t("billing.disputes.sent") });
      setOpen(false);
      form.reset();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  if (!DISPUTABLE.has(status)) return null;
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {t("billing.disputes.raise")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("billing.disputes.raiseTitle")}>
        <form noValidate onSubmit={form.onSubmit((values) => send.mutate(values))}>
          <Stack>
            <Text size="sm" c="dimmed">
              {t("billing.disputes.raiseHint")}
            </Text>
            <Select
              label={t("billing.disputes.kindLabel")}
              data={KINDS.map((kind) => ({ value: kind, label: t(`billing.disputes.kind.${kind}`) }))}
              allowDeselect={false}
              {...form.getInputProps("kind")}
            />
            <Textarea label={t("billing.disputes.reason")} withAsterisk autosize minRows={3} maxLength={2000} {...form.getInputProps("reason")} />
            {send.isError && (
              <Text c="red" role="alert" size="sm">
                {friendlyMessage(send.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t("actions.cancel")}
              </Button>
              <Button type="submit" loading={send.isPending}>
                {t("billing.disputes.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
