import { Button, Group, Paper, PinInput, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications as toasts } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { phoneApi, supportKeys, type PhoneSettings } from "../api/support";
import { ErrorAlert } from "./ErrorAlert";

/** A patient's mobile number for SMS reminders: add it, confirm it with the code of its SMS, switch the reminders,
 * remove it. */
export function PhoneSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: supportKeys.phone, queryFn: phoneApi.get });
  const [number, setNumber] = useState("");
  const [code, setCode] = useState("");
  const [changing, setChanging] = useState(false);
  const store = (next: PhoneSettings | undefined) => {
    if (next) queryClient.setQueryData(supportKeys.phone, next);
    else void queryClient.invalidateQueries({ queryKey: supportKeys.phone });
  };
  const add = useMutation({
    mutationFn: () => phoneApi.add(number),
    onSuccess: (next) => {
      store(next);
      setCode("");
      setChanging(false);
    },
  });
  const confirm = useMutation({ mutationFn: () => phoneApi.confirm(code), onSuccess: store });
  const reminders = useMutation({ mutationFn: (on: boolean) => phoneApi.setReminders(on), onSuccess: store });
  const remove = useMutation({
    mutationFn: phoneApi.remove,
    onSuccess: () => {
      store(undefined);
      toasts.show({ message: t("support.phone.removed") });
    },
  });
  const data = settings.data;
  const asking = !data?.phone || changing;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sms-reminders">
      <Stack>
        <Title order={2} size="h3" id="sms-reminders">
          {t("support.phone.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("support.phone.intro")}
        </Text>
        <ErrorAlert error={settings.error ?? add.error ?? confirm.error ?? reminders.error ?? remove.error} />
        {data?.phone && (
          <Group justify="space-between" wrap="wrap">
            <Text data-testid="confirmed-phone">{t("support.phone.confirmed", { phone: data.phone })}</Text>
            <Group gap="xs">
              {!changing && (
                <Button variant="default" size="xs" onClick={() => setChanging(true)}>
                  {t("support.phone.change")}
                </Button>
              )}
              <Button variant="default" color="red" size="xs" onClick={() => remove.mutate()} loading={remove.isPending}>
                {t("support.phone.remove")}
              </Button>
            </Group>
          </Group>
        )}
        {data?.phone && (
          <Switch
            label={t("support.phone.switch")}
            checked={data.sms_reminders}
            onChange={(event) => reminders.mutate(event.currentTarget.checked)}
            disabled={reminders.isPending}
          />
        )}
        {data && asking && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (number.trim()) add.mutate();
            }}
          >
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t("support.phone.number")}
                description={t("support.phone.numberHint")}
                type="tel"
                autoComplete="tel"
                value={number}
                onChange={(event) => setNumber(event.currentTarget.value)}
                style={{ flex: "1 1 14rem" }}
              />
              <Button type="submit" variant="default" loading={add.isPending} disabled={!number.trim()}>
                {t("support.phone.sendCode")}
              </Button>
            </Group>
          </form>
        )}
        {data?.pending_phone && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (code.length === 6) confirm.mutate();
            }}
          >
            <Stack gap="xs">
              <Text size="sm">{t("support.phone.codeSent", { phone: data.pending_phone })}</Text>
              <Group align="flex-end" wrap="wrap">
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="sms-code-label">
                    {t("support.phone.code")}
                  </Text>
                  <PinInput
                    length={6}
                    type="number"
                    oneTimeCode
                    value={code}
                    onChange={setCode}
                    aria-label={t("support.phone.code")}
                  />
                </Stack>
                <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
                  {t("support.phone.confirm")}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
