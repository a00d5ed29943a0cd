import { Alert, Anchor, Button, CopyButton, Divider, Group, List, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keys, me } from "../api/endpoints";
import type { CalendarFeed } from "../api/types";
import { ErrorAlert } from "./ErrorAlert";

/** Subscribing in Google Calendar and Outlook on the web by URL template; Apple Calendar opens webcal: itself. */
export function subscribeLinks(feed: CalendarFeed): { google: string; outlook: string; apple: string } {
  return {
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(feed.webcal_url)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(feed.url)}&name=DocSpot`,
    apple: feed.webcal_url,
  };
}

/**
 * The user's calendar feed: a secret URL their calendar app subscribes to. The URL is shown only right after it is
 * made (the server keeps its hash); making a new one retires the old at once, and stopping removes it.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: keys.calendarFeed, queryFn: () => me.calendarFeed() });
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<CalendarFeed | null>) {
    setBusy(true);
    setError(null);
    try {
      setFeed(await action());
      await queryClient.invalidateQueries({ queryKey: keys.calendarFeed });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const active = feed !== null || state.data?.active === true;
  const links = feed ? subscribeLinks(feed) : null;
  return (
    <Stack gap="sm" mt="lg" component="section" aria-labelledby="calendar-feed-title">
      <Divider label={<span id="calendar-feed-title">{t("patient.feed.title")}</span>} labelPosition="left" />
      <Text fz="sm">{t("patient.feed.intro")}</Text>
      <ErrorAlert error={error ?? state.error} title={t("patient.feed.failed")} />
      {feed && links ? (
        <Stack gap="xs">
          <Group align="end" wrap="nowrap">
            <TextInput label={t("patient.feed.url")} value={feed.url} readOnly style={{ flex: 1 }} />
            <CopyButton value={feed.url}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t("patient.feed.copied") : t("patient.feed.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text fz="xs" c="dimmed">
            {t("patient.feed.secret")}
          </Text>
          <Group gap="xs">
            <Button component="a" href={links.google} target="_blank" rel="noopener noreferrer" variant="light">
              {t("patient.feed.google")}
            </Button>
            <Button component="a" href={links.outlook} target="_blank" rel="noopener noreferrer" variant="light">
              {t("patient.feed.outlook")}
            </Button>
            <Button component="a" href={links.apple} variant="light">
              {t("patient.feed.apple")}
            </Button>
          </Group>
          <List size="sm" spacing={4}>
            <List.Item>{t("patient.feed.howGoogle")}</List.Item>
            <List.Item>{t("patient.feed.howOutlook")}</List.Item>
            <List.Item>{t("patient.feed.howApple")}</List.Item>
          </List>
        </Stack>
      ) : (
        active && (
          <Alert color="blue" title={t("patient.feed.activeTitle")}>
            {t("patient.feed.activeBody")}
          </Alert>
        )
      )}
      <Group>
        <Button loading={busy} onClick={() => void run(() => me.createCalendarFeed())}>
          {active ? t("patient.feed.replace") : t("patient.feed.create")}
        </Button>
        {active && (
          <Anchor component="button" type="button" c="red.8" onClick={() => void run(async () => (await me.removeCalendarFeed(), null))}>
            {t("patient.feed.stop")}
          </Anchor>
        )}
      </Group>
      {active && (
        <Text fz="xs" c="dimmed">
          {t("patient.feed.replaceHint")}
        </Text>
      )}
    </Stack>
  );
}
