import { Alert, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { talkKeys, urgent } from "../../api/talk";

/** What to call in a life-threatening emergency: the first thing on every urgent page. */
export function EmergencyNotice({ number }: { number?: string }) {
  const { t } = useTranslation();
  const emergency = useQuery({ queryKey: talkKeys.emergency, queryFn: urgent.emergency, staleTime: 3_600_000, enabled: !number });
  const shown = number ?? emergency.data?.emergency_number ?? "112";
  return (
    <Alert color="red" variant="filled" icon={<IconAlertTriangle aria-hidden />} title={t("talk.emergency.title", { number: shown })} data-testid="emergency-notice">
      <Text size="sm">{t("talk.emergency.body")}</Text>
    </Alert>
  );
}
