import { Alert, Button, Group } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { friendlyMessage } from "../api/errors";

interface Props {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failure as a sentence (never a code or a stack trace), announced to screen readers. */
export function ErrorAlert({ error, title = "Something went wrong", onRetry }: Props) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle aria-hidden />} role="alert">
      <Group justify="space-between" gap="sm">
        <span>{friendlyMessage(error)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
