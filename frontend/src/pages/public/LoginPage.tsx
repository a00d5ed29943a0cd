import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { homeFor, useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { email } from "../../components/validation";

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { login, user } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: { email, password: (v: string) => (v ? null : i18n.t("validation.passwordMissing")) },
  });

  if (user && !busy) return <Navigate to={next ?? homeFor(user)} replace />;

  async function submit(values: typeof form.values) {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await login(values.email.trim(), values.password);
      navigate(next ?? homeFor(signedIn), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={420} mx="auto" mt="lg" p="lg" withBorder>
      <Title order={1} fz="h2" mb="md">
        {t("auth.login.title")}
      </Title>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <ErrorAlert error={error} title={t("auth.login.failed")} />
          <TextInput label={t("auth.login.email")} type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <PasswordInput label={t("auth.login.password")} autoComplete="current-password" required {...form.getInputProps("password")} />
          <Button type="submit" loading={busy} fullWidth>
            {t("auth.login.submit")}
          </Button>
          <Text fz="sm">
            <Anchor component={Link} to="/forgot-password">
              {t("auth.login.forgot")}
            </Anchor>
          </Text>
          <Text fz="sm">
            {t("auth.login.newHere")}{" "}
            <Anchor component={Link} to={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}>
              {t("auth.login.create")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
