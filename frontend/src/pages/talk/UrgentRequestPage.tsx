import { Button, Card, Group, Select, Skeleton, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { talkKeys, urgent, type UrgentChange } from "../../api/talk";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatTime } from "../../components/time";
import { useRealtimeEvent } from "../../realtime/useRealtime";
import { EmergencyNotice } from "./EmergencyNotice";

/** `/urgent`: the emergency number first, then the patient's request to the doctors on duty. */
export function UrgentRequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [symptoms, setSymptoms] = useState("");
  const [phone, setPhone] = useState("");
  const [specialty, setSpecialty] = useState<string | null>(null);
  const specialties = useQuery({ queryKey: keys.specialties, queryFn: catalogue.specialties });
  const create = useMutation({
    mutationFn: () =>
      urgent.create({
        symptoms: symptoms.trim(),
        ...(phone.trim() ? { callback_phone: phone.trim() } : {}),
        ...(specialty ? { specialty_id: specialty } : {}),
      }),
    onSuccess: (request) => navigate(`/urgent/${encodeURIComponent(request.request_id)}`),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (symptoms.trim()) create.mutate();
  }
  return (
    <Stack gap="md" maw={720}>
      <EmergencyNotice />
      <Title order={1}>{t("talk.urgent.title")}</Title>
      <Text>{t("talk.urgent.intro")}</Text>
      <Card withBorder component="form" onSubmit={submit}>
        <Stack gap="sm">
          <Textarea
            label={t("talk.urgent.symptoms")}
            value={symptoms}
            onChange={(e) => setSymptoms(e.currentTarget.value)}
            required
            maxLength={2000}
            autosize
            minRows={4}
          />
          <TextInput label={t("talk.urgent.phone")} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} type="tel" />
          <Select
            label={t("talk.urgent.specialty")}
            placeholder={t("talk.urgent.anySpecialty")}
            data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
            value={specialty}
            onChange={setSpecialty}
            clearable
          />
          {create.isError && <ErrorAlert error={create.error} title={t("talk.urgent.submitFailed")} />}
          <Group justify="flex-end">
            <Button type="submit" color="red" loading={create.isPending} disabled={!symptoms.trim()}>
              {t("talk.urgent.submit")}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

/** `/urgent/:requestId`: the emergency number first, then the request's status, live. */
export function UrgentStatusPage() {
  const { t } = useTranslation();
  const { requestId = "" } = useParams();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const request = useQuery({ queryKey: talkKeys.urgent(requestId), queryFn: () => urgent.get(requestId) });
  useRealtimeEvent("urgent-request", (event) => {
    if ((event.data as unknown as UrgentChange).request_id === requestId) {
      void queryClient.invalidateQueries({ queryKey: talkKeys.urgent(requestId) });
    }
  });
  const cancel = useMutation({
    mutationFn: () => urgent.cancel(requestId),
    onSuccess: (changed) => queryClient.setQueryData(talkKeys.urgent(requestId), changed),
  });
  const data = request.data;
  return (
    <Stack gap="md" maw={720}>
      <EmergencyNotice number={data?.emergency_number} />
      <Title order={1}>{t("talk.urgent.statusTitle")}</Title>
      {request.isPending && <Skeleton h={160} />}
      {request.isError && <ErrorAlert error={request.error} title={t("talk.urgent.loadFailed")} onRetry={() => void request.refetch()} />}
      {data && (
        <Card withBorder>
          <Stack gap="sm">
            <Text fw={700} size="lg" data-testid="urgent-status">
              {t(`talk.urgent.status.${data.status}`)}
            </Text>
            <Text size="sm" c="dimmed">
              {t("talk.urgent.sent", { time: formatDateTime(data.created_at, user?.timezone) })}
            </Text>
            {data.status === "WAITING" && data.escalates_at && (
              <Text>{t("talk.urgent.waiting", { time: formatTime(data.escalates_at, user?.timezone) })}</Text>
            )}
            {data.status === "CLAIMED" && data.claimed_by && <Text>{t("talk.urgent.claimed", { name: data.claimed_by.name })}</Text>}
            {data.status === "ESCALATED" && <Text>{t("talk.urgent.escalated")}</Text>}
            {data.status === "CANCELLED" && <Text>{t("talk.urgent.cancelled")}</Text>}
            <Text style={{ whiteSpace: "pre-wrap" }} c="dimmed" size="sm">
              {data.symptoms}
            </Text>
            {cancel.isError && <ErrorAlert error={cancel.error} title={t("talk.urgent.cancelFailed")} />}
            <Group>
              {data.conversation_id && (
                <Button component={Link} to={`/messages/${encodeURIComponent(data.conversation_id)}`}>
                  {t("talk.urgent.openConversation")}
                </Button>
              )}
              {(data.status === "WAITING" || data.status === "ESCALATED") && (
                <Button variant="light" color="gray" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                  {t("talk.urgent.cancel")}
                </Button>
              )}
              {data.status === "CANCELLED" && (
                <Button component={Link} to="/urgent" variant="light">
                  {t("talk.urgent.newRequest")}
                </Button>
              )}
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
