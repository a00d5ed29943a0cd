import { Alert, Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { booking, catalogue, keys } from "../../api/endpoints";
import { ApiError, friendlyMessage } from "../../api/errors";
import type { Slot } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { bookingPath, forgetIdempotencyKey } from "../../components/booking";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SlotWeek } from "../../components/SlotWeek";
import { dayjs, formatDateTime, zoneLabel } from "../../components/time";
import { useRealtime } from "../../realtime/useRealtime";
import { fee } from "./DoctorCard";
import { useDoctorSlots } from "./useDoctorSlots";
import { WaitlistPanel } from "./WaitlistPanel";

const SLOT_CONFLICTS = ["SLOT_LOCKED", "SLOT_TAKEN", "SLOT_UNAVAILABLE"];

export default function DoctorProfilePage() {
  const { doctorId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const rescheduling = params.get("reschedule");
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
        state: { notice: "Your appointment has been moved." },
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
    return <ErrorAlert error={doctor.error ?? new ApiError(404, "NOT_FOUND", "")} title="Doctor not available" />;
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
            {d.experience_years} years of experience · {fee(d.consultation_fee)} per visit
          </Text>
          {d.bio && <Text>{d.bio}</Text>}
        </Stack>
      </Paper>

      {rescheduling && (
        <Alert color="blue" title="Choose a new time" role="status">
          Pick a free time below to move your appointment. Your current time stays booked until the move succeeds.{" "}
          <Link to={`/me/appointments/${encodeURIComponent(rescheduling)}`}>Keep the current time</Link>
        </Alert>
      )}

      <section aria-labelledby="week-heading">
        <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
          <div>
            <Title order={2} id="week-heading" fz="h3">
              {from.format("D MMM")} – {to.subtract(1, "day").format("D MMM YYYY")}
            </Title>
            <Text fz="sm" c="dimmed">
              Times in {zoneLabel(zone)}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} aria-hidden />}
              disabled={weekStart <= today}
              onClick={() => goToWeek(maxDay(from.subtract(7, "day").format("YYYY-MM-DD"), today))}
            >
              Earlier
            </Button>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} aria-hidden />}
              disabled={from.add(7, "day").diff(dayjs(), "day") > 90}
              onClick={() => goToWeek(to.format("YYYY-MM-DD"))}
            >
              Later
            </Button>
          </Group>
        </Group>
        {problem !== null && (
          <Alert color="orange" role="alert" mb="sm" withCloseButton onClose={() => setProblem(null)} closeButtonLabel="Dismiss">
            {friendlyMessage(problem)}
          </Alert>
        )}
        {user && !patient && (
          <Alert color="gray" mb="sm">
            Only patient accounts can book appointments.
          </Alert>
        )}
        {!user && (
          <Text fz="sm" mb="sm">
            <Link to={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`}>Sign in</Link> to
            book a time; you will come back here.
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
          <Text mt="sm" c="dimmed">
            No free times this week. Try a later week{patient ? " or join the waitlist below" : ""}.
          </Text>
        )}
      </section>

      {patient && !rescheduling && <WaitlistPanel doctor={d} />}

      <Modal
        opened={moveTo !== null}
        onClose={() => setMoveTo(null)}
        title="Move your appointment?"
        centered
      >
        {moveTo && (
          <Stack>
            <Text>
              Move your appointment with {d.name} to {formatDateTime(moveTo.start, zone)} ({zoneLabel(zone)})?
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setMoveTo(null)}>
                Keep the current time
              </Button>
              <Button loading={move.isPending} onClick={() => move.mutate(moveTo)}>
                Move it
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
