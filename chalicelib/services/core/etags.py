"""HTTP entity tags for what the API serves to caches and pollers (the slot publication, calendar feeds)."""

from __future__ import annotations

import hashlib
import hmac


def etag_of(payload: bytes) -> str:
    """A strong tag: the first 128 bits of the SHA-256 of the bytes served."""
    return f'"{hashlib.sha256(payload).hexdigest()[:32]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (or ``*``); weak tags compare by their value."""
    if not if_none_match:
        return False
    offered = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return any(tag == "*" or hmac.compare_digest(tag, etag) for tag in offered)
