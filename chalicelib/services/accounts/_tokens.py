"""JWT access and refresh tokens and opaque single-use secrets. Pure: the key and the time are passed in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt

from chalicelib.errors import Unauthorized

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
ISSUER = "docspot"


@dataclass(frozen=True)
class Claims:
    sub: str
    role: str
    typ: str
    jti: str
    iat: int
    exp: int
    family: str | None = None


def new_secret() -> str:
    """A random URL-safe secret (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What we store instead of a token: its SHA-256, so a leaked table reveals no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    *, key: str, sub: str, role: str, typ: str, now: datetime, lifetime_seconds: int, family: str | None = None
) -> tuple[str, Claims]:
    iat = int(now.timestamp())
    claims = Claims(sub=sub, role=role, typ=typ, jti=new_secret(), iat=iat, exp=iat + lifetime_seconds, family=family)
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "sub": claims.sub,
        "role": claims.role,
        "typ": claims.typ,
        "jti": claims.jti,
        "iat": claims.iat,
        "exp": claims.exp,
    }
    if family is not None:
        payload["fam"] = family
    return jwt.encode(payload, key, algorithm=ALGORITHM), claims


def verify(token: str, *, key: str, typ: str, now: datetime) -> Claims:
    """Checks signature, issuer, expiry (against ``now``) and type; raises ``Unauthorized`` otherwise."""
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={
                "require": ["sub", "role", "typ", "jti", "iat", "exp"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid", code="INVALID_TOKEN") from exc
    if payload["typ"] != typ:
        raise Unauthorized("the token is not valid", code="INVALID_TOKEN")
    if int(payload["exp"]) <= int(now.timestamp()):
        raise Unauthorized("the token has expired", code="TOKEN_EXPIRED")
    return Claims(
        sub=str(payload["sub"]),
        role=str(payload["role"]),
        typ=str(payload["typ"]),
        jti=str(payload["jti"]),
        iat=int(payload["iat"]),
        exp=int(payload["exp"]),
        family=payload.get("fam"),
    )
