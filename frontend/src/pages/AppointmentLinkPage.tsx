import { Navigate, useParams } from "react-router-dom";
import { useAuth } from "../auth/context";

/**
 * `/appointments/:id`, the address every e-mail links to: whoever is signed in lands on their own view of the
 * appointment (RequireAuth has sent anyone else to sign in first and back here).
 */
export function appointmentPathFor(role: string | null, appointmentId: string): string {
  const id = encodeURIComponent(appointmentId);
  if (role === "doctor") return `/doctor/appointments/${id}`;
  if (role === "admin") return `/admin/appointments/${id}`;
  return `/me/appointments/${id}`;
}

export default function AppointmentLinkPage() {
  const { appointmentId = "" } = useParams();
  const { role } = useAuth();
  return <Navigate to={appointmentPathFor(role, appointmentId)} replace />;
}
