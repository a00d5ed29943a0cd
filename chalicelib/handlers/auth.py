from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.accounts import (
    CodeAccepted,
    DoctorRegistration,
    LoginCodeRequest,
    LoginCodeVerify,
    LoginRequest,
    PasswordChanged,
    PasswordResetConfirm,
    PasswordResetRequest,
    PatientRegistration,
    RefreshRequest,
    Registration,
    ResetAccepted,
    TokenPair,
    UserOut,
)
from chalicelib.handlers._http import api_route, json_headers
from chalicelib.services.accounts import login_codes, password_reset, sessions, users
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.limits import Limit

auth = Blueprint(__name__)

# Attempts per client address (docs/architecture.md, "Rate limits"); each route's own per-address limits and the
# log-in lock-out live in the accounts services.
LOGIN_PER_CLIENT = Limit("login-ip", 30, 300)
REGISTER_PER_CLIENT = Limit("register-ip", 10, 3600)
RESET_PER_CLIENT = Limit("reset-ip", 10, 3600)
RESET_CONFIRM_PER_CLIENT = Limit("reset-confirm-ip", 20, 3600)
# Sign-in codes asked for and tried, per client address: as many as log-ins.
CODE_PER_CLIENT = Limit("code-ip", 30, 3600)
CODE_VERIFY_PER_CLIENT = Limit("code-verify-ip", 30, 300)


@api_route(
    auth,
    "/auth/register",
    methods=["POST"],
    authorized=False,
    status=201,
    body=Registration,
    limit=REGISTER_PER_CLIENT,
    errors={400: ["UNKNOWN_SPECIALTY"], 409: ["EMAIL_TAKEN", "LICENSE_TAKEN"]},
)
def register(body: PatientRegistration | DoctorRegistration) -> UserOut:
    """Creates a patient, or a doctor who starts PENDING until an admin approves them."""
    return users.register(body)


@api_route(
    auth,
    "/auth/login",
    methods=["POST"],
    authorized=False,
    body=LoginRequest,
    limit=LOGIN_PER_CLIENT,
    errors={401: ["INVALID_CREDENTIALS"], 403: ["ACCOUNT_DISABLED"], 429: ["ACCOUNT_LOCKED"]},
)
def login(body: LoginRequest) -> TokenPair:
    """Signs in: an access token (15 minutes) and a refresh token (30 days, usable once)."""
    return sessions.login(body.email, body.password)


@api_route(
    auth,
    "/auth/code",
    methods=["POST"],
    authorized=False,
    status=202,
    body=LoginCodeRequest,
    limit=CODE_PER_CLIENT,
    response=CodeAccepted,
)
def request_login_code(body: LoginCodeRequest) -> Response:
    """Mails a 6-digit sign-in code (valid 10 minutes, usable once) if an account uses the address; the answer is the
    same if not."""
    login_codes.request_code(body.email)
    accepted = CodeAccepted(message="if an account uses this address, a sign-in code is on its way")
    return Response(body=accepted.model_dump_json(), status_code=202, headers=json_headers())


@api_route(
    auth,
    "/auth/code/verify",
    methods=["POST"],
    authorized=False,
    body=LoginCodeVerify,
    limit=CODE_VERIFY_PER_CLIENT,
    errors={401: ["INVALID_CODE"], 403: ["ACCOUNT_DISABLED"], 429: ["ACCOUNT_LOCKED"]},
)
def verify_login_code(body: LoginCodeVerify) -> TokenPair:
    """Signs in with the mailed code: the same token pair as `/auth/login`. A code dies after 5 wrong tries or when
    a newer one is asked for."""
    return login_codes.verify(body.email, body.code)


@api_route(
    auth,
    "/auth/refresh",
    methods=["POST"],
    authorized=False,
    body=RefreshRequest,
    errors={
        401: ["INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REUSED", "SESSION_ENDED"],
        403: ["ACCOUNT_DISABLED"],
        404: ["USER_NOT_FOUND"],
    },
)
def refresh(body: RefreshRequest) -> TokenPair:
    """A new pair for a refresh token, which is spent; presenting a spent one again ends the whole login."""
    return sessions.refresh(body.refresh_token)


@api_route(
    auth,
    "/auth/logout",
    methods=["POST"],
    body=RefreshRequest,
    errors={401: ["INVALID_TOKEN"], 403: ["NOT_OWNER"]},
)
def logout(principal: Principal, body: RefreshRequest) -> None:
    """Ends the login the refresh token belongs to."""
    sessions.logout(principal, body.refresh_token)


@api_route(
    auth,
    "/auth/password-reset",
    methods=["POST"],
    authorized=False,
    status=202,
    body=PasswordResetRequest,
    limit=RESET_PER_CLIENT,
    response=ResetAccepted,
)
def request_password_reset(body: PasswordResetRequest) -> Response:
    """Mails a single-use reset link (valid 1 hour) if an account uses the address; the answer is the same if not."""
    password_reset.request_reset(body.email)
    accepted = ResetAccepted(message="if an account uses this address, a reset link is on its way")
    return Response(body=accepted.model_dump_json(), status_code=202, headers=json_headers())


@api_route(
    auth,
    "/auth/password-reset/confirm",
    methods=["POST"],
    authorized=False,
    body=PasswordResetConfirm,
    limit=RESET_CONFIRM_PER_CLIENT,
    errors={400: ["INVALID_RESET_TOKEN"]},
)
def confirm_password_reset(body: PasswordResetConfirm) -> PasswordChanged:
    """Sets a new password with a reset link's token: the token is spent and every session ended."""
    password_reset.confirm_reset(body.token, body.password)
    return PasswordChanged()
