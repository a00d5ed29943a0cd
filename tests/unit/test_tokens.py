"""Access and refresh JWTs: pure functions of a key and a time."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from chalicelib.errors import Unauthorized
from chalicelib.services.accounts import _tokens as tokens

KEY = "unit-test-key-that-is-at-least-32-bytes!"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def issue(typ: str = tokens.ACCESS, *, lifetime: int = 900, family: str | None = None, key: str = KEY) -> str:
    token, _ = tokens.issue(
        key=key, sub="user-1", role="patient", typ=typ, now=NOW, lifetime_seconds=lifetime, family=family
    )
    return token


def refused(token: str, *, typ: str = tokens.ACCESS, now: datetime = NOW, key: str = KEY) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        tokens.verify(token, key=key, typ=typ, now=now)
    return caught.value


def test_an_issued_access_token_verifies_with_its_claims() -> None:
    # Given / When
    token, issued = tokens.issue(key=KEY, sub="user-1", role="doctor", typ=tokens.ACCESS, now=NOW, lifetime_seconds=900)
    claims = tokens.verify(token, key=KEY, typ=tokens.ACCESS, now=NOW)

    # Then
    assert claims == issued
    assert (claims.sub, claims.role, claims.typ, claims.family) == ("user-1", "doctor", "access", None)
    assert claims.iat == int(NOW.timestamp())
    assert claims.exp == claims.iat + 900


def test_a_refresh_token_carries_its_family() -> None:
    token = issue(tokens.REFRESH, family="fam-1")

    claims = tokens.verify(token, key=KEY, typ=tokens.REFRESH, now=NOW)

    assert claims.family == "fam-1"
    assert claims.typ == "refresh"


def test_each_issued_token_has_its_own_id() -> None:
    assert (
        tokens.verify(issue(), key=KEY, typ="access", now=NOW).jti
        != tokens.verify(issue(), key=KEY, typ="access", now=NOW).jti
    )


def test_a_token_is_valid_until_the_last_second_before_expiry() -> None:
    token = issue(lifetime=900)

    claims = tokens.verify(token, key=KEY, typ=tokens.ACCESS, now=NOW + timedelta(seconds=899))

    assert claims.sub == "user-1"


@pytest.mark.parametrize("later", [timedelta(seconds=900), timedelta(days=2)])
def test_a_token_is_expired_from_its_expiry_on_by_the_given_now(later: timedelta) -> None:
    token = issue(lifetime=900)

    error = refused(token, now=NOW + later)

    assert error.code == "TOKEN_EXPIRED"


def test_expiry_follows_the_injected_now_not_the_wall_clock() -> None:
    # Given a token issued long ago by the wall clock, but "now" is its issue time
    old = datetime(2001, 1, 1, tzinfo=UTC)
    token, _ = tokens.issue(key=KEY, sub="u", role="patient", typ="access", now=old, lifetime_seconds=60)

    # When / Then
    assert tokens.verify(token, key=KEY, typ="access", now=old).sub == "u"
    assert refused(token, now=old + timedelta(minutes=1)).code == "TOKEN_EXPIRED"


def test_a_refresh_token_is_never_accepted_as_an_access_token() -> None:
    token = issue(tokens.REFRESH, family="fam-1")

    error = refused(token, typ=tokens.ACCESS)

    assert error.code == "INVALID_TOKEN"


def test_an_access_token_is_never_accepted_as_a_refresh_token() -> None:
    assert refused(issue(tokens.ACCESS), typ=tokens.REFRESH).code == "INVALID_TOKEN"


def test_a_token_signed_with_another_key_is_refused() -> None:
    token = issue(key="another-key-that-is-also-32-bytes-long!!")

    assert refused(token).code == "INVALID_TOKEN"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_token_whose_payload_was_changed_is_refused() -> None:
    # Given a patient's token whose payload is edited to claim the admin role, keeping the signature
    header, payload, signature = issue().split(".")
    claims = json.loads(_unb64(payload))
    claims["role"] = "admin"
    forged = ".".join([header, _b64(json.dumps(claims).encode()), signature])

    # Then
    assert refused(forged).code == "INVALID_TOKEN"


def test_a_token_with_a_tampered_signature_is_refused() -> None:
    header, payload, signature = issue().split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]

    assert refused(f"{header}.{payload}.{flipped}").code == "INVALID_TOKEN"


def test_an_unsigned_token_is_refused() -> None:
    payload = jwt.decode(issue(), options={"verify_signature": False})
    unsigned = jwt.encode(payload, key="", algorithm="none")

    assert refused(unsigned).code == "INVALID_TOKEN"


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c", "e30.e30.e30"])
def test_garbage_is_refused(garbage: str) -> None:
    assert refused(garbage).code == "INVALID_TOKEN"


def _signed(**overrides: object) -> str:
    payload: dict[str, object] = {
        "iss": tokens.ISSUER,
        "sub": "user-1",
        "role": "patient",
        "typ": "access",
        "jti": "j",
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + 900,
    }
    payload.update(overrides)
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, KEY, algorithm=tokens.ALGORITHM)


def test_a_well_formed_token_signed_with_the_key_verifies() -> None:
    """The baseline for the missing-claim cases below: only the removed claim makes them fail."""
    assert tokens.verify(_signed(), key=KEY, typ="access", now=NOW).sub == "user-1"


@pytest.mark.parametrize("claim", ["sub", "role", "typ", "jti", "iat", "exp"])
def test_a_token_missing_a_required_claim_is_refused(claim: str) -> None:
    assert refused(_signed(**{claim: None})).code == "INVALID_TOKEN"


def test_a_token_from_another_issuer_is_refused() -> None:
    assert refused(_signed(iss="someone-else")).code == "INVALID_TOKEN"


def test_a_token_without_an_issuer_is_refused() -> None:
    assert refused(_signed(iss=None)).code == "INVALID_TOKEN"


def test_a_token_signed_with_another_algorithm_is_refused() -> None:
    payload = jwt.decode(issue(), options={"verify_signature": False})
    token = jwt.encode(payload, KEY + KEY, algorithm="HS512")

    assert refused(token).code == "INVALID_TOKEN"


def test_digest_is_a_stable_sha256_that_hides_the_token() -> None:
    secret = tokens.new_secret()

    assert tokens.digest(secret) == tokens.digest(secret)
    assert len(tokens.digest(secret)) == 64
    assert secret not in tokens.digest(secret)
    assert tokens.digest(secret) != tokens.digest(secret + "x")


def test_new_secrets_are_long_url_safe_and_unique() -> None:
    secrets = {tokens.new_secret() for _ in range(50)}

    assert len(secrets) == 50
    assert all(len(s) >= 43 and all(c.isalnum() or c in "-_" for c in s) for s in secrets)
