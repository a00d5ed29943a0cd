import type { Role, User } from "../api/types";

export interface NavItem {
  /** A key of the `nav` translations. */
  label: "findDoctor" | "myAppointments" | "healthRecord" | "notifications" | "settings" | "dashboard" | "appointments"
    | "patients" | "availability"
    | "practiceProfile" | "visitTypes" | "clinics" | "application" | "today" | "doctors" | "specialties" | "users"
    | "reviews" | "signIn" | "signUp" | "support" | "supportQueue" | "messages" | "urgentHelp" | "urgent"
    | "analytics" | "audit" | "plans" | "invoices" | "platformSettings" | "disputes" | "patientsAdmin" | "myPlan";
  to: string;
  /** Not a header button: listed in the account menu (and the phone menu). */
  secondary?: boolean;
}

const NOTIFICATIONS: NavItem = { label: "notifications", to: "/notifications", secondary: true };
const SETTINGS: NavItem = { label: "settings", to: "/settings", secondary: true };
const SUPPORT: NavItem = { label: "support", to: "/support", secondary: true };

/** The navigation each role sees; a doctor not (yet) approved sees their application, not the doctor's menu. */
export function navFor(role: Role | null, user?: Pick<User, "doctor_status"> | null): NavItem[] {
  switch (role) {
    case "patient":
      return [
        { label: "findDoctor", to: "/doctors" },
        { label: "myAppointments", to: "/me/appointments" },
        { label: "healthRecord", to: "/me/record" },
        { label: "urgentHelp", to: "/urgent" },
        // The header's envelope (with the unread count) leads there too.
        { label: "messages", to: "/messages", secondary: true },
        NOTIFICATIONS,
        SETTINGS,
        SUPPORT,
      ];
    case "doctor":
      if (user && user.doctor_status !== "APPROVED") return [{ label: "application", to: "/signup/pending" }, SETTINGS, SUPPORT];
      return [
        { label: "dashboard", to: "/doctor" },
        { label: "appointments", to: "/doctor/appointments" },
        { label: "patients", to: "/doctor/patients" },
        { label: "availability", to: "/doctor/availability" },
        { label: "practiceProfile", to: "/doctor/profile" },
        // The header keeps five buttons (so it fits in German at 1280 px); the rest are in the account menu.
        { label: "reviews", to: "/doctor/reviews", secondary: true },
        // The header's siren leads there too.
        { label: "urgent", to: "/doctor/urgent", secondary: true },
        { label: "messages", to: "/doctor/messages", secondary: true },
        { label: "visitTypes", to: "/doctor/profile/visits", secondary: true },
        { label: "analytics", to: "/doctor/analytics", secondary: true },
        { label: "myPlan", to: "/doctor/plan", secondary: true },
        NOTIFICATIONS,
        SETTINGS,
        SUPPORT,
      ];
    case "admin":
      return [
        { label: "today", to: "/admin" },
        { label: "doctors", to: "/admin/doctors" },
        { label: "specialties", to: "/admin/specialties" },
        { label: "clinics", to: "/admin/clinics" },
        { label: "users", to: "/admin/users" },
        // The header keeps five buttons (so it fits in German at 1280 px); the rest are in the account menu.
        { label: "supportQueue", to: "/admin/support", secondary: true },
        { label: "reviews", to: "/admin/reviews", secondary: true },
        { label: "patientsAdmin", to: "/admin/patients", secondary: true },
        { label: "disputes", to: "/admin/disputes", secondary: true },
        { label: "analytics", to: "/admin/analytics", secondary: true },
        { label: "audit", to: "/admin/audit", secondary: true },
        { label: "plans", to: "/admin/plans", secondary: true },
        { label: "invoices", to: "/admin/invoices", secondary: true },
        { label: "platformSettings", to: "/admin/settings", secondary: true },
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
