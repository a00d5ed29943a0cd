"""The searchable directory of approved doctors, cached per process and kept fresh by a version item.

Searching reads one small item (the directory version) and, only when the version moved since this process
last looked, reloads every approved doctor with one paged Query of the status index. Anything that changes who
is listed or how (approval, rejection, a rename, a specialty change) calls ``changed()``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from chalicelib.models.doctors import Doctor
from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey

VERSION_KEY = "directory#version"
APPROVED = "APPROVED"


@dataclass
class _Cache:
    version: str | None = None
    doctors: tuple[Doctor, ...] = ()
    specialties: dict[str, Specialty] | None = None


_cache = _Cache()


def changed() -> None:
    UniqueKey(key=VERSION_KEY, owner_id=secrets.token_hex(8)).save()


def _current_version() -> str:
    try:
        return UniqueKey.get(VERSION_KEY).owner_id
    except UniqueKey.DoesNotExist:
        return "initial"


def snapshot() -> tuple[tuple[Doctor, ...], dict[str, Specialty]]:
    """Every approved doctor and every specialty (by id), as of the latest version."""
    version = _current_version()
    if version != _cache.version or _cache.specialties is None:
        _cache.doctors = tuple(Doctor.by_status.query(APPROVED))
        _cache.specialties = {s.specialty_id: s for s in Specialty.by_name.query("specialty")}
        _cache.version = version
    return _cache.doctors, _cache.specialties


def forget() -> None:
    """Drops the cache (tests that swap the database underneath the process)."""
    _cache.version = None
    _cache.doctors = ()
    _cache.specialties = None
