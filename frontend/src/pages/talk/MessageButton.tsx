import { Button } from "@mantine/core";
import { IconMessage } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { conversations } from "../../api/talk";
import { ErrorAlert } from "../../components/ErrorAlert";

/** Opens (or finds) the conversation with the appointment's other party and goes there. */
export function MessageButton({ doctorId, patientId }: { doctorId?: string; patientId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = useMutation({
    mutationFn: () => (doctorId ? conversations.withDoctor(doctorId) : conversations.withPatient(patientId ?? "")),
    onSuccess: (conversation) =>
      navigate(`${patientId ? "/doctor/messages" : "/messages"}/${encodeURIComponent(conversation.conversation_id)}`),
  });
  const describe = (error: unknown) =>
    error instanceof ApiError && error.code === "NO_CARE_RELATIONSHIP" ? t("talk.messages.noCare") : t("talk.messages.openFailed");
  return (
    <>
      <Button variant="light" leftSection={<IconMessage size={18} aria-hidden />} loading={open.isPending} onClick={() => open.mutate()}>
        {t("talk.messages.message")}
      </Button>
      {open.isError && <ErrorAlert error={open.error} describe={describe} />}
    </>
  );
}
