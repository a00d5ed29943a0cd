import { lazy } from "react";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "./auth/guards";
import { AppLayout } from "./layout/AppLayout";
import { NotFoundPage } from "./pages/public/NotFoundPage";

const HomePage = lazy(() => import("./pages/public/HomePage"));
const DoctorSearchPage = lazy(() => import("./pages/public/DoctorSearchPage"));
const DoctorProfilePage = lazy(() => import("./pages/public/DoctorProfilePage"));
const DoctorSlugPage = lazy(() => import("./pages/public/DoctorSlugPage"));
const EmbedDoctorPage = lazy(() => import("./pages/public/EmbedDoctorPage"));
const LoginPage = lazy(() => import("./pages/public/LoginPage"));
const SignupPage = lazy(() => import("./pages/public/SignupPage"));
const PendingApprovalPage = lazy(() => import("./pages/public/PendingApprovalPage"));
const ForgotPasswordPage = lazy(() => import("./pages/public/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./pages/public/ResetPasswordPage"));
const AttendPage = lazy(() => import("./pages/attend/AttendPage"));
const ConfirmBookingPage = lazy(() => import("./pages/patient/ConfirmBookingPage"));
const BookDeepLinkPage = lazy(() => import("./pages/patient/BookDeepLinkPage"));
const BookedPage = lazy(() => import("./pages/patient/BookedPage"));
const MyAppointmentsPage = lazy(() => import("./pages/patient/MyAppointmentsPage"));
const AppointmentPage = lazy(() => import("./pages/patient/AppointmentPage"));
const NotificationsPage = lazy(() => import("./pages/patient/NotificationsPage"));
const SettingsPage = lazy(() => import("./pages/patient/SettingsPage"));
const HealthRecordPage = lazy(() => import("./pages/patient/HealthRecordPage"));
const AppointmentLinkPage = lazy(() => import("./pages/AppointmentLinkPage"));
const MessagesPage = lazy(() => import("./pages/talk/MessagesPage"));
const UrgentRequestForm = lazy(() => import("./pages/talk/UrgentRequestPage").then((m) => ({ default: m.UrgentRequestForm })));
const UrgentStatusPage = lazy(() => import("./pages/talk/UrgentRequestPage").then((m) => ({ default: m.UrgentStatusPage })));
const DoctorSection = lazy(() => import("./pages/doctor/DoctorSection"));
const AdminSection = lazy(() => import("./pages/admin/AdminSection"));
const ApiDocsPage = lazy(() => import("./pages/reference/ApiDocsPage"));
const SupportPage = lazy(() => import("./pages/support/SupportPage"));
const TicketPage = lazy(() => import("./pages/support/TicketPage"));

/** Public and patient pages here; the doctor and admin sections route their own pages behind their guard. */
export function App() {
  return (
    <Routes>
      {/* The embeddable booking page, without the app's header and menus (the only route that may be framed). */}
      <Route path="embed/d/:slug" element={<EmbedDoctorPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="doctors" element={<DoctorSearchPage />} />
        <Route path="doctors/:doctorId" element={<DoctorProfilePage />} />
        <Route path="d/:slug" element={<DoctorSlugPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="signup" element={<SignupPage />} />
        <Route path="signup/pending" element={<PendingApprovalPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="attend" element={<AttendPage />} />
        <Route path="api-docs" element={<ApiDocsPage />} />

        <Route
          path="appointments/:appointmentId"
          element={
            <RequireAuth>
              <AppointmentLinkPage />
            </RequireAuth>
          }
        />
        <Route
          path="book"
          element={
            <RequireAuth role="patient">
              <BookDeepLinkPage />
            </RequireAuth>
          }
        />
        <Route
          path="book/:slotId"
          element={
            <RequireAuth role="patient">
              <ConfirmBookingPage />
            </RequireAuth>
          }
        />
        <Route
          path="me/appointments"
          element={
            <RequireAuth role="patient">
              <MyAppointmentsPage />
            </RequireAuth>
          }
        />
        <Route
          path="me/appointments/:appointmentId"
          element={
            <RequireAuth role="patient">
              <AppointmentPage />
            </RequireAuth>
          }
        />
        <Route
          path="me/appointments/:appointmentId/booked"
          element={
            <RequireAuth role="patient">
              <BookedPage />
            </RequireAuth>
          }
        />
        <Route
          path="me/record"
          element={
            <RequireAuth role="patient">
              <HealthRecordPage />
            </RequireAuth>
          }
        />
        <Route
          path="messages"
          element={
            <RequireAuth role="patient">
              <MessagesPage base="/messages" />
            </RequireAuth>
          }
        />
        <Route
          path="messages/:conversationId"
          element={
            <RequireAuth role="patient">
              <MessagesPage base="/messages" />
            </RequireAuth>
          }
        />
        <Route
          path="urgent"
          element={
            <RequireAuth role="patient">
              <UrgentRequestForm />
            </RequireAuth>
          }
        />
        <Route
          path="urgent/:requestId"
          element={
            <RequireAuth role="patient">
              <UrgentStatusPage />
            </RequireAuth>
          }
        />
        <Route
          path="notifications"
          element={
            <RequireAuth>
              <NotificationsPage />
            </RequireAuth>
          }
        />
        <Route
          path="support"
          element={
            <RequireAuth>
              <SupportPage />
            </RequireAuth>
          }
        />
        <Route
          path="support/:ticketId"
          element={
            <RequireAuth>
              <TicketPage />
            </RequireAuth>
          }
        />
        <Route
          path="settings"
          element={
            <RequireAuth>
              <SettingsPage />
            </RequireAuth>
          }
        />

        <Route
          path="doctor/*"
          element={
            <RequireAuth role="doctor">
              <DoctorSection />
            </RequireAuth>
          }
        />
        <Route
          path="admin/*"
          element={
            <RequireAuth role="admin">
              <AdminSection />
            </RequireAuth>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
