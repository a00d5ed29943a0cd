import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
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
