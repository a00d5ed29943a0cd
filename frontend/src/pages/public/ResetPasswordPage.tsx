import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { auth } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { password, sameAs } from "../../components/validation";

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: {
      password,
      confirm: (value: string, values: { password: string }) => sameAs(() => values.password)(value),
    },
  });

  async function submit(values: { password: string }) {
    setBusy(true);
    setError(null);
    try {
      await auth.confirmReset(token, values.password);
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={420} mx="auto" mt="lg" p="lg" withBorder>
      <Title order={1} fz="h2" mb="md">
        Choose a new password
      </Title>
      {!token ? (
        <Alert color="orange">
          This page needs the link from the e-mail.{" "}
          <Anchor component={Link} to="/forgot-password">
            Ask for a new link
          </Anchor>
          .
        </Alert>
      ) : done ? (
        <Stack>
          <Alert color="teal" role="status">
            Your password has been changed. You have been signed out everywhere else.
          </Alert>
          <Button component={Link} to="/login">
            Sign in
          </Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <ErrorAlert error={error} title="Could not change the password" />
            <PasswordInput
              label="New password"
              description="At least 8 characters"
              autoComplete="new-password"
              required
              {...form.getInputProps("password")}
            />
            <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
