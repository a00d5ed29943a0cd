import { lazy } from "react";
import { Route, Routes } from "react-router-dom";
import { NotFoundPage } from "../public/NotFoundPage";

const DashboardPage = lazy(() => import("./DashboardPage"));
const AppointmentsPage = lazy(() => import("./AppointmentsPage"));
const AppointmentDetailPage = lazy(() => import("./AppointmentDetailPage"));
const AvailabilityPage = lazy(() => import("./AvailabilityPage"));
const ProfilePage = lazy(() => import("./ProfilePage"));
const MyAnalyticsPage = lazy(() => import("./MyAnalyticsPage"));
const VisitTypesPage = lazy(() => import("./VisitTypesPage"));
const PatientsPage = lazy(() => import("./PatientsPage"));
const PatientPage = lazy(() => import("./PatientPage"));
const ReviewsPage = lazy(() => import("./ReviewsPage"));
const UrgentPage = lazy(() => import("./UrgentPage"));
const MessagesPage = lazy(() => import("../talk/MessagesPage"));
const PlanPage = lazy(() => import("./PlanPage"));

/** The doctor portal under /doctor; App.tsx guards it (approved doctors only). */
export default function DoctorSection() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="appointments" element={<AppointmentsPage />} />
      <Route path="appointments/:appointmentId" element={<AppointmentDetailPage />} />
      <Route path="patients" element={<PatientsPage />} />
      <Route path="patients/:patientId" element={<PatientPage />} />
      <Route path="availability" element={<AvailabilityPage />} />
      <Route path="profile" element={<ProfilePage />} />
      <Route path="reviews" element={<ReviewsPage />} />
      <Route path="urgent" element={<UrgentPage />} />
      <Route path="messages" element={<MessagesPage base="/doctor/messages" />} />
      <Route path="messages/:conversationId" element={<MessagesPage base="/doctor/messages" />} />
      <Route path="analytics" element={<MyAnalyticsPage />} />
      <Route path="plan" element={<PlanPage />} />
      <Route path="profile/visits" element={<VisitTypesPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
