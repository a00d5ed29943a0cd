import { Alert, Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { booking, catalogue, keys } from "../../api/endpoints";
import { ApiError, friendlyMessage } from "../../api/errors";
import type { Slot } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { bookingPath, forgetIdempotencyKey } from "../../components/booking";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RatingSummary } from "../../components/reviews/RatingSummary";
import { SlotWeek } from "../../components/SlotWeek";
import { dayjs } from "../../components/time";
import { browserZone, formatDay, formatWhen, zoneName } from "../../i18n/format";
import { useRealtime } from "../../realtime/useRealtime";
import { fee, firstFree, Place } from "./DoctorCard";
import { DoctorReviews } from "./DoctorReviews";
import { useDoctorSlots } from "./useDoctorSlots";
import { VisitTypes } from "./VisitTypes";
import { WaitlistPanel } from "./WaitlistPanel";

const SLOT_CONFLICTS = ["SLOT_LOCKED", "SLOT_TAKEN", "SLOT_UNAVAILABLE"];

/** An approved doctor's page: by id (`/doctors/:doctorId`), or given one by the booking-page route (`/d/:slug`). */
export default function DoctorProfilePage({ doctorId: given }: { doctorId?: string } = {}) {
  const { t } = useTranslation();
  const routeParams = useParams();
  const doctorId = given ?? routeParams.doctorId ?? "";
  const [params, setParams] = useSearchParams();
  const rescheduling = params.get("reschedule");
  const offered = params.get("slot");
  const { user } = useAuth();
  const { status } = useRealtime();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<unknown>(null);
  const [moveTo, setMoveTo] = useState<Slot | null>(null);

  const doctor = useQuery({ queryKey: keys.doctor(doctorId), queryFn: () => catalogue.doctor(doctorId) });
  const zone = doctor.data?.timezone ?? "UTC";
  const today = dayjs().tz(zone).format("YYYY-MM-DD");
  const asked = params.get("week");
  const weekStart = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= today ? asked : today;
  const from = dayjs.tz(weekStart, zone);
  const to = from.add(7, "day");
  const patient = user?.role === "patient";
  const slots = useDoctorSlots(doctorId, from.format(), to.format(), !!user, status === "open");
  const viewer = user?.timezone ?? browserZone();
  // The four weeks after this one: whether "Later" leads anywhere, and where the next free time is.
  const ahead = useQuery({
    queryKey: [...keys.slots(doctorId), "ahead", to.format()],
    queryFn: () => catalogue.slots(doctorId, to.format(), to.add(28, "day").format()),
    enabled: !!doctor.data,
    staleTime: 60_000,
  });
  const nextAhead = ahead.data ? firstFree(ahead.data.items) : null;

  const hold = useMutation({
    mutationFn: (slot: Slot) => booking.lock(slot.slot_id),
    onSuccess: (held, slot) => {
      forgetIdempotencyKey(slot.slot_id);
      navigate(bookingPath(slot.slot_id, doctorId), {
        state: {
          expiresAt: held.expires_at,
          doctorId,
          doctorName: doctor.data?.name,
          start: slot.start,
          end: slot.end,
          zone,
        },
      });
    },
    onError: (error) => {
      setProblem(error);
      if (error instanceof ApiError && SLOT_CONFLICTS.includes(error.code)) {
        void queryClient.invalidateQueries({ queryKey: keys.slots(doctorId) });
      }
    },
  });

  const move = useMutation({
    mutationFn: (slot: Slot) => booking.reschedule(rescheduling!, slot.slot_id),
    onSuccess: (appointment) => {
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: keys.slots(doctorId) });
      navigate(`/me/appointments/${encodeURIComponent(appointment.appointment_id)}`, {
        state: { notice: t("public.profile.moved") },
      });
    },
    onError: (error) => {
      setMoveTo(null);
      setProblem(error);
      void queryClient.invalidateQueries({ queryKey: keys.slots(doctorId) });
    },
  });

  function choose(slot: Slot) {
    setProblem(null);
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`);
      return;
    }
    if (rescheduling) setMoveTo(slot);
    else hold.mutate(slot);
  }

  function goToWeek(day: string) {
    const next = new URLSearchParams(params);
    next.set("week", day);
    setParams(next, { replace: true });
  }

  if (doctor.isLoading) return <PageLoader />;
  if (doctor.error || !doctor.data) {
    return <ErrorAlert error={doctor.error ?? new ApiError(404, "NOT_FOUND", "")} title={t("public.profile.unavailable")} />;
  }
  const d = doctor.data;
  const items = slots.data?.items ?? [];
  const nothingFree = slots.isSuccess && !items.some((s) => s.state === "available" || s.state === "locked");

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Stack gap={6}>
          <Group justify="space-between" wrap="wrap">
            <Title order={1}>{d.name}</Title>
            <Badge size="lg" variant="light">
              {d.specialty.name}
            </Badge>
          </Group>
          <Text c="dimmed">
            {t("public.card.experience", { count: d.experience_years })} ·{" "}
            {t("public.card.fee", { fee: fee(d.consultation_fee) })}
          </Text>
          <RatingSummary rating={d.rating} size="md" />
          <Place doctor={d} />
          {d.bio && <Text>{d.bio}</Text>}
        </Stack>
      </Paper>

      <VisitTypes doctor={d} />

      {offered && !rescheduling && (
        <Alert color="teal" title={t("public.profile.offerTitle")} role="status">
          <Stack gap="xs">
            <Text fz="sm">{user ? t("public.profile.offerBody") : t("public.profile.offerSignIn")}</Text>
            <Group>
              {user ? (
                patient && (
                  <Button component={Link} to={bookingPath(offered, doctorId)}>
                    {t("public.profile.offerBook")}
                  </Button>
                )
              ) : (
                <Button component={Link} to={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`}>
                  {t("auth.login.submit")}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}

      {rescheduling && (
        <Alert color="blue" title={t("public.profile.rescheduleTitle")} role="status">
          {t("public.profile.rescheduleBody")}{" "}
          <Link to={`/me/appointments/${encodeURIComponent(rescheduling)}`}>{t("public.profile.keepCurrent")}</Link>
        </Alert>
      )}

      <section aria-labelledby="week-heading">
        <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
          <div>
            <Title order={2} id="week-heading" fz="h3">
              {t("public.profile.weekTitle", { from: formatDay(from.toDate(), zone), to: formatDay(to.subtract(1, "day").toDate(), zone) })}
            </Title>
            <Text fz="sm" c="dimmed">
              {t("time.timesIn", { zone: zoneName(zone) })}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} aria-hidden />}
              disabled={weekStart <= today}
              onClick={() => goToWeek(maxDay(from.subtract(7, "day").format("YYYY-MM-DD"), today))}
            >
              {t("public.profile.earlier")}
            </Button>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} aria-hidden />}
              disabled={from.add(7, "day").diff(dayjs(), "day") > 90 || (ahead.isSuccess && !nextAhead)}
              onClick={() => goToWeek(to.format("YYYY-MM-DD"))}
            >
              {t("public.profile.later")}
            </Button>
          </Group>
        </Group>
        {problem !== null && (
          <Alert color="orange" role="alert" mb="sm" withCloseButton onClose={() => setProblem(null)} closeButtonLabel={t("actions.dismiss")}>
            {friendlyMessage(problem)}
          </Alert>
        )}
        {user && !patient && (
          <Alert color="gray" mb="sm">
            {t("public.profile.onlyPatients")}
          </Alert>
        )}
        {!user && (
          <Text fz="sm" mb="sm">
            <Link to={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`}>
              {t("public.profile.signInToBook")}
            </Link>{" "}
            {t("public.profile.signInToBookRest")}
          </Text>
        )}
        <ErrorAlert error={slots.error} onRetry={() => void slots.refetch()} />
        {slots.isLoading ? (
          <Skeleton height={220} />
        ) : (
          <SlotWeek
            slots={items}
            zone={zone}
            weekStart={weekStart}
            onChoose={choose}
            pendingSlotId={hold.isPending ? (hold.variables?.slot_id ?? null) : null}
            disabled={!!user && !patient}
          />
        )}
        {nothingFree && (
          <Stack mt="sm" gap="xs" align="flex-start">
            <Text c="dimmed">
              {t("public.profile.noneThisWeek")}{" "}
              {nextAhead
                ? t("public.profile.nextFree", { when: formatWhen(nextAhead.start, zone, { viewerZone: viewer }) })
                : ahead.isSuccess
                  ? patient
                    ? t("public.profile.noneAhead")
                    : t("public.profile.noneAheadVisitor")
                  : ""}
            </Text>
            {nextAhead && (
              <Button variant="light" size="sm" onClick={() => goToWeek(dayjs(nextAhead.start).tz(zone).format("YYYY-MM-DD"))}>
                {t("public.profile.goToNext")}
              </Button>
            )}
          </Stack>
        )}
      </section>

      {patient && !rescheduling && <WaitlistPanel doctor={d} />}

      {!rescheduling && <DoctorReviews doctorId={doctorId} doctorName={d.name} />}

      <Modal
        opened={moveTo !== null}
        onClose={() => setMoveTo(null)}
        title={t("public.profile.moveTitle")}
        centered
      >
        {moveTo && (
          <Stack>
            <Text>
              {t("public.profile.moveBody", { doctor: d.name, when: formatWhen(moveTo.start, zone, { viewerZone: viewer }) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setMoveTo(null)}>
                {t("public.profile.keepCurrent")}
              </Button>
              <Button loading={move.isPending} onClick={() => move.mutate(moveTo)}>
                {t("public.profile.moveIt")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}
