import { Anchor, Box, Text } from "@mantine/core";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { PageLoader } from "../../auth/guards";
import DoctorSlugPage from "./DoctorSlugPage";

/**
 * A doctor's booking page for a practice's own web site: `<iframe src="{app}/embed/d/{slug}">`. Only `/embed/*`
 * may be framed (by https sites; CloudFront's EmbedHeaders policy); signing in and booking continue inside the
 * frame as in-app navigation, and a booking is posted to the embedding page (see `announceBooked`).
 */
export default function EmbedDoctorPage() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  return (
    <Box p="md">
      <Suspense fallback={<PageLoader />}>
        <DoctorSlugPage base="/embed/d" />
      </Suspense>
      <Text fz="xs" c="dimmed" ta="center" mt="md">
        <Anchor href={`/d/${encodeURIComponent(slug)}`} target="_blank" rel="noopener">
          {t("public.embed.poweredBy")}
        </Anchor>
      </Text>
    </Box>
  );
}
