import type { Role } from "../api/types";

export interface NavItem {
  label: string;
  to: string;
  /** Also reachable from the header's bell or account menu: listed in the phone menu only. */
  secondary?: boolean;
}

const NOTIFICATIONS: NavItem = { label: "Notifications", to: "/notifications", secondary: true };
const SETTINGS: NavItem = { label: "Settings", to: "/settings", secondary: true };

/** The navigation each role sees. */
export function navFor(role: Role | null): NavItem[] {
  switch (role) {
    case "patient":
      return [
        { label: "Find a doctor", to: "/doctors" },
        { label: "My appointments", to: "/me/appointments" },
        { label: "Health record", to: "/me/record" },
        NOTIFICATIONS,
        SETTINGS,
      ];
    case "doctor":
      return [
        { label: "Dashboard", to: "/doctor" },
        { label: "Appointments", to: "/doctor/appointments" },
        { label: "Patients", to: "/doctor/patients" },
        { label: "Availability", to: "/doctor/availability" },
        { label: "Practice profile", to: "/doctor/profile" },
        NOTIFICATIONS,
        SETTINGS,
      ];
    case "admin":
      return [
        { label: "Today", to: "/admin" },
        { label: "Doctors", to: "/admin/doctors" },
        { label: "Specialties", to: "/admin/specialties" },
        { label: "Users", to: "/admin/users" },
        NOTIFICATIONS,
        SETTINGS,
      ];
    default:
      return [
        { label: "Find a doctor", to: "/doctors" },
        { label: "Sign in", to: "/login" },
        { label: "Sign up", to: "/signup" },
      ];
  }
}
