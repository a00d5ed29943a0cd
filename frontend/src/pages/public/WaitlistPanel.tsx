import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { keys, waitlist } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import type { Doctor } from "../../api/types";
import { Countdown } from "../../components/Countdown";
import { ErrorAlert } from "../../components/ErrorAlert";
import { bookingPath } from "../../components/booking";
import { dayjs } from "../../components/time";
import { browserZone, formatDayTime, formatLongDate } from "../../i18n/format";
import { useAuth } from "../../auth/context";

/** Join or leave a doctor's waitlist; shows the slot held for the patient when an offer is open. */
export function WaitlistPanel({ doctor }: { doctor: Doctor }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [date, setDate] = useState<string | null>(null);
  const entry = useQuery({
    queryKey: keys.waitlist(doctor.doctor_id),
    queryFn: async () => {
      try {
        // "Not on the waitlist" is 200 with null; older servers answer 404.
        return (await waitlist.get(doctor.doctor_id)) ?? null;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.waitlist(doctor.doctor_id) });
  const join = useMutation({ mutationFn: () => waitlist.join(doctor.doctor_id, date ?? undefined), onSuccess: refresh });
  const leave = useMutation({ mutationFn: () => waitlist.leave(doctor.doctor_id), onSuccess: refresh });
  const current = entry.data;
  const offerOpen =
    current?.offer_slot_id && current.offer_expires_at && new Date(current.offer_expires_at).getTime() > Date.now();

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t("public.waitlist.title")}
        </Title>
        <ErrorAlert error={entry.error ?? join.error ?? leave.error} />
        {offerOpen && current ? (
          <Alert color="teal" title={t("public.waitlist.heldTitle")} role="status">
            <Stack gap="xs">
              <Text fz="sm">
                {t("public.waitlist.heldBody")}
              </Text>
              <Group>
                <Countdown until={current.offer_expires_at!} label={t("public.waitlist.heldFor")} onExpire={() => void refresh()} />
                <Button
                  onClick={() =>
                    navigate(bookingPath(current.offer_slot_id!, doctor.doctor_id), {
                      state: { expiresAt: current.offer_expires_at, doctorId: doctor.doctor_id },
                    })
                  }
                >
                  {t("public.waitlist.bookNow")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : current ? (
          <Stack gap="xs">
            <Text fz="sm">
              {current.date
                ? t("public.waitlist.onListFor", {
                    doctor: doctor.name,
                    day: formatLongDate(current.date),
                    since: formatDayTime(current.joined_at, user?.timezone ?? browserZone()),
                  })
                : t("public.waitlist.onList", {
                    doctor: doctor.name,
                    since: formatDayTime(current.joined_at, user?.timezone ?? browserZone()),
                  })}{" "}
              {t("public.waitlist.howItWorks")}
            </Text>
            <Group>
              <Button variant="default" loading={leave.isPending} onClick={() => leave.mutate()}>
                {t("public.waitlist.leave")}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Text fz="sm">
              {t("public.waitlist.intro")}
            </Text>
            <Group align="flex-end">
              <DatePickerInput
                label={t("public.waitlist.forDay")}
                placeholder={t("public.waitlist.anyDay")}
                clearable
                value={date}
                minDate={dayjs().format("YYYY-MM-DD")}
                maxDate={dayjs().add(90, "day").format("YYYY-MM-DD")}
                onChange={(value) => setDate(value ? dayjs(value).format("YYYY-MM-DD") : null)}
                w={{ base: "100%", xs: 220 }}
              />
              <Button loading={join.isPending} onClick={() => join.mutate()}>
                {t("public.waitlist.join")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
