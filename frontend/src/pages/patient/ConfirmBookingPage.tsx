import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { browserZone, formatWhen } from "../../i18n/format";
import { useAuth } from "../../auth/context";
import { fee } from "../public/DoctorCard";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { booking, catalogue, keys } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import { AttachmentPicker } from "../../components/AttachmentPicker";
import { forgetIdempotencyKey, idempotencyKey, type BookingState } from "../../components/booking";
import { Countdown } from "../../components/Countdown";
import { announceBooked } from "../../components/embed";
import { NextFreeSlots } from "../../components/NextFreeSlots";
import { ErrorAlert } from "../../components/ErrorAlert";
import { UploadProgress } from "../../components/UploadProgress";
import { useUploads } from "../../components/useUploads";

export const REASON_MAX = 1000;

export function validateReason(value: string): string | null {
  return value.length > REASON_MAX ? i18n.t("patient.confirm.reasonTooLong", { max: REASON_MAX }) : null;
}

/**
 * The confirm step: the slot is held for this patient (the countdown shows for how long), they add a reason and
 * files, and the booking is sent once with an Idempotency-Key so a retry after a lost answer cannot book twice.
 */
export default function ConfirmBookingPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { slotId = "" } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const passed = (location.state ?? {}) as BookingState;
  const doctorId = passed.doctorId ?? params.get("doctor") ?? "";
  const [expiresAt, setExpiresAt] = useState<string | null>(passed.expiresAt ?? null);
  const [expired, setExpired] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attachments, setAttachments] = useState<File[]>([]);
  const uploads = useUploads();
  const key = useRef(idempotencyKey(slotId));
  const form = useForm({ initialValues: { reason: "" }, validate: { reason: validateReason } });

  const doctor = useQuery({
    queryKey: keys.doctor(doctorId),
    queryFn: () => catalogue.doctor(doctorId),
    enabled: !!doctorId,
  });
  const zone = passed.zone ?? doctor.data?.timezone ?? "UTC";

  // After a reload the hold's end is not known here: holding again (our own hold) answers it, and extends it.
  const takeHold = useCallback(async () => {
    setError(null);
    setRefused(null);
    try {
      const held = await booking.lock(slotId);
      setExpiresAt(held.expires_at);
      setExpired(false);
    } catch (failure) {
      setRefused(failure);
    }
  }, [slotId]);
  useEffect(() => {
    if (!passed.expiresAt) void takeHold();
  }, [passed.expiresAt, takeHold]);

  async function submit(values: { reason: string }) {
    setBusy(true);
    setError(null);
    try {
      const appointment = await booking.book(slotId, values.reason.trim(), key.current);
      forgetIdempotencyKey(slotId);
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: keys.slots(doctorId) });
      announceBooked({
        appointment_id: appointment.appointment_id,
        start: appointment.start,
        end: appointment.end,
        doctor: appointment.doctor.name,
      });
      const failed = attachments.length ? await uploads.run(appointment.appointment_id, attachments) : 0;
      navigate(`/me/appointments/${encodeURIComponent(appointment.appointment_id)}/booked`, {
        replace: true,
        state: { appointment, failedUploads: failed, zone },
      });
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.code === "IDEMPOTENCY_KEY_REUSED") {
        forgetIdempotencyKey(slotId);
        key.current = idempotencyKey(slotId);
      }
    } finally {
      setBusy(false);
    }
  }

  async function release() {
    try {
      await booking.unlock(slotId);
    } catch {
      // The hold may have ended already; either way the slot is free for others.
    }
    forgetIdempotencyKey(slotId);
    navigate(doctorId ? `/doctors/${encodeURIComponent(doctorId)}` : "/doctors");
  }

  const doctorName = passed.doctorName ?? doctor.data?.name;
  const uploading = uploads.items.length > 0;
  const weekLink = doctorId ? `/doctors/${encodeURIComponent(doctorId)}` : "/doctors";

  if (refused) {
    return (
      <Paper maw={640} mx="auto" p="lg" withBorder>
        <Stack>
          <Title order={1} fz="h2">
            {t("patient.confirm.notAvailable")}
          </Title>
          {doctorName && <Text fw={600}>{doctorName}</Text>}
          <ErrorAlert error={refused} title={t("patient.confirm.couldNotHold")} />
          {doctorId && (
            <NextFreeSlots doctorId={doctorId} doctorName={doctorName} viewerZone={user?.timezone ?? browserZone()} />
          )}
          <Group>
            <Button component={Link} to={weekLink}>
              {t("patient.confirm.chooseAnother")}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper maw={640} mx="auto" p="lg" withBorder>
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={1} fz="h2">
            {t("patient.confirm.title")}
          </Title>
          {expiresAt && !expired && (
            <Countdown until={expiresAt} label={t("patient.confirm.heldForYou")} onExpire={() => setExpired(true)} />
          )}
        </Group>
        <div>
          {doctorName && <Text fw={600}>{doctorName}</Text>}
          {passed.start && (
            <Text>{formatWhen(passed.start, zone, { end: passed.end, viewerZone: user?.timezone ?? browserZone() })}</Text>
          )}
          {doctor.data && (
            <Text fz="sm" c="dimmed">
              {t("patient.confirm.fee", { fee: fee(doctor.data.consultation_fee) })}
            </Text>
          )}
        </div>
        {expired ? (
          <Alert color="orange" role="alert" title={t("patient.confirm.holdEnded")}>
            <Stack gap="xs">
              <Text fz="sm">{t("patient.confirm.holdEndedBody")}</Text>
              <Group>
                <Button size="sm" onClick={() => void takeHold()}>
                  {t("patient.confirm.holdAgain")}
                </Button>
                <Button size="sm" variant="default" component={Link} to={weekLink}>
                  {t("patient.confirm.chooseAnother")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : expiresAt ? (
          <Text fz="sm" c="dimmed">
            {t("patient.confirm.holding")}
          </Text>
        ) : (
          <Text fz="sm" c="dimmed">
            {t("patient.confirm.takingHold")}
          </Text>
        )}
        <ErrorAlert error={error} title={t("patient.confirm.failed")} />
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Textarea
              label={t("patient.confirm.reason")}
              description={t("patient.confirm.reasonHint")}
              autosize
              minRows={3}
              maxRows={8}
              {...form.getInputProps("reason")}
            />
            <Text fz="xs" c={form.values.reason.length > REASON_MAX ? "red.8" : "dimmed"} ta="right" aria-live="polite">
              {form.values.reason.length} / {REASON_MAX}
            </Text>
            <AttachmentPicker value={attachments} onChange={setAttachments} disabled={busy} />
            <UploadProgress items={uploads.items} />
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => void release()} disabled={busy}>
                {t("patient.confirm.chooseAnother")}
              </Button>
              <Button type="submit" loading={busy} disabled={expired || !expiresAt}>
                {uploading ? t("patient.confirm.uploading") : t("patient.confirm.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
