import { lazy } from "react";
import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../public/NotFoundPage";

const MonitorPage = lazy(() => import("./MonitorPage"));
const DoctorsPage = lazy(() => import("./DoctorsPage"));
const CreateDoctorPage = lazy(() => import("./CreateDoctorPage"));
const SpecialtiesPage = lazy(() => import("./SpecialtiesPage"));
const UsersPage = lazy(() => import("./UsersPage"));
const ClinicsPage = lazy(() => import("./ClinicsPage"));
const AppointmentPage = lazy(() => import("./AppointmentPage"));
const SupportQueuePage = lazy(() => import("./SupportQueuePage"));
const ReviewsPage = lazy(() => import("./ReviewsPage"));

/** The admin portal under /admin; App.tsx guards it (admins only). */
export default function AdminSection() {
  return (
    <Routes>
      <Route index element={<MonitorPage />} />
      <Route path="doctors" element={<DoctorsPage />} />
      <Route path="doctors/new" element={<CreateDoctorPage />} />
      <Route path="specialties" element={<SpecialtiesPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="support" element={<SupportQueuePage />} />
      <Route path="reviews" element={<ReviewsPage />} />
      <Route path="clinics" element={<ClinicsPage />} />
      <Route path="appointments/:appointmentId" element={<AppointmentPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
