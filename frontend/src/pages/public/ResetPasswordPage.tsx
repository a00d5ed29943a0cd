import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { auth } from "../../api/endpoints";
import { ErrorAlert } from "../../components/ErrorAlert";
import { password, sameAs } from "../../components/validation";

export default function ResetPasswordPage() {
  const { t } = useTranslation();
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
        {t("auth.reset.title")}
      </Title>
      {!token ? (
        <Alert color="orange">
          {t("auth.reset.needsLink")}{" "}
          <Anchor component={Link} to="/forgot-password">
            {t("auth.reset.askAgain")}
          </Anchor>
          .
        </Alert>
      ) : done ? (
        <Stack>
          <Alert color="teal" role="status">
            {t("auth.reset.done")}
          </Alert>
          <Button component={Link} to="/login">
            {t("auth.reset.signIn")}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <ErrorAlert error={error} title={t("auth.reset.failed")} />
            <PasswordInput
              label={t("auth.reset.password")}
              description={t("auth.reset.passwordHint")}
              autoComplete="new-password"
              required
              {...form.getInputProps("password")}
            />
            <PasswordInput label={t("auth.reset.confirm")} autoComplete="new-password" required {...form.getInputProps("confirm")} />
            <Button type="submit" loading={busy}>
              {t("auth.reset.submit")}
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
