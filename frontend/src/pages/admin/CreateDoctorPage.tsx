import { Alert, Anchor, Button, Card, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useNavigate } from "react-router-dom";
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
export const newDoctorRules = {
  name: (v: string) => (v.trim() ? (v.trim().length > 100 ? "Keep the name under 100 characters." : null) : "Enter the doctor's name."),
  email: (v: string) => (EMAIL.test(v.trim()) ? null : "Enter a valid e-mail address."),
  password: (v: string) => (v.length >= 8 && v.length <= 128 ? null : "The password needs 8 to 128 characters."),
  phone: (v: string) => (!v.trim() || PHONE.test(v.trim()) ? null : "Enter a phone number with digits, spaces or dashes."),
  specialty_id: (v: string | null) => (v ? null : "Choose a specialty."),
  license_number: (v: string) =>
    LICENCE.test(v.trim()) ? null : "Enter the licence number (3 to 40 letters, digits, spaces, / or -).",
  experience_years: (v: number | string) =>
    v !== "" && Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 70 ? null : "Enter whole years from 0 to 70.",
  consultation_fee: (v: number | string) =>
    v !== "" && Number(v) >= 0 && Number(v) <= 100_000 ? null : "Enter a fee from 0 to 100,000.",
  timezone: (v: string) => (v ? null : "Choose the doctor's time zone."),
  bio: (v: string) => (v.length > 2000 ? "Keep the bio under 2,000 characters." : null),
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
      toasts.show({ color: "green", title: "Doctor created", message: `${doctor.name} is approved and can sign in now.` });
      navigate("/admin/doctors?status=APPROVED");
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const options = (specialties.data?.items ?? [])
    .filter((s) => s.active)
    .map((s) => ({ value: s.specialty_id, label: s.name }));

  return (
    <Stack maw={820}>
      <Anchor component={Link} to="/admin/doctors" size="sm">
        ← Doctors
      </Anchor>
      <PageHeader title="Create a doctor" subtitle="The account is approved at once; share the password with the doctor securely." />
      <Card withBorder radius="md">
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate aria-label="New doctor">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Full name" withAsterisk autoComplete="off" {...form.getInputProps("name")} />
              <TextInput label="E-mail address" type="email" withAsterisk autoComplete="off" {...form.getInputProps("email")} />
              <PasswordInput label="First password" description="8 to 128 characters." withAsterisk autoComplete="new-password" {...form.getInputProps("password")} />
              <TextInput label="Phone (optional)" type="tel" {...form.getInputProps("phone")} />
              <Select
                label="Specialty"
                withAsterisk
                data={options}
                searchable
                placeholder={specialties.isPending ? "Loading…" : "Choose"}
                nothingFoundMessage="No such specialty"
                {...form.getInputProps("specialty_id")}
              />
              <TextInput label="Licence number" withAsterisk {...form.getInputProps("license_number")} />
              <NumberInput label="Years of experience" min={0} max={70} allowDecimal={false} withAsterisk {...form.getInputProps("experience_years")} />
              <NumberInput label="Consultation fee" min={0} max={100000} decimalScale={2} withAsterisk {...form.getInputProps("consultation_fee")} />
              <Select label="Time zone" data={zones} searchable allowDeselect={false} withAsterisk {...form.getInputProps("timezone")} />
            </SimpleGrid>
            <Textarea label="Bio (optional)" autosize minRows={3} maxLength={2000} {...form.getInputProps("bio")} />
            {create.isError && (
              <Alert color="red" role="alert" title="Not created">
                {portalMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/admin/doctors">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create doctor
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
