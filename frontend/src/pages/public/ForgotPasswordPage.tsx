import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { Link } from "react-router-dom";
import { auth } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { email } from "../../components/validation";

export default function ForgotPasswordPage() {
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: "" }, validate: { email } });

  async function submit(values: { email: string }) {
    setBusy(true);
    setError(null);
    try {
      await auth.requestReset(values.email.trim());
      setSent(values.email.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={420} mx="auto" mt="lg" p="lg" withBorder>
      <Title order={1} fz="h2" mb="md">
        Reset your password
      </Title>
      {sent ? (
        <Stack>
          <Alert color="teal" role="status">
            If an account exists for {sent}, we have sent it a link to choose a new password. The link works for one
            hour.
          </Alert>
          <Anchor component={Link} to="/login">
            Back to sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Text fz="sm">Enter the e-mail address of your account and we will send you a link.</Text>
            <ErrorAlert error={error} />
            <TextInput label="E-mail" type="email" autoComplete="email" required {...form.getInputProps("email")} />
            <Button type="submit" loading={busy}>
              Send the link
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
