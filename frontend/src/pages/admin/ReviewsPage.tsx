import { Badge, Button, Card, Group, List, Rating as Stars, SegmentedControl, Skeleton, Stack, Text } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { reviewKeys, reviews } from "../../api/reviews";
import type { ReviewAdmin } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ReasonModal } from "../../components/ReasonModal";
import { formatDay } from "../../i18n/format";
import { ErrorNotice, PageHeader } from "../doctor/ui";

type Queue = "reported" | "hidden";

/** The admins' review moderation: the reported queue (oldest report first) and the hidden reviews, with hide
 * (with a reason, audited) and show again / keep. */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<Queue>("reported");
  const [hiding, setHiding] = useState<ReviewAdmin | null>(null);
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: reviewKeys.queue(queue),
    queryFn: ({ pageParam }) => reviews.queue(queue, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const refresh = (review: ReviewAdmin) => {
    void queryClient.invalidateQueries({ queryKey: ["admin-reviews"] });
    void queryClient.invalidateQueries({ queryKey: reviewKeys.ofDoctor(review.doctor_id) });
  };
  const unhide = useMutation({ mutationFn: (r: ReviewAdmin) => reviews.unhide(r.review_id), onSuccess: refresh });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack>
      <PageHeader title={t("reviews.admin.title")} subtitle={t("reviews.admin.intro")} />
      <SegmentedControl
        value={queue}
        onChange={(value) => setQueue(value as Queue)}
        data={[
          { value: "reported", label: t("reviews.admin.reported") },
          { value: "hidden", label: t("reviews.admin.hidden") },
        ]}
        w="fit-content"
      />
      {list.error && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      <ErrorAlert error={unhide.error} title={t("reviews.admin.failed")} />
      {list.isLoading && <Skeleton height={120} />}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed">{queue === "reported" ? t("reviews.admin.empty") : t("reviews.admin.emptyHidden")}</Text>
      )}
      {items.map((review) => (
        <Card withBorder key={review.review_id} data-testid="moderated-review">
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs">
                <Stars value={review.rating} readOnly size="sm" aria-hidden />
                <Text fz="sm" fw={600}>
                  {t("reviews.list.stars", { rating: review.rating })}
                </Text>
                <Text fz="sm" c="dimmed">
                  {review.author} · {formatDay(review.created_at)}
                </Text>
              </Group>
              <Text fz="sm" component={Link} to={`/doctors/${encodeURIComponent(review.doctor_id)}`}>
                {t("reviews.admin.about", { doctor: review.doctor_name })}
              </Text>
            </Group>
            {review.comment && <Text style={{ whiteSpace: "pre-wrap" }}>{review.comment}</Text>}
            {review.reports.length > 0 && (
              <Stack gap={2}>
                <Badge color="orange" variant="light" c="orange.9">
                  {t("reviews.admin.reports", { count: review.report_count })}
                </Badge>
                <List size="sm">
                  {review.reports.map((report, index) => (
                    <List.Item key={index}>
                      {formatDay(report.at)}: {report.reason}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
            {review.hidden_reason && (
              <Text fz="sm" c="dimmed">
                {t("reviews.admin.hiddenBecause", { reason: review.hidden_reason })}
              </Text>
            )}
            <Group>
              {review.state !== "hidden" && (
                <Button color="red" variant="light" size="xs" onClick={() => setHiding(review)}>
                  {t("reviews.admin.hide")}
                </Button>
              )}
              <Button
                variant="default"
                size="xs"
                loading={unhide.isPending && unhide.variables?.review_id === review.review_id}
                onClick={() => unhide.mutate(review)}
              >
                {review.state === "hidden" ? t("reviews.admin.unhide") : t("reviews.admin.keep")}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
      {list.hasNextPage && (
        <Button variant="light" w="fit-content" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("actions.showMore")}
        </Button>
      )}
      <HideModal review={hiding} onClose={() => setHiding(null)} onDone={(r) => { setHiding(null); refresh(r); }} />
    </Stack>
  );
}

function HideModal({ review, onClose, onDone }: { review: ReviewAdmin | null; onClose(): void; onDone(r: ReviewAdmin): void }) {
  const { t } = useTranslation();
  const hide = useMutation({
    mutationFn: ({ r, reason }: { r: ReviewAdmin; reason: string }) => reviews.hide(r.review_id, reason),
    onSuccess: onDone,
  });
  return (
    <ReasonModal
      key={review?.review_id ?? "none"}
      opened={review !== null}
      title={t("reviews.admin.hideTitle")}
      label={t("reviews.admin.reason")}
      submitLabel={t("reviews.admin.confirmHide")}
      failedTitle={t("reviews.admin.failed")}
      error={hide.error}
      pending={hide.isPending}
      danger
      onClose={onClose}
      onSubmit={(reason) => review && hide.mutate({ r: review, reason })}
    />
  );
}
