import { Alert, Anchor, Badge, Button, Card, Group, Modal, Skeleton, Stack, Tabs, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MyClinics } from "../doctor/VisitTypesPage";
import i18n from "../../i18n";
import { zoneLabel } from "../doctor/zoned";
import { Link, useSearchParams } from "react-router-dom";
import { adminApi, adminKeys, type DoctorAdmin, type DoctorStatus } from "../../api/admin";
import { portalMessage } from "../doctor/messages";
import { ErrorNotice, formatMoney, PageHeader } from "../doctor/ui";
import { dateTimeIn } from "../doctor/zoned";
import { useAuth } from "../../auth/context";

const STATUSES: { value: DoctorStatus }[] = [{ value: "PENDING" }, { value: "APPROVED" }, { value: "REJECTED" }, { value: "SUSPENDED" }];

type Decision = { doctor: DoctorAdmin; approve: boolean };

/** The admin's decision form: a rejection needs a reason the doctor will read; an approval may carry a note. */
export function DecisionModal({ decision, onClose }: { decision: Decision | null; onClose: () => void }) {
  if (!decision) return null;
  return <DecisionForm key={`${decision.doctor.doctor_id}-${decision.approve}`} decision={decision} onClose={onClose} />;
}

function DecisionForm({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { approve, doctor } = decision;
  const form = useForm({
    mode: "controlled",
    initialValues: { reason: "" },
    validate: {
      reason: (value) =>
        !approve && value.trim().length < 5 ? i18n.t("admin.doctors.reasonMissing") : null,
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
        title: approve ? t("admin.doctors.approvedTitle") : t("admin.doctors.rejectedTitle"),
        message: approve ? t("admin.doctors.approved", { name: doctor.name }) : t("admin.doctors.rejected", { name: doctor.name }),
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
    <Modal opened onClose={close} title={approve ? t("admin.doctors.approveTitle", { name: doctor.name }) : t("admin.doctors.rejectTitle", { name: doctor.name })}>
      <form onSubmit={form.onSubmit((values) => decide.mutate({ doctor, reason: values.reason.trim() }))} noValidate>
        <Stack>
          <Text size="sm">
            {approve ? t("admin.doctors.approveBody") : t("admin.doctors.rejectBody")}
          </Text>
          <Textarea
            label={approve ? t("admin.doctors.note") : t("admin.doctors.reason")}
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
              {t("actions.back")}
            </Button>
            <Button type="submit" color={approve ? undefined : "red.9"} loading={decide.isPending}>
              {approve ? t("admin.doctors.approveSubmit") : t("admin.doctors.rejectSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DoctorCard({ doctor, zone, onDecide }: { doctor: DoctorAdmin; zone: string; onDecide: (d: Decision) => void }) {
  const { t } = useTranslation();
  const [placing, setPlacing] = useState(false);
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
            {doctor.email ?? t("admin.doctors.noEmail")} · {t("admin.doctors.licence", { number: doctor.license_number })}
          </Text>
          <Text size="sm" c="dimmed">
            {t("admin.doctors.facts", {
              experience: t("public.card.experience", { count: doctor.experience_years }),
              fee: formatMoney(doctor.consultation_fee),
              zone: zoneLabel(doctor.timezone),
            })}
          </Text>
          <Text size="sm" c="dimmed">
            {t("admin.doctors.registered", { when: dateTimeIn(doctor.created_at, zone) })}
            {doctor.decided_at ? ` · ${t("admin.doctors.decided", { when: dateTimeIn(doctor.decided_at, zone) })}` : ""}
          </Text>
          {doctor.decision_reason && <Text size="sm">{t("admin.doctors.reasonGiven", { reason: doctor.decision_reason })}</Text>}
          {doctor.bio && (
            <Text size="sm" lineClamp={3}>
              {doctor.bio}
            </Text>
          )}
        </Stack>
        {doctor.status === "APPROVED" && (
          <Button variant="default" onClick={() => setPlacing(true)} aria-label={t("admin.doctors.clinicsLabel", { name: doctor.name })}>
            {t("admin.doctors.clinics")}
          </Button>
        )}
        <Modal opened={placing} onClose={() => setPlacing(false)} title={t("admin.doctors.clinicsTitle", { name: doctor.name })} size="lg">
          {placing && (
            <MyClinics
              source={{
                queryKey: adminKeys.doctorClinics(doctor.doctor_id),
                load: () => adminApi.doctorClinics(doctor.doctor_id),
                save: (ids) => adminApi.setDoctorClinics(doctor.doctor_id, ids),
              }}
            />
          )}
        </Modal>
        {(canApprove || canReject) && (
          <Group gap="xs">
            {canApprove && (
              <Button onClick={() => onDecide({ doctor, approve: true })} aria-label={t("admin.doctors.approveLabel", { name: doctor.name })}>
                {t("admin.doctors.approve")}
              </Button>
            )}
            {canReject && (
              <Button color="red.9" variant="outline" onClick={() => onDecide({ doctor, approve: false })} aria-label={t("admin.doctors.rejectLabel", { name: doctor.name })}>
                {t("admin.doctors.reject")}
              </Button>
            )}
          </Group>
        )}
      </Group>
    </Card>
  );
}

export default function DoctorsPage() {
  const { t } = useTranslation();
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
      <PageHeader title={t("admin.doctors.title")} subtitle={t("admin.doctors.subtitle")}>
        <Button component={Link} to="/admin/doctors/new">
          {t("admin.doctors.create")}
        </Button>
      </PageHeader>
      <Tabs value={status} onChange={(value) => setParams(value ? { status: value } : {})}>
        <Tabs.List>
          {STATUSES.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {t(`admin.doctors.tabs.${s.value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {/* Each tab controls a panel (aria-controls); the chosen one holds the list below. */}
        {STATUSES.map((s) => (
          <Tabs.Panel key={s.value} value={s.value}>{null}</Tabs.Panel>
        ))}
      </Tabs>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton h={160} />
      ) : doctors.length === 0 ? (
        <Text c="dimmed">
          {status === "PENDING" ? t("admin.doctors.nonePending") : t("admin.doctors.none")}{" "}
          <Anchor component={Link} to="/admin/doctors/new">
            {t("admin.doctors.createDirect")}
          </Anchor>{" "}
          {t("admin.doctors.createDirectRest")}
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
            {t("actions.showMore")}
          </Button>
        </Group>
      )}
      <DecisionModal decision={decision} onClose={() => setDecision(null)} />
    </Stack>
  );
}
