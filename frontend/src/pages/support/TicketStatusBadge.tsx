import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TicketStatus } from "../../api/support";
import { useAuth } from "../../auth/context";

const COLORS: Record<TicketStatus, string> = { OPEN: "blue", PENDING: "yellow", RESOLVED: "green", CLOSED: "gray" };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  const { role } = useAuth();
  const words = role === "admin" ? "staffStatuses" : "statuses";
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status}>
      {t(`support.${words}.${status}`)}
    </Badge>
  );
}
