import { Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { catalogue, keys } from "../../api/endpoints";
import { useAuth } from "../../auth/context";
import { RatingSummary } from "../../components/reviews/RatingSummary";
import { DoctorReviews } from "../public/DoctorReviews";
import { PageHeader } from "./ui";

/** The doctor's reviews as patients read them, with a reply form under each one not yet answered. */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const doctorId = user?.user_id ?? "";
  const profile = useQuery({ queryKey: keys.doctor(doctorId), queryFn: () => catalogue.doctor(doctorId), enabled: !!doctorId });
  return (
    <Stack>
      <PageHeader title={t("reviews.doctor.title")} subtitle={t("reviews.doctor.intro")}>
        <RatingSummary rating={profile.data?.rating} size="md" />
      </PageHeader>
      {doctorId && <DoctorReviews doctorId={doctorId} doctorName={user?.name ?? ""} asDoctor />}
    </Stack>
  );
}
