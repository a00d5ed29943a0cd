import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import type { Appointment, User } from "../../api/types";
import { AuthContext, type AuthState } from "../../auth/context";
import { theme } from "../../theme";


export function fakeUser(overrides: Partial<User> = {}): User {
  return {
    user_id: "doc-1",
    email: "anna.schmidt@docspot.test",
    name: "Anna Schmidt",
    role: "doctor",
    status: "active",
    timezone: "Europe/Berlin",
    locale: "en",
    phone: null,
    date_of_birth: null,
    email_opt_out: false,
    email_preferences: { appointment_updates: true, reminders: true, waitlist: true, messages: true },
    created_at: "2026-01-01T00:00:00Z",
    doctor_status: "APPROVED",
    ...overrides,
  };
}

export function fakeAuth(user: User | null, overrides: Partial<AuthState> = {}): AuthState {
  return {
    user,
    role: user?.role ?? null,
    accessToken: user ? "token" : null,
    login: async () => {
      throw new Error("not in this test");
    },
    loginWithCode: async () => {
      throw new Error("not in this test");
    },
    logout: async () => undefined,
    register: async () => {
      throw new Error("not in this test");
    },
    setUser: () => undefined,
    ...overrides,
  };
}

/** A page inside the app's providers, at `path` matched by `route`; no WebSocket (the realtime hooks are inert). */
export function renderPage(
  page: ReactElement,
  { user = fakeUser(), path = "/", route = "*", auth }: { user?: User | null; path?: string; route?: string; auth?: AuthState } = {},
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <MantineProvider theme={theme}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <AuthContext.Provider value={auth ?? fakeAuth(user)}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={page} />
              {route !== "*" && <Route path="*" element={<div>Elsewhere: another page</div>} />}
            </Routes>
          </MemoryRouter>
        </AuthContext.Provider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient };
}

export function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    appointment_id: "apt-1",
    slot_id: "slot-1",
    status: "SCHEDULED" as const,
    start: "2026-12-01T09:00:00Z",
    end: "2026-12-01T09:30:00Z",
    doctor: { id: "doc-1", name: "Anna Schmidt" },
    patient: { id: "pat-1", name: "Paula Patient" },
    reason_for_visit: "Palpitations after exercise",
    summary: null,
    notes: null,
    cancel_reason: null,
    cancelled_by: null,
    sequence: 0,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    attendance_confirmed_at: null,
    follow_up: null,
    reviewed_at: null,
    review_closes_at: null,
    ...overrides,
  };
}

/** Types into a field at once (a paste): typing key by key into autosizing textareas is slow in jsdom. */
export async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}
