import { Alert, Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle, IconCircleCheck } from "@tabler/icons-react";
import { useContext, type ReactNode } from "react";
import type { AppointmentStatus } from "../../api/types";
import { RealtimeContext } from "../../realtime/context";
import { STATUS_COLORS, STATUS_LABELS } from "./actions";
import { portalMessage } from "./messages";

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} c={`${STATUS_COLORS[status]}.9`} variant="light" radius="sm">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function AttendanceBadge({ confirmedAt }: { confirmedAt?: string | null }) {
  if (!confirmedAt) return null;
  return (
    <Badge color="green.9" variant="outline" radius="sm" leftSection={<IconCircleCheck size={14} aria-hidden />}>
      Patient confirmed attendance
    </Badge>
  );
}

/** A failure as a sentence, with a retry when the failure may pass (the app's ErrorAlert, with portal wording). */
export function ErrorNotice({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title ?? "Something went wrong"} role="alert">
      <Group justify="space-between" gap="sm">
        <span>{portalMessage(error)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red.9" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}

export function PageHeader({ title, children, subtitle }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm" mb="md">
      <Stack gap={2}>
        <Title order={1} fz={{ base: "h2", sm: "h1" }}>
          {title}
        </Title>
        {subtitle && (
          <Text c="dimmed" size="sm">
            {subtitle}
          </Text>
        )}
      </Stack>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}

export function formatMoney(amount: number): string {
  return new Intl.NumberFormat("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(amount);
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** Whether pushed changes are arriving; without a connection the lists still refresh when it returns. */
export function LiveBadge() {
  const status = useContext(RealtimeContext)?.status ?? "idle";
  const live = status === "open";
  return (
    <Badge color={live ? "green" : "gray"} variant="dot" size="lg" data-testid="live-status">
      {live ? "Live" : status === "connecting" ? "Connecting…" : "Not live"}
    </Badge>
  );
}
