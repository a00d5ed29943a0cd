import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import type { User } from "../../api/types";
import { AuthContext, type AuthState } from "../../auth/context";
import { renderWithProviders } from "../../test/render";
import LoginPage, { safeNext } from "./LoginPage";

function auth(login: AuthState["login"]): AuthState {
  return {
    user: null,
    role: null,
    accessToken: null,
    login,
    logout: vi.fn(),
    register: vi.fn(),
    setUser: vi.fn(),
  };
}

function renderLogin(login: AuthState["login"]) {
  return renderWithProviders(
    <AuthContext.Provider value={auth(login)}>
      <LoginPage />
    </AuthContext.Provider>,
    { route: "/login" },
  );
}

describe("LoginPage", () => {
  it("says what is missing instead of sending an empty form", async () => {
    const login = vi.fn();
    const user = userEvent.setup();
    renderLogin(login);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter your e-mail address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(login).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^E-mail/)).toHaveAttribute("aria-invalid", "true");
  });

  it("shows wrong credentials as a sentence, without the code", async () => {
    const login = vi.fn(async (): Promise<User> => {
      throw new ApiError(401, "INVALID_CREDENTIALS", "invalid e-mail or password");
    });
    const user = userEvent.setup();
    renderLogin(login);
    await user.type(screen.getByLabelText(/^E-mail/), "paula@example.com");
    await user.type(screen.getByLabelText(/^Password/), "wrong-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The e-mail address or password is not right.");
    expect(alert).not.toHaveTextContent("INVALID_CREDENTIALS");
    expect(login).toHaveBeenCalledWith("paula@example.com", "wrong-password");
  });

  it("follows only same-site paths after signing in", () => {
    expect(safeNext("/doctors/d1?week=2026-12-01")).toBe("/doctors/d1?week=2026-12-01");
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
