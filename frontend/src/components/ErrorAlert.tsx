import { Alert, Button, Group } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { friendlyMessage } from "../api/errors";

interface Props {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  /** Turns a failure into a sentence; the app's mapping unless a portal brings its own. */
  describe?: (error: unknown) => string;
}

/** A failure as a sentence (never a code or a stack trace), announced to screen readers. */
export function ErrorAlert({ error, title, onRetry, describe = friendlyMessage }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t("errors.title")} icon={<IconAlertCircle aria-hidden />} role="alert">
      <Group justify="space-between" gap="sm">
        <span>{describe(error)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red.9" onClick={onRetry}>
            {t("actions.tryAgain")}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
