"""Who is calling: an access token verified into a principal, and the account behind it still active.

Two checks, split by cost (docs/architecture.md, "Revocation"). The JWT authorizer verifies the token (signature,
type, expiry: no I/O) and API Gateway caches its answer for up to 60 s. Every request then confirms, in the
function, that the cached answer still holds: the token has not expired since (free: ``exp`` travels in the
authorizer's context) and the account is still active (one GetItem of the user). So disabling an account stops its
tokens on the next request, whatever the authorizer's cache holds.
"""

from __future__ import annotations

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.models.users import User
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import AccountStatus, Role

ACCOUNT_DISABLED = "ACCOUNT_DISABLED"


def verify(access_token: str) -> tuple[Principal, int]:
    """The principal of an access token (never a refresh token) and its expiry (epoch seconds); raises
    ``Unauthorized``. Reads nothing: this is what the authorizer runs."""
    claims = tokens.verify(access_token, key=jwt_secret(), typ=tokens.ACCESS, now=adapters().clock.now())
    return Principal(user_id=claims.sub, role=Role(claims.role)), claims.exp


def authenticate(access_token: str) -> Principal:
    """Verifies an access token and that its account is active (one GetItem); raises ``Unauthorized`` or
    ``Forbidden`` (``ACCOUNT_DISABLED``). For callers that see the token themselves (the WebSocket ``$connect``)."""
    principal, _ = verify(access_token)
    require_active(principal)
    return principal


def still_valid(principal: Principal, expires: int | None) -> Principal:
    """What every request behind the authorizer confirms: the token has not expired since the authorizer's answer
    was cached, and the account is still active."""
    if expires is not None and expires <= int(adapters().clock.now().timestamp()):
        raise Unauthorized("the token has expired", code="UNAUTHORIZED")
    require_active(principal)
    return principal


def require_active(principal: Principal) -> None:
    """One strongly consistent GetItem of the user's status: a disable takes effect on the very next request."""
    try:
        status = User.get(principal.user_id, consistent_read=True, attributes_to_get=["status"]).status
    except User.DoesNotExist as exc:
        raise Unauthorized("this account no longer exists", code="UNAUTHORIZED") from exc
    if status != AccountStatus.ACTIVE:
        raise Forbidden("this account is disabled", code=ACCOUNT_DISABLED)
