from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.accounts import (
    LoginRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    Registration,
    TokenPair,
    UserOut,
)
from chalicelib.handlers._http import api_route, caller, parse_body
from chalicelib.services.accounts import password_reset, sessions, users

auth = Blueprint(__name__)


@api_route(auth, "/auth/register", methods=["POST"], authorized=False, status=201)
def register() -> UserOut:
    return users.register(parse_body(auth.current_request, Registration))


@api_route(auth, "/auth/login", methods=["POST"], authorized=False)
def login() -> TokenPair:
    body: LoginRequest = parse_body(auth.current_request, LoginRequest)
    return sessions.login(body.email, body.password)


@api_route(auth, "/auth/refresh", methods=["POST"], authorized=False)
def refresh() -> TokenPair:
    body: RefreshRequest = parse_body(auth.current_request, RefreshRequest)
    return sessions.refresh(body.refresh_token)


@api_route(auth, "/auth/logout", methods=["POST"])
def logout() -> None:
    body: RefreshRequest = parse_body(auth.current_request, RefreshRequest)
    sessions.logout(caller(auth.current_request), body.refresh_token)


@api_route(auth, "/auth/password-reset", methods=["POST"], authorized=False, status=202)
def request_password_reset() -> Response:
    body: PasswordResetRequest = parse_body(auth.current_request, PasswordResetRequest)
    password_reset.request_reset(body.email)
    return Response(
        body={"status": "accepted", "message": "if an account uses this address, a reset link is on its way"},
        status_code=202,
    )


@api_route(auth, "/auth/password-reset/confirm", methods=["POST"], authorized=False)
def confirm_password_reset() -> dict[str, str]:
    body: PasswordResetConfirm = parse_body(auth.current_request, PasswordResetConfirm)
    password_reset.confirm_reset(body.token, body.password)
    return {"status": "password-changed"}
