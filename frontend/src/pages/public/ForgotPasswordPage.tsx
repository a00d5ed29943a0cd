import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { auth } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { email } from "../../components/validation";

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
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
        {t("auth.forgot.title")}
      </Title>
      {sent ? (
        <Stack>
          <Alert color="teal" role="status">
            {t("auth.forgot.sent", { email: sent })}
          </Alert>
          <Anchor component={Link} to="/login">
            {t("auth.forgot.back")}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Text fz="sm">{t("auth.forgot.intro")}</Text>
            <ErrorAlert error={error} />
            <TextInput label={t("auth.forgot.email")} type="email" autoComplete="email" required {...form.getInputProps("email")} />
            <Button type="submit" loading={busy}>
              {t("auth.forgot.submit")}
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
