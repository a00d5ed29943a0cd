import { Alert, Anchor, Button, Card, CopyButton, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { doctorApi, doctorKeys } from "../../api/doctor";
import { formatDay } from "../../i18n/format";
import { portalMessage } from "./messages";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether `slug` is one the server takes: 3-60 lower-case letters, digits and single hyphens. */
export function validSlug(slug: string): boolean {
  return slug.length >= 3 && slug.length <= 60 && SLUG.test(slug);
}

/** The snippet a practice puts on its web site: the embeddable page in an iframe. */
export function embedSnippet(url: string, title: string): string {
  const embed = url.replace(/\/d\//, "/embed/d/");
  return `<iframe src="${embed}" title="${title.replace(/"/g, "&quot;")}" width="100%" height="820" style="border:0"></iframe>`;
}

/**
 * The doctor's own booking page (`/d/{slug}`): its address to share, and choosing it (once in 30 days; an old
 * address keeps working and leads to the new one).
 */
export function BookingPageCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const info = useQuery({ queryKey: doctorKeys.slug, queryFn: () => doctorApi.slug() });
  const [slug, setSlug] = useState("");
  useEffect(() => {
    if (info.data) setSlug(info.data.slug ?? info.data.suggestion);
  }, [info.data]);
  const save = useMutation({
    mutationFn: (value: string) => doctorApi.changeSlug(value),
    onSuccess: (data) => queryClient.setQueryData(doctorKeys.slug, data),
  });
  if (!info.data) return null;
  const current = info.data;
  const locked = current.changeable_from !== null;
  const invalid = slug !== "" && !validSlug(slug);
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="booking-page-title">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="booking-page-title">
          {t("doctor.profile.bookingPage")}
        </Title>
        <Text fz="sm">{t("doctor.profile.bookingPageHint")}</Text>
        {current.url ? (
          <Text fz="sm">
            {t("doctor.profile.bookingPageAt")}{" "}
            <Anchor href={current.url} target="_blank" rel="noopener noreferrer">
              {current.url}
            </Anchor>
          </Text>
        ) : (
          <Text fz="sm" c="dimmed">
            {t("doctor.profile.noBookingPage")}
          </Text>
        )}
        {current.url && (
          <Stack gap={4}>
            <Textarea
              label={t("doctor.profile.embed")}
              description={t("doctor.profile.embedHint")}
              value={embedSnippet(current.url, t("doctor.profile.embedTitle"))}
              readOnly
              autosize
              minRows={2}
            />
            <Group>
              <CopyButton value={embedSnippet(current.url, t("doctor.profile.embedTitle"))}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t("doctor.profile.copied") : t("doctor.profile.copyEmbed")}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        )}
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (validSlug(slug)) save.mutate(slug);
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t("doctor.profile.slug")}
              description={t("doctor.profile.slugHint")}
              value={slug}
              onChange={(event) => setSlug(event.currentTarget.value.trim().toLowerCase())}
              error={invalid ? t("doctor.profile.slugInvalid") : null}
              disabled={locked}
              maxLength={60}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={save.isPending} disabled={locked || invalid || slug === current.slug}>
              {t("doctor.profile.saveSlug")}
            </Button>
          </Group>
        </form>
        {locked && current.changeable_from && (
          <Text fz="xs" c="dimmed">
            {t("doctor.profile.slugLocked", { day: formatDay(current.changeable_from) })}
          </Text>
        )}
        {save.isError && (
          <Alert color="red" role="alert">
            {portalMessage(save.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
