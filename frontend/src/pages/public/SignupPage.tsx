import {
  Anchor,
  Button,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { catalogue, keys, type Registration } from "../../api/endpoints";
import { fieldErrors } from "../../api/errors";
import { homeFor, useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { browserZone } from "../../components/time";
import * as rules from "../../components/validation";
import { safeNext } from "./LoginPage";

export interface SignupValues {
  role: "patient" | "doctor";
  name: string;
  email: string;
  password: string;
  confirm: string;
  phone: string;
  timezone: string;
  specialty_id: string;
  license_number: string;
  experience_years: number | string;
  consultation_fee: number | string;
  bio: string;
}

/** The sign-up rules: the doctor's professional fields only count for a doctor. */
export function validateSignup(values: SignupValues): Partial<Record<keyof SignupValues, string>> {
  const errors: Partial<Record<keyof SignupValues, string>> = {};
  const check = (key: keyof SignupValues, message: string | null) => {
    if (message) errors[key] = message;
  };
  check("name", rules.required("your name")(values.name));
  check("email", rules.email(values.email));
  check("password", rules.password(values.password));
  check("confirm", rules.sameAs(() => values.password)(values.confirm));
  check("phone", rules.phone(values.phone));
  if (values.role === "doctor") {
    check("specialty_id", values.specialty_id ? null : "Choose your specialty.");
    check("license_number", rules.licence(values.license_number));
    check("experience_years", rules.numberBetween("years of experience", 0, 70)(values.experience_years));
    check("consultation_fee", rules.numberBetween("the consultation fee", 0, 100000)(values.consultation_fee));
  }
  return errors;
}

export function registrationOf(values: SignupValues): Registration {
  const base: Registration = {
    role: values.role,
    name: values.name.trim(),
    email: values.email.trim(),
    password: values.password,
    timezone: values.timezone || "UTC",
    ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
  };
  if (values.role === "patient") return base;
  return {
    ...base,
    specialty_id: values.specialty_id,
    license_number: values.license_number.trim(),
    experience_years: Number(values.experience_years),
    consultation_fee: Number(values.consultation_fee),
    bio: values.bio.trim(),
  };
}

export default function SignupPage() {
  const { register, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const zone = useMemo(() => browserZone(), []);
  const specialties = useQuery({ queryKey: keys.specialties, queryFn: catalogue.specialties });
  const form = useForm<SignupValues>({
    initialValues: {
      role: params.get("role") === "doctor" ? "doctor" : "patient",
      name: "",
      email: "",
      password: "",
      confirm: "",
      phone: "",
      timezone: zone,
      specialty_id: "",
      license_number: "",
      experience_years: "",
      consultation_fee: "",
      bio: "",
    },
    validate: validateSignup,
  });
  const doctor = form.values.role === "doctor";

  async function submit(values: SignupValues) {
    setBusy(true);
    setError(null);
    try {
      await register(registrationOf(values));
      const user = await login(values.email.trim(), values.password);
      navigate(user.role === "patient" && next ? next : homeFor(user), { replace: true });
    } catch (failure) {
      setError(failure);
      form.setErrors(fieldErrors(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={560} mx="auto" mt="lg" p="lg" withBorder>
      <Title order={1} fz="h2" mb="md">
        Create your account
      </Title>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not create the account" />
          <div>
            <Text component="label" id="role-label" fz="sm" fw={500}>
              I am
            </Text>
            <SegmentedControl
              fullWidth
              aria-labelledby="role-label"
              data={[
                { value: "patient", label: "A patient" },
                { value: "doctor", label: "A doctor" },
              ]}
              {...form.getInputProps("role")}
            />
          </div>
          <TextInput label="Full name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput label="E-mail" type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <PasswordInput label="Repeat the password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
          <TextInput label="Phone (optional)" type="tel" autoComplete="tel" {...form.getInputProps("phone")} />
          <Select
            label="Time zone"
            description="Times are shown in this zone"
            searchable
            data={rules.timeZones()}
            allowDeselect={false}
            {...form.getInputProps("timezone")}
          />
          {doctor && (
            <>
              <Select
                label="Specialty"
                required
                searchable
                placeholder={specialties.isLoading ? "Loading…" : "Choose"}
                data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
                {...form.getInputProps("specialty_id")}
              />
              <TextInput label="Licence number" required {...form.getInputProps("license_number")} />
              <NumberInput label="Years of experience" min={0} max={70} required {...form.getInputProps("experience_years")} />
              <NumberInput
                label="Consultation fee (EUR)"
                min={0}
                max={100000}
                decimalScale={2}
                required
                {...form.getInputProps("consultation_fee")}
              />
              <Textarea label="About you (optional)" autosize minRows={3} maxLength={2000} {...form.getInputProps("bio")} />
              <Text fz="sm" c="dimmed">
                An administrator checks every doctor account before it appears in search.
              </Text>
            </>
          )}
          <Button type="submit" loading={busy} fullWidth>
            Create account
          </Button>
          <Text fz="sm">
            Already have an account?{" "}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
