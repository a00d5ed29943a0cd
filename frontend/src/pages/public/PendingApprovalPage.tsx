import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../../auth/context";
import { hasKey, tKey } from "../../i18n";

/** What a doctor who is not (yet) approved sees instead of the doctor's menu: where the application stands. */
export default function PendingApprovalPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const status = user?.doctor_status ?? "PENDING";
  const rejected = status === "REJECTED";
  const suspended = status === "SUSPENDED";
  const stateKey = `auth.pending.stateValue.${status}`;
  return (
    <Paper maw={560} mx="auto" mt="lg" p="lg" withBorder>
      <Stack>
        <Title order={1} fz="h2">
          {rejected ? t("auth.pending.rejected") : suspended ? t("auth.pending.suspended") : t("auth.pending.waiting")}
        </Title>
        {user?.role === "doctor" && (
          <Group gap="xs">
            <Text fw={600}>{t("auth.pending.state")}:</Text>
            <Text data-testid="application-state">{hasKey(stateKey) ? tKey(stateKey) : status}</Text>
          </Group>
        )}
        {rejected || suspended ? (
          <Alert color="orange">{t("auth.pending.contact")}</Alert>
        ) : (
          <Text>{t("auth.pending.thanks", { name: user?.name ?? "" })}</Text>
        )}
        {status === "APPROVED" ? (
          <Button component={Link} to="/doctor">
            {t("auth.pending.dashboard")}
          </Button>
        ) : (
          <Button component={Link} to="/" variant="default">
            {t("auth.pending.home")}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
