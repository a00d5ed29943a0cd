import { Alert, Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useContext, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AppointmentStatus } from "../../api/types";
import { StatusBadge as SharedStatusBadge } from "../../components/StatusBadge";
import { formatMoney as money, formatSize } from "../../i18n/format";
import { RealtimeContext } from "../../realtime/context";
import { portalMessage } from "./messages";

export { AttendanceBadge } from "../../components/StatusBadge";

/** The staff's status words (doctors and admins read the same ones). */
export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return <SharedStatusBadge status={status} audience="staff" />;
}

/** A failure as a sentence, with a retry when the failure may pass (the app's ErrorAlert, with portal wording). */
export function ErrorNotice({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title ?? t("errors.title")} role="alert">
      <Group justify="space-between" gap="sm">
        <span>{portalMessage(error)}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red.9" onClick={onRetry}>
            {t("actions.tryAgain")}
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

/** A fee with its currency, in the reader's language. */
export function formatMoney(amount: number): string {
  return money(amount);
}

export function formatBytes(size: number): string {
  return formatSize(size);
}

/** Whether pushed changes are arriving; without a connection the lists still refresh when it returns. */
export function LiveBadge() {
  const { t } = useTranslation();
  const status = useContext(RealtimeContext)?.status ?? "idle";
  const live = status === "open";
  return (
    <Badge color={live ? "green" : "gray"} variant="dot" size="lg" data-testid="live-status">
      {live ? t("live.live") : status === "connecting" ? t("live.connecting") : t("live.off")}
    </Badge>
  );
}
