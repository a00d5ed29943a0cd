import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert";

interface Props {
  opened: boolean;
  title: string;
  label: string;
  submitLabel: string;
  /** The error alert's title when the action fails. */
  failedTitle: string;
  error: unknown;
  pending: boolean;
  /** A red submit button, for an action that takes something away. */
  danger?: boolean;
  onClose(): void;
  onSubmit(reason: string): void;
}

/** Asks for a reason (1-500 characters) before an action: reporting a review, hiding one. Give it a `key` per
 * subject so each subject starts with an empty reason. */
export function ReasonModal({ opened, title, label, submitLabel, failedTitle, error, pending, danger, onClose, onSubmit }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      {opened && (
        <Stack>
          <ErrorAlert error={error} title={failedTitle} />
          <Textarea
            label={label}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button color={danger ? "red" : undefined} disabled={!reason.trim()} loading={pending} onClick={() => onSubmit(reason.trim())}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
