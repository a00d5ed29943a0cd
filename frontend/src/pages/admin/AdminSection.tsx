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
const AnalyticsPage = lazy(() => import("./AnalyticsPage"));
const AuditPage = lazy(() => import("./AuditPage"));
const PlansPage = lazy(() => import("./PlansPage"));
const InvoicesPage = lazy(() => import("./InvoicesPage"));
const PlatformSettingsPage = lazy(() => import("./PlatformSettingsPage"));
const DisputesPage = lazy(() => import("./DisputesPage"));
const PatientsSearchPage = lazy(() => import("./PatientsAdminPage").then((m) => ({ default: m.PatientsSearchPage })));
const PatientAdminPage = lazy(() => import("./PatientsAdminPage").then((m) => ({ default: m.PatientAdminPage })));

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
      <Route path="analytics" element={<AnalyticsPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="clinics" element={<ClinicsPage />} />
      <Route path="appointments/:appointmentId" element={<AppointmentPage />} />
      <Route path="plans" element={<PlansPage />} />
      <Route path="invoices" element={<InvoicesPage />} />
      <Route path="settings" element={<PlatformSettingsPage />} />
      <Route path="disputes" element={<DisputesPage />} />
      <Route path="patients" element={<PatientsSearchPage />} />
      <Route path="patients/:patientId" element={<PatientAdminPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
