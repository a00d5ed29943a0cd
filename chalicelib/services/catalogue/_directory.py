"""The searchable directory of approved doctors, cached per process and kept fresh by a version item.

Searching reads one small item (the directory version) and, only when the version moved since this process
last looked, reloads every approved doctor with one paged Query of the status index. Anything that changes who
is listed or how (approval, rejection, a rename, a specialty change) calls ``core.directory_version.changed()``.
A global index is only eventually consistent, so a reload made within ``SETTLE_SECONDS`` of a change is not
trusted for long: the next search reloads again.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.adapters.registry import adapters
from chalicelib.caches import register
from chalicelib.models.doctors import Doctor
from chalicelib.models.specialties import Specialty
from chalicelib.services.catalogue._search_ranking import Candidate, SearchIndex
from chalicelib.services.core import directory_version
from chalicelib.vocabulary import DoctorStatus

SETTLE_SECONDS = 5


@dataclass
class _Cache:
    version: str | None = None
    doctors: tuple[Doctor, ...] = ()
    specialties: dict[str, Specialty] | None = None
    index: SearchIndex | None = None
    by_id: dict[str, Doctor] | None = None


_cache = _Cache()


def _settled(version: str) -> bool:
    stamp, _, _ = version.partition(":")
    return not stamp.isdigit() or adapters().clock.now().timestamp() - int(stamp) >= SETTLE_SECONDS


def snapshot() -> tuple[tuple[Doctor, ...], dict[str, Specialty]]:
    """Every approved doctor and every specialty (by id), as of the latest version."""
    version = directory_version.current()
    if version != _cache.version or _cache.specialties is None:
        _cache.doctors = tuple(Doctor.by_status.query(DoctorStatus.APPROVED))
        _cache.specialties = {s.specialty_id: s for s in Specialty.by_name.query("specialty")}
        _cache.index = None
        _cache.by_id = None
        _cache.version = version if _settled(version) else None
    return _cache.doctors, _cache.specialties


def search(query: str, specialty_id: str | None = None) -> tuple[list[Doctor], dict[str, Specialty]]:
    """Approved doctors matching ``query`` (typo-tolerant, see search_ranking), best first, and the specialties."""
    doctors, specialties = snapshot()
    if _cache.index is None or _cache.by_id is None:
        _cache.index = SearchIndex(
            Candidate(d.doctor_id, d.name, specialties[d.specialty_id].name if d.specialty_id in specialties else "")
            for d in doctors
        )
        _cache.by_id = {d.doctor_id: d for d in doctors}
    by_id = _cache.by_id
    hits = (by_id[c.key] for c in _cache.index.rank(query))
    return [d for d in hits if specialty_id is None or d.specialty_id == specialty_id], specialties


@register
def forget() -> None:
    """Drops the cache (tests that swap the database underneath the process)."""
    _cache.version = None
    _cache.doctors = ()
    _cache.specialties = None
    _cache.index = None
    _cache.by_id = None
