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
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { appCurrency } from "../../i18n/format";
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
  check("name", rules.required(() => i18n.t("validation.nameMissing"))(values.name));
  check("email", rules.email(values.email));
  check("password", rules.password(values.password));
  check("confirm", rules.sameAs(() => values.password)(values.confirm));
  check("phone", rules.phone(values.phone));
  if (values.role === "doctor") {
    check("specialty_id", values.specialty_id ? null : i18n.t("validation.specialtyMissing"));
    check("license_number", rules.licence(values.license_number));
    check("experience_years", rules.numberBetween(0, 70)(values.experience_years));
    check("consultation_fee", rules.numberBetween(0, 100000)(values.consultation_fee));
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
  const { t } = useTranslation();
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
        {t("auth.signup.title")}
      </Title>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <ErrorAlert error={error} title={t("auth.signup.failed")} />
          <div>
            <Text component="label" id="role-label" fz="sm" fw={500}>
              {t("auth.signup.iAm")}
            </Text>
            <SegmentedControl
              fullWidth
              aria-labelledby="role-label"
              data={[
                { value: "patient", label: t("auth.signup.patient") },
                { value: "doctor", label: t("auth.signup.doctor") },
              ]}
              {...form.getInputProps("role")}
            />
          </div>
          <TextInput label={t("auth.signup.name")} autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput label={t("auth.signup.email")} type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <PasswordInput
            label={t("auth.signup.password")}
            description={t("auth.signup.passwordHint")}
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <PasswordInput label={t("auth.signup.confirm")} autoComplete="new-password" required {...form.getInputProps("confirm")} />
          <TextInput label={t("auth.signup.phone")} type="tel" autoComplete="tel" {...form.getInputProps("phone")} />
          <Select
            label={t("auth.signup.zone")}
            description={t("auth.signup.zoneHint")}
            searchable
            data={rules.timeZones()}
            allowDeselect={false}
            {...form.getInputProps("timezone")}
          />
          {doctor && (
            <>
              <Select
                label={t("auth.signup.specialty")}
                required
                searchable
                placeholder={specialties.isLoading ? t("auth.signup.loading") : t("auth.signup.choose")}
                data={(specialties.data?.items ?? []).map((s) => ({ value: s.specialty_id, label: s.name }))}
                {...form.getInputProps("specialty_id")}
              />
              <TextInput label={t("auth.signup.licence")} required {...form.getInputProps("license_number")} />
              <NumberInput label={t("auth.signup.experience")} min={0} max={70} required {...form.getInputProps("experience_years")} />
              <NumberInput
                label={t("auth.signup.fee", { currency: appCurrency() })}
                min={0}
                max={100000}
                decimalScale={2}
                required
                {...form.getInputProps("consultation_fee")}
              />
              <Textarea label={t("auth.signup.bio")} autosize minRows={3} maxLength={2000} {...form.getInputProps("bio")} />
              <Text fz="sm" c="dimmed">
                {t("auth.signup.reviewed")}
              </Text>
            </>
          )}
          <Button type="submit" loading={busy} fullWidth>
            {t("auth.signup.submit")}
          </Button>
          <Text fz="sm">
            {t("auth.signup.haveAccount")}{" "}
            <Anchor component={Link} to="/login">
              {t("auth.signup.signIn")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
