import { Group, Rating as Stars, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Rating } from "../../api/types";
import { formatNumber } from "../../i18n/format";

/** Stars with the average and the count ("★★★★☆ 4.3 · 12 reviews"); "No reviews yet" without any. */
export function RatingSummary({ rating, size = "sm" }: { rating: Rating | undefined; size?: "xs" | "sm" | "md" }) {
  const { t } = useTranslation();
  if (!rating || rating.count === 0 || rating.average === null) {
    return (
      <Text fz={size} c="dimmed" data-testid="rating">
        {t("reviews.rating.none")}
      </Text>
    );
  }
  const average = formatNumber(rating.average);
  return (
    <Group gap={6} wrap="nowrap" data-testid="rating" aria-label={t("reviews.rating.label", { average, count: rating.count })} role="img">
      <Stars value={rating.average} fractions={10} readOnly size={size} aria-hidden />
      <Text fz={size} fw={600} aria-hidden>
        {average}
      </Text>
      <Text fz={size} c="dimmed" aria-hidden>
        · {t("reviews.rating.count", { count: rating.count })}
      </Text>
    </Group>
  );
}
