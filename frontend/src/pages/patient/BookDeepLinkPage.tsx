import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { catalogue, keys } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { bookingPath, type BookingState } from "../../components/booking";
import { NextFreeSlots } from "../../components/NextFreeSlots";
import { shownState } from "../../components/slots";
import { browserZone, formatWhen } from "../../i18n/format";

/**
 * Where a booking deep link lands (`/book?slot=<id>&source=<who linked>`), e.g. from a slot finder reading our
 * SMART Scheduling Links publication. The route's guard signs the patient in (or up) first and comes back here;
 * a free slot goes straight on to the confirm step, which holds it; a taken one says so and offers the doctor's
 * next free times. `source` travels on in the address (there is no analytics store yet).
 */
export default function BookDeepLinkPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const slotId = params.get("slot")?.trim() ?? "";
  const source = params.get("source")?.trim() ?? "";
  const slot = useQuery({
    queryKey: [...keys.slots("deep-link"), slotId],
    queryFn: () => catalogue.slot(slotId),
    enabled: slotId !== "",
    retry: false,
    staleTime: 0,
  });

  if (!slotId) return <Gone title={t("patient.deepLink.noSlot")} />;
  if (slot.isPending) return <PageLoader />;
  if (slot.isError) {
    const missing = slot.error instanceof ApiError && slot.error.status === 404;
    return <Gone title={missing ? t("patient.deepLink.gone") : t("patient.deepLink.failed")} />;
  }
  const found = slot.data;
  const viewer = user?.timezone ?? browserZone();
  if (shownState(found, Date.now()) === "free") {
    const state: BookingState = { doctorId: found.doctor_id, start: found.start, end: found.end, zone: found.timezone };
    const to = bookingPath(found.slot_id, found.doctor_id) + (source ? `&source=${encodeURIComponent(source)}` : "");
    return <Navigate to={to} replace state={state} />;
  }
  return (
    <Gone
      title={t("patient.deepLink.taken")}
      when={formatWhen(found.start, found.timezone, { end: found.end, viewerZone: viewer })}
      doctorId={found.doctor_id}
      viewer={viewer}
    />
  );
}

function Gone({ title, when, doctorId, viewer }: { title: string; when?: string; doctorId?: string; viewer?: string }) {
  const { t } = useTranslation();
  const doctor = useQuery({
    queryKey: keys.doctor(doctorId ?? ""),
    queryFn: () => catalogue.doctor(doctorId ?? ""),
    enabled: !!doctorId,
  });
  return (
    <Paper maw={640} mx="auto" p="lg" withBorder>
      <Stack>
        <Title order={1} fz="h2">
          {title}
        </Title>
        {doctor.data && <Text fw={600}>{doctor.data.name}</Text>}
        {when && <Text>{when}</Text>}
        {doctorId && <NextFreeSlots doctorId={doctorId} doctorName={doctor.data?.name} viewerZone={viewer} />}
        <Group>
          {doctorId ? (
            <Button variant="default" component={Link} to={`/doctors/${encodeURIComponent(doctorId)}`}>
              {t("patient.deepLink.allTimes")}
            </Button>
          ) : (
            <Button component={Link} to="/doctors">
              {t("patient.deepLink.findDoctor")}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
