"""schemathesis hooks of the fuzzing run (tests/e2e/test_fuzzing.py), loaded through ``SCHEMATHESIS_HOOKS``.

Every operation is called with a bearer token of a role it allows (its ``x-roles`` in the OpenAPI document), so the
generated requests get past 401 and 403 to the code that reads them: the demo patient, doctor and admin of the
stack under test, each signed in once (``DOCSPOT_FUZZ_API`` names the API). Public operations get no token.

The admin's token may disable accounts, and schemathesis feeds the ids the API hands out (``GET /admin/users``) back
into path parameters: left alone, it disables the patient and the doctor whose tokens every other operation uses,
and from then on those operations answer 403 ``ACCOUNT_DISABLED`` before reading anything. So a call that would
disable one of the three accounts goes to an id no account has instead (a 404, still checked against the document).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import httpx
import schemathesis

ACCOUNTS = {
    "patient": ("paula.patient@docspot.test", "docspot-demo"),
    "doctor": ("anna.schmidt@docspot.test", "docspot-demo"),
    "admin": ("admin@docspot.test", "docspot-admin"),
}
# Which allowed role calls an operation several roles may call: the one whose data it reads most.
PREFERENCE = ("patient", "doctor", "admin")

_tokens: dict[str, str] = {}
_user_ids: dict[str, str] = {}
_lock = threading.Lock()
# Operations that would take one of the fuzzing accounts out of the run for good.
ACCOUNT_ENDING = {("POST", "/admin/users/{user_id}/disable")}
NO_SUCH_ACCOUNT = "0" * 32


def role_for(case: Any) -> str | None:
    raw: dict[str, Any] = case.operation.definition.raw
    if not raw.get("security"):
        return None
    allowed = [role for role in raw.get("x-roles", []) if role in ACCOUNTS]
    return next((role for role in PREFERENCE if role in allowed), None) or "patient"


def token(role: str) -> str:
    with _lock:
        if role not in _tokens:
            email, password = ACCOUNTS[role]
            reply = httpx.post(
                f"{os.environ['DOCSPOT_FUZZ_API']}/auth/login", json={"email": email, "password": password}, timeout=30
            )
            reply.raise_for_status()
            _tokens[role] = str(reply.json()["access_token"])
        return _tokens[role]


def fuzzing_accounts() -> set[str]:
    """The user ids of the accounts whose tokens the run uses."""
    for role in ACCOUNTS:
        if role not in _user_ids:
            reply = httpx.get(
                f"{os.environ['DOCSPOT_FUZZ_API']}/me", headers={"Authorization": f"Bearer {token(role)}"}, timeout=30
            )
            reply.raise_for_status()
            _user_ids[role] = str(reply.json()["user_id"])
    return set(_user_ids.values())


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Keeps the fuzzing accounts enabled: see the module's docstring."""
    if (case.method.upper(), case.path) in ACCOUNT_ENDING and case.path_parameters.get("user_id") in fuzzing_accounts():
        case.path_parameters = {**case.path_parameters, "user_id": NO_SUCH_ACCOUNT}


@schemathesis.auth(refresh_interval=None, retry_on=[])
class RoleTokens:
    """A token of a role the operation allows (none for public operations)."""

    def get(self, case: Any, context: Any) -> str | None:
        role = role_for(case)
        return token(role) if role else None

    def set(self, case: Any, data: str | None, context: Any) -> None:
        if data:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
