import { Button, Checkbox, Divider, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications as toasts } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import i18n, { currentLanguage, LANGUAGES, type Language } from "../../i18n";
import { chooseLanguage } from "../../i18n/language";
import { keys, me, type ProfileChange } from "../../api/endpoints";
import { fieldErrors } from "../../api/errors";
import type { User } from "../../api/types";
import { useAuth } from "../../auth/context";
import { PageLoader } from "../../auth/guards";
import { CalendarFeedSection } from "../../components/CalendarFeedSection";
import { PhoneSection } from "../../components/PhoneSection";
import { ErrorAlert } from "../../components/ErrorAlert";
import { dayjs } from "../../components/time";
import * as rules from "../../components/validation";

export interface SettingsValues {
  name: string;
  phone: string;
  date_of_birth: string | null;
  timezone: string;
  appointment_updates: boolean;
  reminders: boolean;
  waitlist: boolean;
  messages: boolean;
}

export function settingsOf(user: User): SettingsValues {
  const prefs = user.email_preferences;
  const all = !user.email_opt_out;
  return {
    name: user.name,
    phone: user.phone ?? "",
    date_of_birth: user.date_of_birth ?? null,
    timezone: user.timezone,
    appointment_updates: prefs?.appointment_updates ?? all,
    reminders: prefs?.reminders ?? all,
    waitlist: prefs?.waitlist ?? all,
    messages: prefs?.messages ?? all,
  };
}

/** Only what changed is sent; the e-mail choices go as `email_preferences` where the API has them. */
export function changesOf(user: User, values: SettingsValues): ProfileChange {
  const before = settingsOf(user);
  const change: ProfileChange = {};
  if (values.name.trim() !== before.name) change.name = values.name.trim();
  if (values.phone.trim() !== before.phone) change.phone = values.phone.trim() || null;
  if (user.role === "patient" && values.date_of_birth !== before.date_of_birth) change.date_of_birth = values.date_of_birth;
  if (values.timezone !== before.timezone) change.timezone = values.timezone;
  const prefs = {
    appointment_updates: values.appointment_updates,
    reminders: values.reminders,
    waitlist: values.waitlist,
    messages: values.messages,
  };
  const prefsChanged =
    prefs.appointment_updates !== before.appointment_updates ||
    prefs.reminders !== before.reminders ||
    prefs.waitlist !== before.waitlist ||
    prefs.messages !== before.messages;
  if (prefsChanged) {
    if (user.email_preferences) change.email_preferences = prefs;
    else change.email_opt_out = !prefs.appointment_updates && !prefs.reminders && !prefs.waitlist && !prefs.messages;
  }
  return change;
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const { setUser } = useAuth();
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const [languageBusy, setLanguageBusy] = useState(false);
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: keys.me, queryFn: me.get });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<SettingsValues>({
    initialValues: { name: "", phone: "", date_of_birth: null, timezone: "UTC", appointment_updates: true, reminders: true, waitlist: true, messages: true },
    validate: { name: rules.required(() => i18n.t("validation.nameMissing")), phone: rules.phone },
  });
  const user = profile.data;
  useEffect(() => {
    if (user) {
      form.setValues(settingsOf(user));
      form.resetDirty(settingsOf(user));
    }
  }, [user]);

  if (profile.isLoading) return <PageLoader />;
  if (!user) return <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  const hasPreferences = user.email_preferences !== undefined;

  async function switchLanguage(next: Language) {
    setLanguage(next);
    setLanguageBusy(true);
    try {
      const saved = await chooseLanguage(next, true);
      if (saved.user) {
        queryClient.setQueryData(keys.me, saved.user);
        setUser(saved.user);
      }
      toasts.show({
        color: saved.stored === "profile" ? "teal" : "yellow",
        message: saved.stored === "profile" ? i18n.t("patient.settings.languageSaved") : i18n.t("patient.settings.languageDevice"),
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setLanguageBusy(false);
    }
  }

  async function submit(values: SettingsValues) {
    if (!user) return;
    const change = changesOf(user, values);
    if (Object.keys(change).length === 0) {
      toasts.show({ message: t("patient.settings.nothing") });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await me.update(change);
      queryClient.setQueryData(keys.me, saved);
      setUser(saved);
      toasts.show({ color: "teal", title: t("patient.settings.saved"), message: t("patient.settings.savedBody") });
    } catch (failure) {
      setError(failure);
      form.setErrors(fieldErrors(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={560} mx="auto" p="lg" withBorder>
      <Title order={1} fz="h2" mb="md">
        {t("patient.settings.title")}
      </Title>
      <Stack gap={4} mb="md">
        <Text component="label" id="language-label" fz="sm" fw={500}>
          {t("patient.settings.language")}
        </Text>
        <SegmentedControl
          aria-labelledby="language-label"
          value={language}
          disabled={languageBusy}
          onChange={(value) => void switchLanguage(value as Language)}
          data={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
        />
        <Text fz="xs" c="dimmed">
          {t("patient.settings.languageHint")}
        </Text>
      </Stack>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <ErrorAlert error={error} title={t("patient.settings.failed")} />
          <TextInput label={t("patient.settings.email")} value={user.email} readOnly description={t("patient.settings.emailHint")} />
          <TextInput label={t("patient.settings.name")} required autoComplete="name" {...form.getInputProps("name")} />
          <TextInput label={t("patient.settings.phone")} type="tel" autoComplete="tel" {...form.getInputProps("phone")} />
          {user.role === "patient" && (
            <DatePickerInput
              label={t("patient.settings.birth")}
              clearable
              maxDate={dayjs().format("YYYY-MM-DD")}
              defaultLevel="decade"
              valueFormat="D MMMM YYYY"
              {...form.getInputProps("date_of_birth")}
            />
          )}
          <Select
            label={t("patient.settings.zone")}
            description={t("patient.settings.zoneHint")}
            searchable
            allowDeselect={false}
            data={rules.timeZones()}
            {...form.getInputProps("timezone")}
          />
          <Divider label={t("patient.settings.mails")} labelPosition="left" />
          {hasPreferences ? (
            <Stack gap="xs">
              <Checkbox label={t("patient.settings.updates")} {...form.getInputProps("appointment_updates", { type: "checkbox" })} />
              <Checkbox label={t("patient.settings.reminders")} {...form.getInputProps("reminders", { type: "checkbox" })} />
              <Checkbox label={t("patient.settings.waitlist")} {...form.getInputProps("waitlist", { type: "checkbox" })} />
              <Checkbox label={t("patient.settings.messages")} {...form.getInputProps("messages", { type: "checkbox" })} />
            </Stack>
          ) : (
            <Checkbox
              label={t("patient.settings.allMails")}
              checked={form.values.appointment_updates || form.values.reminders || form.values.waitlist || form.values.messages}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                form.setValues({ appointment_updates: on, reminders: on, waitlist: on, messages: on });
              }}
            />
          )}
          <Text fz="xs" c="dimmed">
            {t("patient.settings.always")}
          </Text>
          <Button type="submit" loading={busy}>
            {t("patient.settings.save")}
          </Button>
        </Stack>
      </form>
      {user.role === "patient" && <PhoneSection />}
      {(user.role === "patient" || (user.role === "doctor" && user.doctor_status === "APPROVED")) && <CalendarFeedSection />}
    </Paper>
  );
}
