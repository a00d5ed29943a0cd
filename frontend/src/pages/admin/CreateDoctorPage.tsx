import { Alert, Button, Card, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { appCurrency } from "../../i18n/format";
import { Link, useNavigate } from "react-router-dom";
import { BackLink } from "../../components/BackLink";
import { adminApi, adminKeys, type NewDoctor } from "../../api/admin";
import { fieldErrors } from "../../api/errors";
import { portalMessage } from "../doctor/messages";
import { PageHeader } from "../doctor/ui";
import { timeZones } from "../doctor/ProfilePage";

interface Values {
  name: string;
  email: string;
  password: string;
  phone: string;
  specialty_id: string | null;
  license_number: string;
  experience_years: number | string;
  consultation_fee: number | string;
  timezone: string;
  bio: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const LICENCE = /^[A-Za-z0-9 /-]{3,40}$/;

/** The same limits as AdminDoctorCreate (chalicelib/contracts/catalogue.py), checked before sending. */
const rule = (key: string) => i18n.t(`admin.create.rules.${key}` as never) as unknown as string;

export const newDoctorRules = {
  name: (v: string) => (v.trim() ? (v.trim().length > 100 ? rule("nameLong") : null) : rule("name")),
  email: (v: string) => (EMAIL.test(v.trim()) ? null : rule("email")),
  password: (v: string) => (v.length >= 8 && v.length <= 128 ? null : rule("password")),
  phone: (v: string) => (!v.trim() || PHONE.test(v.trim()) ? null : rule("phone")),
  specialty_id: (v: string | null) => (v ? null : rule("specialty")),
  license_number: (v: string) => (LICENCE.test(v.trim()) ? null : rule("licence")),
  experience_years: (v: number | string) =>
    v !== "" && Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 70 ? null : rule("experience"),
  consultation_fee: (v: number | string) => (v !== "" && Number(v) >= 0 && Number(v) <= 100_000 ? null : rule("fee")),
  timezone: (v: string) => (v ? null : rule("zone")),
  bio: (v: string) => (v.length > 2000 ? rule("bio") : null),
};

export function newDoctorBody(values: Values): NewDoctor {
  return {
    name: values.name.trim(),
    email: values.email.trim(),
    password: values.password,
    specialty_id: values.specialty_id ?? "",
    license_number: values.license_number.trim(),
    experience_years: Number(values.experience_years),
    consultation_fee: Number(values.consultation_fee),
    timezone: values.timezone,
    ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
    ...(values.bio.trim() ? { bio: values.bio.trim() } : {}),
  };
}

export default function CreateDoctorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const specialties = useQuery({ queryKey: adminKeys.specialties, queryFn: adminApi.specialties });
  const zones = useMemo(() => timeZones("Europe/Berlin"), []);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      name: "",
      email: "",
      password: "",
      phone: "",
      specialty_id: null,
      license_number: "",
      experience_years: 0,
      consultation_fee: 100,
      timezone: "UTC",
      bio: "",
    },
    validate: newDoctorRules,
  });
  const create = useMutation({
    mutationFn: (values: Values) => adminApi.createDoctor(newDoctorBody(values)),
    onSuccess: (doctor) => {
      void queryClient.invalidateQueries({ queryKey: ["admin", "doctors"] });
      void queryClient.invalidateQueries({ queryKey: ["doctors"] });
      toasts.show({ color: "green", title: t("admin.create.createdTitle"), message: t("admin.create.created", { name: doctor.name }) });
      navigate("/admin/doctors?status=APPROVED");
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const options = (specialties.data?.items ?? [])
    .filter((s) => s.active)
    .map((s) => ({ value: s.specialty_id, label: s.name }));

  return (
    <Stack maw={820}>
      <BackLink fallback="/admin/doctors" label={t("admin.create.back")} />
      <PageHeader title={t("admin.create.title")} subtitle={t("admin.create.subtitle")} />
      <Card withBorder radius="md">
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate aria-label={t("admin.create.form")}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t("admin.create.name")} withAsterisk autoComplete="off" {...form.getInputProps("name")} />
              <TextInput label={t("admin.create.email")} type="email" withAsterisk autoComplete="off" {...form.getInputProps("email")} />
              <PasswordInput label={t("admin.create.password")} description={t("admin.create.passwordHint")} withAsterisk autoComplete="new-password" {...form.getInputProps("password")} />
              <TextInput label={t("admin.create.phone")} type="tel" {...form.getInputProps("phone")} />
              <Select
                label={t("admin.create.specialty")}
                withAsterisk
                data={options}
                searchable
                placeholder={specialties.isPending ? t("admin.create.loading") : t("admin.create.choose")}
                nothingFoundMessage={t("admin.create.noSpecialty")}
                {...form.getInputProps("specialty_id")}
              />
              <TextInput label={t("admin.create.licence")} withAsterisk {...form.getInputProps("license_number")} />
              <NumberInput label={t("admin.create.experience")} min={0} max={70} allowDecimal={false} withAsterisk {...form.getInputProps("experience_years")} />
              <NumberInput label={t("admin.create.fee", { currency: appCurrency() })} min={0} max={100000} decimalScale={2} withAsterisk {...form.getInputProps("consultation_fee")} />
              <Select label={t("admin.create.zone")} data={zones} searchable allowDeselect={false} withAsterisk {...form.getInputProps("timezone")} />
            </SimpleGrid>
            <Textarea label={t("admin.create.bio")} autosize minRows={3} maxLength={2000} {...form.getInputProps("bio")} />
            {create.isError && (
              <Alert color="red" role="alert" title={t("admin.create.failed")}>
                {portalMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/admin/doctors">
                {t("admin.create.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t("admin.create.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
