import { createContext, useContext } from "react";
import type { Registration } from "../api/endpoints";
import type { Role, User } from "../api/types";

export interface AuthState {
  user: User | null;
  role: Role | null;
  /** A token the WebSocket can present; null when signed out. */
  accessToken: string | null;
  login(email: string, password: string): Promise<User>;
  /** Signs in with the 6-digit code mailed to ``email`` (``POST /auth/code/verify``): the same session as a log-in. */
  loginWithCode(email: string, code: string): Promise<User>;
  logout(): Promise<void>;
  register(registration: Registration): Promise<User>;
  /** Replaces the signed-in user after a profile change. */
  setUser(user: User): void;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth outside AuthProvider");
  return state;
}

/** Where each role lands after signing in. */
export function homeFor(user: User | null): string {
  if (!user) return "/";
  if (user.role === "admin") return "/admin";
  if (user.role === "doctor") return user.doctor_status === "APPROVED" ? "/doctor" : "/signup/pending";
  return "/me/appointments";
}
