import type { Role, User } from "../api/types";

export interface NavItem {
  /** A key of the `nav` translations. */
  label: "findDoctor" | "myAppointments" | "healthRecord" | "notifications" | "settings" | "dashboard" | "appointments"
    | "patients" | "availability"
    | "practiceProfile" | "visitTypes" | "clinics" | "application" | "today" | "doctors" | "specialties" | "users" | "signIn" | "signUp";
  to: string;
  /** Also reachable from the header's bell or account menu: listed in the phone menu only. */
  secondary?: boolean;
}

const NOTIFICATIONS: NavItem = { label: "notifications", to: "/notifications", secondary: true };
const SETTINGS: NavItem = { label: "settings", to: "/settings", secondary: true };

/** The navigation each role sees; a doctor not (yet) approved sees their application, not the doctor's menu. */
export function navFor(role: Role | null, user?: Pick<User, "doctor_status"> | null): NavItem[] {
  switch (role) {
    case "patient":
      return [
        { label: "findDoctor", to: "/doctors" },
        { label: "myAppointments", to: "/me/appointments" },
        { label: "healthRecord", to: "/me/record" },
        NOTIFICATIONS,
        SETTINGS,
      ];
    case "doctor":
      if (user && user.doctor_status !== "APPROVED") return [{ label: "application", to: "/signup/pending" }, SETTINGS];
      return [
        { label: "dashboard", to: "/doctor" },
        { label: "appointments", to: "/doctor/appointments" },
        { label: "patients", to: "/doctor/patients" },
        { label: "availability", to: "/doctor/availability" },
        { label: "practiceProfile", to: "/doctor/profile" },
        // Also a button on the practice profile page: listed in the phone menu only, so the header fits in German.
        { label: "visitTypes", to: "/doctor/profile/visits", secondary: true },
        NOTIFICATIONS,
        SETTINGS,
      ];
    case "admin":
      return [
        { label: "today", to: "/admin" },
        { label: "doctors", to: "/admin/doctors" },
        { label: "specialties", to: "/admin/specialties" },
        { label: "clinics", to: "/admin/clinics" },
        { label: "users", to: "/admin/users" },
        NOTIFICATIONS,
        SETTINGS,
      ];
    default:
      return [
        { label: "findDoctor", to: "/doctors" },
        { label: "signIn", to: "/login" },
        { label: "signUp", to: "/signup" },
      ];
  }
}
