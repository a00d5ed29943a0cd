import type { Role } from "../api/types";

export interface NavItem {
  label: string;
  to: string;
}

/** The navigation each role sees; doctor and admin sections are owned by their pages' routes. */
export function navFor(role: Role | null): NavItem[] {
  switch (role) {
    case "patient":
      return [
        { label: "Find a doctor", to: "/doctors" },
        { label: "My appointments", to: "/me/appointments" },
        { label: "Notifications", to: "/notifications" },
        { label: "Settings", to: "/settings" },
      ];
    case "doctor":
      return [
        { label: "Dashboard", to: "/doctor" },
        { label: "Appointments", to: "/doctor/appointments" },
        { label: "Availability", to: "/doctor/availability" },
        { label: "Notifications", to: "/notifications" },
        { label: "Settings", to: "/settings" },
      ];
    case "admin":
      return [
        { label: "Today", to: "/admin" },
        { label: "Doctors", to: "/admin/doctors" },
        { label: "Specialties", to: "/admin/specialties" },
        { label: "Users", to: "/admin/users" },
        { label: "Notifications", to: "/notifications" },
      ];
    default:
      return [
        { label: "Find a doctor", to: "/doctors" },
        { label: "Sign in", to: "/login" },
        { label: "Sign up", to: "/signup" },
      ];
  }
}
