"""Password hashing with scrypt and a per-user salt. Pure: no I/O."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# n=2**14, r=8, p=1: ~16 MiB and ~50 ms per hash, the interactive-login parameters scrypt's author recommends.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
SCHEME = "scrypt"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=KEY_BYTES)


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$key``: the parameters travel with the hash so they can be raised later."""
    salt = os.urandom(SALT_BYTES)
    key = _derive(password, salt, N, R, P)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(password, _unb64(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, _unb64(key))


def dummy_hash() -> str:
    """A hash no password matches, with the parameters new hashes get now. Verifying against it when no account
    exists costs the same time as a real check, so timing does not reveal which e-mail addresses have accounts. Made
    on each call, not once at import, so it always costs what ``hash_password`` does at the moment."""
    return f"{SCHEME}${N}${R}${P}${_b64(bytes(SALT_BYTES))}${_b64(bytes(KEY_BYTES))}"
