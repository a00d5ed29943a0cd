import { Center, Loader } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router-dom";
import type { Role } from "../api/types";
import { homeFor, useAuth } from "./context";

/** Signed-in users only; others go to the log-in page and come back afterwards. */
export function RequireAuth({ children, role }: { children: ReactNode; role?: Role | Role[] }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const allowed = role === undefined ? null : Array.isArray(role) ? role : [role];
  if (allowed && !allowed.includes(user.role)) return <Navigate to={homeFor(user)} replace />;
  if (user.role === "doctor" && allowed?.includes("doctor") && user.doctor_status !== "APPROVED") {
    return <Navigate to="/signup/pending" replace />;
  }
  return <>{children}</>;
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" aria-busy="true">
      <Loader aria-label={t("app.loading")} />
    </Center>
  );
}
