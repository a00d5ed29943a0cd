"""Who is calling: an access token verified into a principal."""

from __future__ import annotations

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role


def authenticate(access_token: str) -> Principal:
    """Verifies an access token (never a refresh token); raises ``Unauthorized``."""
    claims = tokens.verify(access_token, key=jwt_secret(), typ=tokens.ACCESS, now=adapters().clock.now())
    return Principal(user_id=claims.sub, role=Role(claims.role))
