import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import type { User } from "../../api/types";
import { AuthContext, type AuthState } from "../../auth/context";
import { renderWithProviders } from "../../test/render";
import LoginPage, { safeNext } from "./LoginPage";

const asked: string[] = [];

vi.mock("../../api/reviews", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/reviews")>();
  return {
    ...original,
    loginCode: {
      ...original.loginCode,
      request: async (email: string) => {
        asked.push(email);
        return { status: "accepted" };
      },
    },
  };
});

function auth(login: AuthState["login"], loginWithCode: AuthState["loginWithCode"] = vi.fn()): AuthState {
  return {
    user: null,
    role: null,
    accessToken: null,
    login,
    loginWithCode,
    logout: vi.fn(),
    register: vi.fn(),
    setUser: vi.fn(),
  };
}

function renderLogin(login: AuthState["login"], loginWithCode?: AuthState["loginWithCode"]) {
  return renderWithProviders(
    <AuthContext.Provider value={auth(login, loginWithCode)}>
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

  it("signs in with a code mailed to the address instead of the password", async () => {
    const paula = { user_id: "p1", role: "patient", name: "Paula", email: "paula@example.com" } as User;
    const loginWithCode = vi.fn(async (): Promise<User> => paula);
    const user = userEvent.setup();
    renderLogin(vi.fn(), loginWithCode);
    await user.click(screen.getByRole("button", { name: "E-mail me a code instead" }));
    await user.type(screen.getByLabelText(/^E-mail/), "paula@example.com");
    await user.click(screen.getByRole("button", { name: "E-mail me a code" }));
    expect(await screen.findByText(/a code is on its way/)).toBeInTheDocument();
    expect(asked).toEqual(["paula@example.com"]);

    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter the 6 digits from the e-mail.")).toBeInTheDocument();
    expect(loginWithCode).not.toHaveBeenCalled();

    await user.click(screen.getAllByRole("textbox")[0]!);
    await user.paste("042917");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(loginWithCode).toHaveBeenCalledWith("paula@example.com", "042917");
  });

  it("follows only same-site paths after signing in", () => {
    expect(safeNext("/doctors/d1?week=2026-12-01")).toBe("/doctors/d1?week=2026-12-01");
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
