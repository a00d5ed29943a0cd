"""The directory's version stamp: it moves on every change of who is listed or how (an approval, a rename, a
specialty change), so per-process caches of the directory (``catalogue.directory``) are never stale. Kept in core
because accounts (a doctor's rename) and the catalogue both move it, and accounts must not import the catalogue."""

from __future__ import annotations

import secrets

from chalicelib.adapters.registry import adapters
from chalicelib.models.unique_keys import DIRECTORY_VERSION_KEY, UniqueKey

INITIAL = "0:initial"


def changed() -> None:
    """Moves the stamp: ``<epoch seconds>:<random>``, so a reader can tell how long ago it moved."""
    stamp = int(adapters().clock.now().timestamp())
    UniqueKey(key=DIRECTORY_VERSION_KEY, owner_id=f"{stamp}:{secrets.token_hex(8)}").save()


def current() -> str:
    try:
        return UniqueKey.get(DIRECTORY_VERSION_KEY, consistent_read=True).owner_id
    except UniqueKey.DoesNotExist:
        return INITIAL
