import { Alert, Button, Card, Group, NumberInput, Select, Skeleton, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import i18n from "../../i18n";
import { appCurrency } from "../../i18n/format";
import { doctorApi, doctorKeys, type DoctorProfileChange } from "../../api/doctor";
import { me } from "../../api/endpoints";
import { fieldErrors } from "../../api/errors";
import { BookingPageCard } from "./BookingPageCard";
import { portalMessage } from "./messages";
import type { Doctor } from "../../api/types";
import { useAuth } from "../../auth/context";
import { ErrorNotice, PageHeader } from "./ui";

export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  return [...new Set(["UTC", current, ...zones])].sort();
}

interface Values {
  bio: string;
  consultation_fee: number | string;
  experience_years: number | string;
  timezone: string;
}

/** Only what changed is sent: PATCH /doctors/me refuses empty values and writes each field it gets. */
export function profileChange(before: Doctor, values: Values): DoctorProfileChange {
  const change: DoctorProfileChange = {};
  if (values.bio.trim() !== before.bio) change.bio = values.bio.trim();
  if (Number(values.consultation_fee) !== before.consultation_fee) change.consultation_fee = Number(values.consultation_fee);
  if (Number(values.experience_years) !== before.experience_years) change.experience_years = Number(values.experience_years);
  if (values.timezone !== before.timezone) change.timezone = values.timezone;
  return change;
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const { user, setUser } = useAuth();
  const doctorId = user?.user_id ?? "";
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: doctorKeys.profile(doctorId), queryFn: () => doctorApi.profile(doctorId), enabled: !!doctorId });
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { bio: "", consultation_fee: 0, experience_years: 0, timezone: user?.timezone ?? "UTC" },
    validate: {
      consultation_fee: (v) => (v === "" || Number(v) < 0 || Number(v) > 100_000 ? i18n.t("doctor.profile.feeRange") : null),
      experience_years: (v) =>
        v === "" || !Number.isInteger(Number(v)) || Number(v) < 0 || Number(v) > 70 ? i18n.t("doctor.profile.yearsRange") : null,
      timezone: (v) => (v ? null : i18n.t("doctor.profile.zoneMissing")),
      bio: (v) => (v.length > 2000 ? i18n.t("doctor.profile.bioLong") : null),
    },
  });
  const loaded = profile.data;
  useEffect(() => {
    if (!loaded) return;
    const values = {
      bio: loaded.bio,
      consultation_fee: loaded.consultation_fee,
      experience_years: loaded.experience_years,
      timezone: loaded.timezone,
    };
    form.setInitialValues(values);
    form.setValues(values);
    // The form object is stable per mount; only a newly loaded profile resets it.
  }, [loaded]);
  const zones = useMemo(() => timeZones(loaded?.timezone ?? user?.timezone ?? "UTC"), [loaded?.timezone, user?.timezone]);

  const save = useMutation({
    mutationFn: (change: DoctorProfileChange) => doctorApi.updateProfile(change),
    onSuccess: async (updated, change) => {
      queryClient.setQueryData(doctorKeys.profile(doctorId), updated);
      void queryClient.invalidateQueries({ queryKey: ["doctors"] });
      if (change.timezone) {
        // The account's zone moves with the practice's: every page shows times in it.
        const fresh = await me.get().catch(() => null);
        if (fresh) setUser(fresh);
      }
      toasts.show({ color: "green", message: t("doctor.profile.saved") });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  return (
    <Stack maw={720}>
      <PageHeader title={t("doctor.profile.title")} subtitle={t("doctor.profile.subtitle")}>
        <Button component={Link} to="/doctor/profile/visits" variant="light">
          {t("doctor.types.manage")}
        </Button>
      </PageHeader>
      {profile.isError && <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.isPending ? (
        <Skeleton h={300} />
      ) : (
        <Card withBorder radius="md">
          <form
            noValidate
            onSubmit={form.onSubmit((values) => {
              if (!loaded) return;
              const change = profileChange(loaded, values);
              if (Object.keys(change).length === 0) {
                toasts.show({ color: "gray", message: t("doctor.profile.nothing") });
                return;
              }
              save.mutate(change);
            })}
          >
            <Stack>
              <Textarea label={t("doctor.profile.about")} description={t("doctor.profile.aboutHint")} autosize minRows={4} maxLength={2000} {...form.getInputProps("bio")} />
              <Group grow align="flex-start" wrap="wrap">
                <NumberInput label={t("doctor.profile.fee", { currency: appCurrency() })} min={0} max={100000} decimalScale={2} miw={160} {...form.getInputProps("consultation_fee")} />
                <NumberInput label={t("doctor.profile.experience")} min={0} max={70} allowDecimal={false} miw={160} {...form.getInputProps("experience_years")} />
              </Group>
              <Select
                label={t("doctor.profile.zone")}
                description={t("doctor.profile.zoneHint")}
                data={zones}
                searchable
                allowDeselect={false}
                nothingFoundMessage={t("doctor.profile.noZone")}
                {...form.getInputProps("timezone")}
              />
              {save.isError && (
                <Alert color="red" role="alert">
                  {portalMessage(save.error)}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  {t("doctor.profile.save")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
      <BookingPageCard />
    </Stack>
  );
}
