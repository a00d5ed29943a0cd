import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AdminUser } from "../../api/admin";
import { ApiError } from "../../api/errors";
import { fakeUser, renderPage } from "../doctor/testing";
import UsersPage from "./UsersPage";

const calls: { method: string; args: unknown[] }[] = [];
let listing: AdminUser[] | ApiError = [];
let leftAfterCall: number[] = [];

const person = (overrides: Partial<AdminUser>): AdminUser => ({
  user_id: "u-1",
  email: "marco.rossi@docspot.test",
  name: "Marco Rossi",
  role: "patient",
  status: "active",
  timezone: "Europe/Rome",
  created_at: "2026-11-01T10:00:00Z",
  ...overrides,
});

vi.mock("../../api/admin", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/admin")>();
  return {
    ...original,
    adminApi: {
      ...original.adminApi,
      users: async (...args: unknown[]) => {
        calls.push({ method: "users", args });
        if (listing instanceof ApiError) throw listing;
        return { items: listing, next_cursor: null };
      },
      disableUser: async (userId: string, cancelAppointments?: boolean) => {
        calls.push({ method: "disableUser", args: cancelAppointments === undefined ? [userId] : [userId, cancelAppointments] });
        const left = leftAfterCall.shift() ?? 0;
        return { ...person({ user_id: userId, status: "disabled" }), cancelled_appointments: 2, appointments_left: left };
      },
      enableUser: async (userId: string) => {
        calls.push({ method: "enableUser", args: [userId] });
        return person({ user_id: userId, status: "active" });
      },
    },
  };
});

const admin = fakeUser({ user_id: "adm-1", role: "admin", name: "Ada Admin", timezone: "UTC", doctor_status: null });

beforeEach(() => {
  calls.length = 0;
  listing = [];
  leftAfterCall = [];
});

describe("the admin's users page", () => {
  it("lists every role at once by default, reading each role's listing", async () => {
    listing = [person({})];
    renderPage(<UsersPage />, { user: admin });
    await screen.findAllByText("Marco Rossi");
    const roles = calls.filter((c) => c.method === "users").map((c) => (c.args[0] as { role: string }).role);
    expect(roles.sort()).toEqual(["admin", "doctor", "patient"]);
  });

  it("disables an active account from the row's menu, only after the admin confirms", async () => {
    listing = [person({}), person({ user_id: "u-2", name: "Lucía Fernández", email: "lucia@docspot.test", status: "disabled" })];
    renderPage(<UsersPage />, { user: admin, path: "/admin/users" });
    await userEvent.click((await screen.findAllByRole("button", { name: "More actions for Marco Rossi" }))[0]!);
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disable account" }));
    expect(calls.filter((c) => c.method === "disableUser")).toEqual([]);
    const dialog = await screen.findByRole("dialog", { name: "Disable Marco Rossi?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Disable account" }));
    await waitFor(() => expect(calls).toContainEqual({ method: "disableUser", args: ["u-1"] }));
    expect(await screen.findByText(/Marco Rossi can no longer sign in\./)).toBeInTheDocument();
  });

  it("asks whether a doctor's future appointments are cancelled or kept before disabling", async () => {
    listing = [person({ user_id: "d-1", name: "Anna Berg", role: "doctor", email: "anna@docspot.test" })];
    renderPage(<UsersPage />, { user: admin });
    await userEvent.click((await screen.findAllByRole("button", { name: "More actions for Anna Berg" }))[0]!);
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disable account" }));
    const dialog = await screen.findByRole("dialog", { name: "Disable Anna Berg?" });
    const confirm = within(dialog).getByRole("button", { name: "Disable account" });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByRole("radio", { name: /Keep them/ }));
    await userEvent.click(confirm);
    await waitFor(() => expect(calls).toContainEqual({ method: "disableUser", args: ["d-1", false] }));
  });

  it("goes on cancelling a doctor's appointments while some are left", async () => {
    listing = [person({ user_id: "d-1", name: "Anna Berg", role: "doctor", email: "anna@docspot.test" })];
    leftAfterCall = [30, 5, 0];
    renderPage(<UsersPage />, { user: admin });
    await userEvent.click((await screen.findAllByRole("button", { name: "More actions for Anna Berg" }))[0]!);
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disable account" }));
    const dialog = await screen.findByRole("dialog", { name: "Disable Anna Berg?" });
    await userEvent.click(within(dialog).getByRole("radio", { name: /Cancel them/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Disable account" }));
    expect(await screen.findByText(/can no longer sign in\. 6 future appointments were cancelled\./)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "disableUser")).toHaveLength(3);
  });

  it("offers enabling a disabled account, and never disabling one's own", async () => {
    listing = [person({ user_id: "u-2", name: "Lucía Fernández", status: "disabled" }), person({ user_id: "adm-1", name: "Ada Admin", role: "admin" })];
    renderPage(<UsersPage />, { user: admin });
    await userEvent.click((await screen.findAllByRole("button", { name: "More actions for Lucía Fernández" }))[0]!);
    expect(await screen.findByRole("menuitem", { name: "Enable account" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "More actions for Ada Admin" })).not.toBeInTheDocument();
  });

  it("searches by name among the accounts and by e-mail on the server", async () => {
    listing = [person({}), person({ user_id: "u-2", name: "Lucía Fernández", email: "lucia@docspot.test" })];
    renderPage(<UsersPage />, { user: admin });
    await screen.findAllByText("Lucía Fernández");
    await userEvent.type(screen.getByRole("searchbox", { name: "Name or e-mail" }), "Rossi");
    await waitFor(() => expect(screen.queryAllByText("Lucía Fernández")).toHaveLength(0), { timeout: 3000 });
    expect(screen.getAllByText("Marco Rossi").length).toBeGreaterThan(0);
    await waitFor(() => expect(calls.at(-1)?.args[0]).toMatchObject({ email: "rossi" }), { timeout: 3000 });
  });

  it("says in a sentence when the list cannot be read", async () => {
    listing = new ApiError(503, "HTTP_503", "");
    renderPage(<UsersPage />, { user: admin });
    expect(await screen.findByText("Something went wrong on our side. Please try again in a moment.")).toBeInTheDocument();
  });
});
