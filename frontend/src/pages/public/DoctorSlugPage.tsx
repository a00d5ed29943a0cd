import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation, useParams } from "react-router-dom";
import { catalogue } from "../../api/endpoints";
import { ApiError } from "../../api/errors";
import { PageLoader } from "../../auth/guards";
import { ErrorAlert } from "../../components/ErrorAlert";
import DoctorProfilePage from "./DoctorProfilePage";
import { NotFoundPage } from "./NotFoundPage";

/**
 * A doctor's own booking page, `/d/{slug}`: the profile with the week's free times, booking in place. An old slug
 * of the doctor's moves to the current address (replacing the history entry), so shared links keep working.
 */
export default function DoctorSlugPage({ base = "/d" }: { base?: string } = {}) {
  const { slug = "" } = useParams();
  const location = useLocation();
  const found = useQuery({
    queryKey: ["doctor-by-slug", slug],
    queryFn: () => catalogue.bySlug(slug),
    retry: false,
  });
  if (found.isPending) return <PageLoader />;
  if (found.isError) {
    if (found.error instanceof ApiError && found.error.status === 404) return <NotFoundPage />;
    return <ErrorAlert error={found.error} />;
  }
  if (found.data.moved) {
    return <Navigate to={`${base}/${encodeURIComponent(found.data.slug)}${location.search}`} replace />;
  }
  return <DoctorProfilePage doctorId={found.data.doctor.doctor_id} />;
}
