import { Alert, Anchor, Badge, Button, Card, Group, Modal, Skeleton, Stack, Tabs, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { adminApi, adminKeys, type DoctorAdmin, type DoctorStatus } from "../../api/admin";
import { portalMessage } from "../doctor/messages";
import { ErrorNotice, formatMoney, PageHeader } from "../doctor/ui";
import { dateTimeIn } from "../doctor/zoned";
import { useAuth } from "../../auth/context";

const STATUSES: { value: DoctorStatus; label: string }[] = [
  { value: "PENDING", label: "Waiting for approval" },
  { value: "APPROVED", label: "Approved" },
  { value: "REJECTED", label: "Rejected" },
  { value: "SUSPENDED", label: "Suspended" },
];

type Decision = { doctor: DoctorAdmin; approve: boolean };

/** The admin's decision form: a rejection needs a reason the doctor will read; an approval may carry a note. */
export function DecisionModal({ decision, onClose }: { decision: Decision | null; onClose: () => void }) {
  if (!decision) return null;
  return <DecisionForm key={`${decision.doctor.doctor_id}-${decision.approve}`} decision={decision} onClose={onClose} />;
}

function DecisionForm({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { approve, doctor } = decision;
  const form = useForm({
    mode: "controlled",
    initialValues: { reason: "" },
    validate: {
      reason: (value) =>
        !approve && value.trim().length < 5 ? "Write the reason the doctor will read (at least 5 characters)." : null,
    },
  });
  const decide = useMutation({
    mutationFn: ({ doctor, reason }: { doctor: DoctorAdmin; reason: string }) =>
      approve ? adminApi.approve(doctor.doctor_id, reason || undefined) : adminApi.reject(doctor.doctor_id, reason),
    onSuccess: (doctor) => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "doctors"] });
      void queryClient.invalidateQueries({ queryKey: ["doctors"] });
      toasts.show({
        color: approve ? "green" : "orange",
        title: approve ? "Doctor approved" : "Application rejected",
        message: approve
          ? `${doctor.name} can now publish slots and appears in search. They have been e-mailed.`
          : `${doctor.name} has been e-mailed with your reason.`,
      });
      form.reset();
      onClose();
    },
  });
  const close = () => {
    form.reset();
    decide.reset();
    onClose();
  };
  return (
    <Modal opened onClose={close} title={approve ? `Approve ${doctor.name}?` : `Reject ${doctor.name}?`}>
      <form onSubmit={form.onSubmit((values) => decide.mutate({ doctor, reason: values.reason.trim() }))} noValidate>
        <Stack>
          <Text size="sm">
            {approve
              ? "The doctor can then publish slots and patients can find and book them."
              : "The doctor is e-mailed with the reason below and cannot act as a doctor."}
          </Text>
          <Textarea
            label={approve ? "Note to the doctor (optional)" : "Reason for the doctor"}
            withAsterisk={!approve}
            autosize
            minRows={3}
            maxLength={1000}
            data-autofocus
            {...form.getInputProps("reason")}
          />
          {decide.isError && (
            <Alert color="red" role="alert">
              {portalMessage(decide.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Back
            </Button>
            <Button type="submit" color={approve ? undefined : "red.9"} loading={decide.isPending}>
              {approve ? "Approve doctor" : "Reject application"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DoctorCard({ doctor, zone, onDecide }: { doctor: DoctorAdmin; zone: string; onDecide: (d: Decision) => void }) {
  const canApprove = doctor.status !== "APPROVED";
  const canReject = doctor.status === "PENDING";
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={doctor.name} data-testid="doctor-card">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: "1 1 260px" }}>
          <Group gap="xs">
            <Text fw={700} size="lg">
              {doctor.name}
            </Text>
            <Badge variant="light" c="blue.9">{doctor.specialty.name}</Badge>
          </Group>
          <Text size="sm">
            {doctor.email ?? "no e-mail"} · licence {doctor.license_number}
          </Text>
          <Text size="sm" c="dimmed">
            {doctor.experience_years} years of experience · fee {formatMoney(doctor.consultation_fee)} · {doctor.timezone}
          </Text>
          <Text size="sm" c="dimmed">
            Registered {dateTimeIn(doctor.created_at, zone)}
            {doctor.decided_at ? ` · decided ${dateTimeIn(doctor.decided_at, zone)}` : ""}
          </Text>
          {doctor.decision_reason && <Text size="sm">Reason given: {doctor.decision_reason}</Text>}
          {doctor.bio && (
            <Text size="sm" lineClamp={3}>
              {doctor.bio}
            </Text>
          )}
        </Stack>
        {(canApprove || canReject) && (
          <Group gap="xs">
            {canApprove && (
              <Button onClick={() => onDecide({ doctor, approve: true })} aria-label={`Approve ${doctor.name}`}>
                Approve
              </Button>
            )}
            {canReject && (
              <Button color="red.9" variant="outline" onClick={() => onDecide({ doctor, approve: false })} aria-label={`Reject ${doctor.name}`}>
                Reject
              </Button>
            )}
          </Group>
        )}
      </Group>
    </Card>
  );
}

export default function DoctorsPage() {
  const { user } = useAuth();
  const zone = user?.timezone ?? "UTC";
  const [params, setParams] = useSearchParams();
  const status = (STATUSES.find((s) => s.value === params.get("status"))?.value ?? "PENDING") as DoctorStatus;
  const [decision, setDecision] = useState<Decision | null>(null);
  const list = useInfiniteQuery({
    queryKey: adminKeys.doctors(status),
    queryFn: ({ pageParam }) => adminApi.doctors(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const doctors = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <PageHeader title="Doctors" subtitle="Review applications and manage doctor accounts.">
        <Button component={Link} to="/admin/doctors/new">
          Create a doctor
        </Button>
      </PageHeader>
      <Tabs value={status} onChange={(value) => setParams(value ? { status: value } : {})}>
        <Tabs.List>
          {STATUSES.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={160} />
      ) : doctors.length === 0 ? (
        <Text c="dimmed">
          {status === "PENDING" ? "No applications are waiting. " : "No doctors here. "}
          <Anchor component={Link} to="/admin/doctors/new">
            Create a doctor
          </Anchor>{" "}
          directly if you know their details.
        </Text>
      ) : (
        <Stack gap="sm">
          {doctors.map((doctor) => (
            <DoctorCard key={doctor.doctor_id} doctor={doctor} zone={zone} onDecide={setDecision} />
          ))}
        </Stack>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
      <DecisionModal decision={decision} onClose={() => setDecision(null)} />
    </Stack>
  );
}
