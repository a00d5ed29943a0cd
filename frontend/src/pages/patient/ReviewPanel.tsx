import { Alert, Anchor, Button, Group, Paper, Rating as Stars, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { keys } from "../../api/endpoints";
import { reviewKeys, reviews } from "../../api/reviews";
import type { Appointment } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDay } from "../../i18n/format";

/** Whether the patient may still review the visit: COMPLETED, not reviewed, before its 90 days end. */
export function reviewable(a: Pick<Appointment, "status" | "reviewed_at" | "review_closes_at">, now = Date.now()): boolean {
  return (
    a.status === "COMPLETED" && !a.reviewed_at && !!a.review_closes_at && new Date(a.review_closes_at).getTime() > now
  );
}

/** The review prompt of a completed visit: stars and an optional comment, published on the doctor's page. */
export function ReviewPanel({ appointment: a }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const doctorPage = `/doctors/${encodeURIComponent(a.doctor.id)}`;
  const send = useMutation({
    mutationFn: () => reviews.create(a.appointment_id, rating, comment.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.appointment(a.appointment_id) });
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.ofDoctor(a.doctor.id) });
      void queryClient.invalidateQueries({ queryKey: keys.doctor(a.doctor.id) });
    },
  });

  if (send.isSuccess || (a.status === "COMPLETED" && a.reviewed_at)) {
    return (
      <Alert color="teal" role="status" data-testid="review-done">
        <Stack gap={4}>
          <Text>{send.isSuccess ? t("reviews.write.done", { doctor: a.doctor.name }) : t("reviews.write.reviewed")}</Text>
          <Anchor component={Link} to={doctorPage}>
            {t("reviews.write.seePage")}
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  if (!reviewable(a)) return null;

  function submit() {
    if (rating < 1) {
      setMissing(true);
      return;
    }
    send.mutate();
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="review-panel">
      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t("reviews.write.title")}
        </Title>
        <Text fz="sm">{t("reviews.write.intro", { doctor: a.doctor.name })}</Text>
        <ErrorAlert error={send.error} title={t("reviews.write.failed")} />
        <Stack gap={4}>
          <Text fz="sm" fw={500} id="review-rating-label">
            {t("reviews.write.rating")}
          </Text>
          <Stars
            value={rating}
            onChange={(value) => {
              setRating(value);
              setMissing(false);
            }}
            size="lg"
            aria-labelledby="review-rating-label"
            data-testid="review-stars"
          />
          {missing && (
            <Text fz="sm" c="red.8" role="alert">
              {t("reviews.write.ratingMissing")}
            </Text>
          )}
        </Stack>
        <Textarea
          label={t("reviews.write.comment")}
          description={t("reviews.write.commentHint")}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={3}
        />
        <Group justify="space-between" wrap="wrap">
          {a.review_closes_at && (
            <Text fz="xs" c="dimmed">
              {t("reviews.write.until", { date: formatDay(a.review_closes_at) })}
            </Text>
          )}
          <Button onClick={submit} loading={send.isPending}>
            {t("reviews.write.submit")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
