import { Alert, Button, Card, Group, Skeleton, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { talkKeys, urgent, type UrgentRequest } from "../../api/talk";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatTime } from "../../components/time";
import { useRealtimeEvent } from "../../realtime/useRealtime";

function QueueItem({ request, zone }: { request: UrgentRequest; zone?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const claim = useMutation({
    mutationFn: () => urgent.claim(request.request_id),
    onSuccess: (claimed) => {
      void queryClient.invalidateQueries({ queryKey: talkKeys.urgentQueue });
      if (claimed.conversation_id) navigate(`/doctor/messages/${encodeURIComponent(claimed.conversation_id)}`);
    },
  });
  return (
    <Card withBorder data-testid="urgent-item">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t("talk.duty.waitingSince", { time: formatDateTime(request.created_at, zone) })}
        </Text>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{request.symptoms}</Text>
        {request.callback_phone && <Text size="sm">{t("talk.duty.callBack", { phone: request.callback_phone })}</Text>}
        {claim.isError && <ErrorAlert error={claim.error} title={t("talk.duty.claimFailed")} />}
        <Group justify="flex-end">
          <Button color="red" loading={claim.isPending} onClick={() => claim.mutate()}>
            {t("talk.duty.claim")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** `/doctor/urgent`: the duty switch and, on duty, the waiting urgent requests, live; the first to claim one wins. */
export default function UrgentPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const duty = useQuery({ queryKey: talkKeys.duty, queryFn: urgent.duty });
  const onDuty = duty.data?.on_duty ?? false;
  const queue = useQuery({ queryKey: talkKeys.urgentQueue, queryFn: urgent.queue, enabled: onDuty, refetchInterval: 60_000 });
  useRealtimeEvent("urgent-request", () => {
    void queryClient.invalidateQueries({ queryKey: talkKeys.urgentQueue });
  });
  const toggle = useMutation({
    mutationFn: (on: boolean) => urgent.setDuty(on),
    onSuccess: (changed) => {
      queryClient.setQueryData(talkKeys.duty, changed);
      void queryClient.invalidateQueries({ queryKey: talkKeys.urgentQueue });
    },
  });
  const zone = user?.timezone;
  return (
    <Stack gap="md">
      <Title order={1}>{t("talk.duty.title")}</Title>
      {duty.isPending ? (
        <Skeleton h={40} />
      ) : (
        <Card withBorder>
          <Stack gap="xs">
            <Switch
              size="md"
              label={t("talk.duty.onDuty")}
              checked={onDuty}
              disabled={toggle.isPending}
              onChange={(e) => toggle.mutate(e.currentTarget.checked)}
              data-testid="duty-switch"
            />
            <Text size="sm" c="dimmed">
              {onDuty && duty.data?.until ? t("talk.duty.until", { time: formatTime(duty.data.until, zone) }) : t("talk.duty.offDuty")}
            </Text>
            {toggle.isError && <ErrorAlert error={toggle.error} title={t("talk.duty.switchFailed")} />}
          </Stack>
        </Card>
      )}
      {onDuty && (
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t("talk.duty.queue")}
          </Title>
          {queue.isPending && <Skeleton h={120} />}
          {queue.isError && <ErrorAlert error={queue.error} title={t("talk.duty.loadFailed")} onRetry={() => void queue.refetch()} />}
          {queue.isSuccess && queue.data.items.length === 0 && <Alert variant="light">{t("talk.duty.empty")}</Alert>}
          {queue.data?.items.map((request) => (
            <QueueItem key={request.request_id} request={request} zone={zone} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
