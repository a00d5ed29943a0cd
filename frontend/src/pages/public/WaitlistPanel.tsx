import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { keys, waitlist } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import type { Doctor } from "../../api/types";
import { Countdown } from "../../components/Countdown";
import { ErrorAlert } from "../../components/ErrorAlert";
import { bookingPath } from "../../components/booking";
import { dayjs, formatDate, formatDateTime } from "../../components/time";

/** Join or leave a doctor's waitlist; shows the slot held for the patient when an offer is open. */
export function WaitlistPanel({ doctor }: { doctor: Doctor }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [date, setDate] = useState<string | null>(null);
  const entry = useQuery({
    queryKey: keys.waitlist(doctor.doctor_id),
    queryFn: async () => {
      try {
        return await waitlist.get(doctor.doctor_id);
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
          Nothing suits you?
        </Title>
        <ErrorAlert error={entry.error ?? join.error ?? leave.error} />
        {offerOpen && current ? (
          <Alert color="teal" title="A time is held for you" role="status">
            <Stack gap="xs">
              <Text fz="sm">
                A time opened up and is held in your name. Book it before the hold ends.
              </Text>
              <Group>
                <Countdown until={current.offer_expires_at!} label="Held for" onExpire={() => void refresh()} />
                <Button
                  onClick={() =>
                    navigate(bookingPath(current.offer_slot_id!, doctor.doctor_id), {
                      state: { expiresAt: current.offer_expires_at, doctorId: doctor.doctor_id },
                    })
                  }
                >
                  Book now
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : current ? (
          <Stack gap="xs">
            <Text fz="sm">
              You are on {doctor.name}'s waitlist{current.date ? ` for ${formatDate(`${current.date}T12:00:00Z`, "UTC")}` : ""}{" "}
              since {formatDateTime(current.joined_at)}. When a time frees up we hold it for you for 15 minutes and let
              you know.
            </Text>
            <Group>
              <Button variant="default" loading={leave.isPending} onClick={() => leave.mutate()}>
                Leave the waitlist
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Text fz="sm">
              Join the waitlist: when a time frees up, we hold it for you for 15 minutes and let you know.
            </Text>
            <Group align="flex-end">
              <DatePickerInput
                label="For a particular day (optional)"
                placeholder="Any day"
                clearable
                value={date}
                minDate={dayjs().format("YYYY-MM-DD")}
                maxDate={dayjs().add(90, "day").format("YYYY-MM-DD")}
                onChange={(value) => setDate(value ? dayjs(value).format("YYYY-MM-DD") : null)}
                w={{ base: "100%", xs: 220 }}
              />
              <Button loading={join.isPending} onClick={() => join.mutate()}>
                Join the waitlist
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
