import { Alert, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { formatDayTime, formatWhen } from "../../i18n/format";
import { attendance } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import { PageLoader } from "../../auth/guards";
import { ErrorAlert } from "../../components/ErrorAlert";

/** The link in the reminder e-mail: shows the appointment, and one button confirms attendance. No sign-in needed. */
export default function AttendPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const queryClient = useQueryClient();
  const details = useQuery({
    queryKey: ["attendance", token],
    queryFn: () => attendance.get(token),
    enabled: !!token,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: () => attendance.confirm(token),
    onSuccess: (result) => queryClient.setQueryData(["attendance", token], result),
  });

  if (!token) {
    return (
      <Alert color="orange" maw={560} mx="auto">
        {t("patient.attend.needsLink")}
      </Alert>
    );
  }
  if (details.isLoading) return <PageLoader />;
  const a = details.data;
  return (
    <Paper maw={560} mx="auto" p="lg" withBorder>
      <Stack>
        <Title order={1} fz="h2">
          {t("patient.attend.title")}
        </Title>
        <ErrorAlert
          error={
            details.error instanceof ApiError && details.error.status === 404
              ? new ApiError(400, "INVALID_ATTENDANCE_LINK", "")
              : details.error
          }
          title={t("patient.attend.invalid")}
        />
        {a && (
          <>
            <Text fz="lg" fw={600}>
              {a.doctor_name}
            </Text>
            <Text fz="lg">{formatWhen(a.start, a.timezone)}</Text>
            {a.status === "CANCELLED" ? (
              <Alert color="red">{t("patient.attend.cancelled")}</Alert>
            ) : a.confirmed_at ? (
              <Alert color="teal" icon={<IconCircleCheck aria-hidden />} role="status">
                {t("patient.attend.thanks", { when: formatDayTime(a.confirmed_at, a.timezone) })}
              </Alert>
            ) : (
              <>
                <ErrorAlert error={confirm.error} title={t("patient.attend.failed")} />
                <Button size="md" loading={confirm.isPending} onClick={() => confirm.mutate()}>
                  {t("patient.attend.yes")}
                </Button>
                <Text fz="sm" c="dimmed">
                  {t("patient.attend.cannot")}
                </Text>
              </>
            )}
            <Button component={Link} to={`/appointments/${encodeURIComponent(a.appointment_id)}`} variant="default">
              {t("patient.attend.open")}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}
