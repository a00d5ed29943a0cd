import { Alert, Anchor, Button, Divider, Paper, PasswordInput, PinInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { homeFor, useAuth } from "../../auth/context";
import { loginCode } from "../../api/reviews";
import { ErrorAlert } from "../../components/ErrorAlert";
import { email } from "../../components/validation";

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { login, user } = useAuth();
  const [withCode, setWithCode] = useState(false);
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

  if (withCode) {
    return (
      <Paper maw={420} mx="auto" mt="lg" p="lg" withBorder>
        <Title order={1} fz="h2" mb="md">
          {t("auth.login.title")}
        </Title>
        <CodeSignIn initialEmail={form.values.email} next={next} onPassword={() => setWithCode(false)} />
      </Paper>
    );
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
          <Divider />
          <Button variant="light" fullWidth onClick={() => setWithCode(true)}>
            {t("auth.code.offer")}
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

/** "E-mail me a code": the address, then the 6 digits from the mail; the answer to asking is the same for any
 * address, so the page always moves on to the code field. */
function CodeSignIn({ initialEmail, next, onPassword }: { initialEmail: string; next: string | null; onPassword(): void }) {
  const { t } = useTranslation();
  const { loginWithCode } = useAuth();
  const navigate = useNavigate();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: initialEmail }, validate: { email } });

  async function ask(address: string) {
    setBusy(true);
    setError(null);
    try {
      await loginCode.request(address);
      setSentTo(address);
      setCode("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function verify() {
    if (!sentTo) return;
    if (!/^[0-9]{6}$/.test(code)) {
      setCodeError(t("auth.code.codeInvalid"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const signedIn = await loginWithCode(sentTo, code);
      navigate(next ?? homeFor(signedIn), { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  if (!sentTo) {
    return (
      <form onSubmit={form.onSubmit((values) => void ask(values.email.trim()))} noValidate>
        <Stack>
          <Text fz="sm">{t("auth.code.intro")}</Text>
          <ErrorAlert error={error} title={t("auth.code.failed")} />
          <TextInput label={t("auth.login.email")} type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <Button type="submit" loading={busy} fullWidth>
            {t("auth.code.send")}
          </Button>
          <Anchor component="button" type="button" fz="sm" onClick={onPassword}>
            {t("auth.code.usePassword")}
          </Anchor>
        </Stack>
      </form>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void verify();
      }}
      noValidate
    >
      <Stack>
        <Alert color="blue" role="status">
          {t("auth.code.sent", { email: sentTo })}
        </Alert>
        <ErrorAlert error={error} title={t("auth.code.failed")} />
        <Stack gap={4}>
          <Text fz="sm" fw={500} id="code-label">
            {t("auth.code.code")}
          </Text>
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            value={code}
            onChange={(value) => {
              setCode(value);
              setCodeError(null);
            }}
            aria-labelledby="code-label"
            data-testid="code-input"
            error={codeError !== null}
          />
          {codeError && (
            <Text fz="sm" c="red.8" role="alert">
              {codeError}
            </Text>
          )}
        </Stack>
        <Button type="submit" loading={busy} fullWidth>
          {t("auth.code.submit")}
        </Button>
        <Anchor component="button" type="button" fz="sm" onClick={() => void ask(sentTo)}>
          {t("auth.code.again")}
        </Anchor>
        <Anchor component="button" type="button" fz="sm" onClick={onPassword}>
          {t("auth.code.usePassword")}
        </Anchor>
      </Stack>
    </form>
  );
}
