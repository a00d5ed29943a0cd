import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { homeFor, useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { email } from "../../components/validation";

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

export default function LoginPage() {
  const { login, user } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: { email, password: (v: string) => (v ? null : "Enter your password.") },
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
        Sign in
      </Title>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not sign in" />
          <TextInput label="E-mail" type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
          <Button type="submit" loading={busy} fullWidth>
            Sign in
          </Button>
          <Text fz="sm">
            <Anchor component={Link} to="/forgot-password">
              Forgot your password?
            </Anchor>
          </Text>
          <Text fz="sm">
            New to DocSpot?{" "}
            <Anchor component={Link} to={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}>
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
