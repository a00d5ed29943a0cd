import { Button, Group, Paper, Rating as Stars, Stack, Text, Textarea, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { reviewKeys, reviews } from "../../api/reviews";
import type { Review } from "../../api/types";
import { useAuth } from "../../auth/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ReasonModal } from "../../components/ReasonModal";
import { formatDay } from "../../i18n/format";

/** A doctor's visible reviews, newest first, a few at a time; any signed-in reader may report one, and the doctor
 * (``asDoctor``) replies once to each. */
export function DoctorReviews({ doctorId, doctorName, asDoctor = false }: { doctorId: string; doctorName: string; asDoctor?: boolean }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [reporting, setReporting] = useState<Review | null>(null);
  const [reported, setReported] = useState<string[]>([]);
  const list = useInfiniteQuery({
    queryKey: reviewKeys.ofDoctor(doctorId),
    queryFn: ({ pageParam }) => reviews.ofDoctor(doctorId, pageParam, asDoctor ? 20 : 5),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="reviews-heading" data-testid="doctor-reviews">
      {!asDoctor && (
        <Title order={2} fz="h3" id="reviews-heading" mb="sm">
          {t("reviews.list.title")}
        </Title>
      )}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t("reviews.list.empty")}</Text>}
      <Stack gap="sm">
        {items.map((review) => (
          <Paper key={review.review_id} withBorder p="sm" data-testid="review">
            <Stack gap={4}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <Stars value={review.rating} readOnly size="sm" aria-hidden />
                  <Text fz="sm" fw={600}>
                    {t("reviews.list.stars", { rating: review.rating })}
                  </Text>
                </Group>
                <Text fz="sm" c="dimmed">
                  {review.author} · {formatDay(review.created_at)}
                </Text>
              </Group>
              {review.comment && <Text style={{ whiteSpace: "pre-wrap" }}>{review.comment}</Text>}
              {review.reply && (
                <Paper bg="gray.0" p="xs" ml="md" data-testid="review-reply">
                  <Text fz="sm" fw={600}>
                    {t("reviews.list.replyFrom", { name: doctorName })}
                  </Text>
                  <Text fz="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {review.reply.body}
                  </Text>
                </Paper>
              )}
              {asDoctor && !review.reply && <ReplyForm review={review} doctorId={doctorId} />}
              {user && !asDoctor && (
                <Group justify="flex-end">
                  {reported.includes(review.review_id) ? (
                    <Text fz="xs" c="dimmed" role="status">
                      {t("reviews.list.reported")}
                    </Text>
                  ) : (
                    <Button variant="subtle" size="compact-xs" color="gray" onClick={() => setReporting(review)}>
                      {t("reviews.list.report")}
                    </Button>
                  )}
                </Group>
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button mt="sm" variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("reviews.list.more")}
        </Button>
      )}
      <ReportModal
        review={reporting}
        onClose={() => setReporting(null)}
        onDone={(id) => {
          setReported((done) => [...done, id]);
          setReporting(null);
        }}
      />
    </section>
  );
}

function ReplyForm({ review, doctorId }: { review: Review; doctorId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const send = useMutation({
    mutationFn: () => reviews.reply(review.review_id, body.trim()),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewKeys.ofDoctor(doctorId) }),
  });
  if (!open) {
    return (
      <Group>
        <Button size="xs" variant="light" onClick={() => setOpen(true)}>
          {t("reviews.doctor.reply")}
        </Button>
      </Group>
    );
  }
  return (
    <Stack gap="xs">
      <ErrorAlert error={send.error} title={t("reviews.doctor.replyFailed")} />
      <Textarea
        label={t("reviews.doctor.replyLabel")}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
        maxLength={2000}
        autosize
        minRows={2}
      />
      <Group>
        <Button size="xs" disabled={!body.trim()} loading={send.isPending} onClick={() => send.mutate()}>
          {t("reviews.doctor.replySubmit")}
        </Button>
        <Button size="xs" variant="default" onClick={() => setOpen(false)}>
          {t("actions.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}

function ReportModal({ review, onClose, onDone }: { review: Review | null; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const send = useMutation({
    mutationFn: ({ r, reason }: { r: Review; reason: string }) => reviews.report(r.review_id, reason),
    onSuccess: (_, { r }) => onDone(r.review_id),
  });
  return (
    <ReasonModal
      key={review?.review_id ?? "none"}
      opened={review !== null}
      title={t("reviews.report.title")}
      label={t("reviews.report.reason")}
      submitLabel={t("reviews.report.submit")}
      failedTitle={t("reviews.report.failed")}
      error={send.error}
      pending={send.isPending}
      onClose={onClose}
      onSubmit={(reason) => review && send.mutate({ r: review, reason })}
    />
  );
}
