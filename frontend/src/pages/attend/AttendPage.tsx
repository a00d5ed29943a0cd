import { Alert, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { attendance } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import { PageLoader } from "../../auth/guards";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, zoneLabel } from "../../components/time";

/** The link in the reminder e-mail: shows the appointment, and one button confirms attendance. No sign-in needed. */
export default function AttendPage() {
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
        This page needs the link from your reminder e-mail.
      </Alert>
    );
  }
  if (details.isLoading) return <PageLoader />;
  const a = details.data;
  return (
    <Paper maw={560} mx="auto" p="lg" withBorder>
      <Stack>
        <Title order={1} fz="h2">
          Will you attend?
        </Title>
        <ErrorAlert
          error={
            details.error instanceof ApiError && details.error.status === 404
              ? new ApiError(400, "INVALID_ATTENDANCE_LINK", "")
              : details.error
          }
          title="This link cannot be used"
        />
        {a && (
          <>
            <Text fz="lg">
              {a.doctor_name}, {formatDateTime(a.start, a.timezone)}
            </Text>
            <Text fz="sm" c="dimmed">
              Times in {zoneLabel(a.timezone)}
            </Text>
            {a.status === "CANCELLED" ? (
              <Alert color="red">This appointment has been cancelled.</Alert>
            ) : a.confirmed_at ? (
              <Alert color="teal" icon={<IconCircleCheck aria-hidden />} role="status">
                Thank you: you confirmed on {formatDateTime(a.confirmed_at, a.timezone)}. See you then.
              </Alert>
            ) : (
              <>
                <ErrorAlert error={confirm.error} title="Could not confirm" />
                <Button size="md" loading={confirm.isPending} onClick={() => confirm.mutate()}>
                  Yes, I will attend
                </Button>
                <Text fz="sm" c="dimmed">
                  Cannot make it? Sign in and cancel the appointment so someone else can have the time.
                </Text>
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
