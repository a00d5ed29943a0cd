"""The searchable directory of approved doctors, cached per process and kept fresh by a version item.

Searching reads one small item (the directory version) and, only when the version moved since this process
last looked, loads the directory again: one S3 object, ``directory/snapshot.json.gz`` in the uploads bucket, a
gzipped snapshot of every approved doctor and specialty stamped with the version it was made at. The first
process to need a version the object does not have yet makes it (the paged Query of the status index it used to
make in every process) and writes it for the others; a snapshot of another version is never used. Anything that
changes who is listed or how (approval, rejection, a rename, a specialty change) calls
``core.directory_version.changed()``. A global index is only eventually consistent, so a directory read within
``SETTLE_SECONDS`` of a change is neither written nor trusted for long: the next search loads again.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import UTCDateTimeAttribute

from chalicelib.adapters.registry import adapters
from chalicelib.caches import register
from chalicelib.models.doctors import Doctor
from chalicelib.models.specialties import Specialty
from chalicelib.observability import logger
from chalicelib.services.catalogue._search_ranking import Candidate, SearchIndex
from chalicelib.services.core import directory_version
from chalicelib.vocabulary import DoctorStatus

SETTLE_SECONDS = 5
SNAPSHOT_KEY = "directory/snapshot.json.gz"


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
        settled = _settled(version)
        loaded = _load(version) if settled else None
        if loaded is None:
            loaded = tuple(Doctor.by_status.query(DoctorStatus.APPROVED)), list(Specialty.by_name.query("specialty"))
            if settled:
                _store(version, *loaded)
        _cache.doctors = loaded[0]
        _cache.specialties = {s.specialty_id: s for s in loaded[1]}
        _cache.index = None
        _cache.by_id = None
        _cache.version = version if settled else None
    return _cache.doctors, _cache.specialties


def _dates() -> frozenset[str]:
    return frozenset(n for n, a in Doctor.get_attributes().items() if isinstance(a, UTCDateTimeAttribute))


def encode(version: str, doctors: tuple[Doctor, ...], specialties: list[Specialty]) -> bytes:
    """The snapshot: each doctor's attribute values as plain JSON (times as ISO strings), specialties as items.
    Compact to read back: a doctor is restored without PynamoDB's per-attribute deserialisation."""
    dates = _dates()
    rows = [
        {k: (v.isoformat() if k in dates and v is not None else v) for k, v in d.attribute_values.items()}
        for d in doctors
    ]
    body = {"version": version, "doctors": rows, "specialties": [s.serialize() for s in specialties]}
    return gzip.compress(json.dumps(body, separators=(",", ":")).encode(), compresslevel=6)


def _restored(row: dict[str, Any], dates: frozenset[str]) -> Doctor:
    doctor = Doctor.__new__(Doctor)  # the values are the model's own, as encode took them: no validation again
    doctor.attribute_values = {
        k: (datetime.fromisoformat(v) if k in dates and v is not None else v) for k, v in row.items()
    }
    return doctor


def decode(data: bytes, version: str) -> tuple[tuple[Doctor, ...], list[Specialty]] | None:
    """The snapshot's items, or None when it was made at another version."""
    body: dict[str, Any] = json.loads(gzip.decompress(data))
    if body.get("version") != version:
        return None
    dates = _dates()
    doctors = tuple(_restored(row, dates) for row in body["doctors"])
    return doctors, [Specialty.from_raw_data(item) for item in body["specialties"]]


def _load(version: str) -> tuple[tuple[Doctor, ...], list[Specialty]] | None:
    try:
        data = adapters().storage.get(SNAPSHOT_KEY)
    except (ClientError, BotoCoreError) as exc:
        logger.warning("directory snapshot unreadable; reading the index", extra={"error": type(exc).__name__})
        return None
    return decode(data, version) if data else None


def _store(version: str, doctors: tuple[Doctor, ...], specialties: list[Specialty]) -> None:
    """Writes the snapshot for the processes that come after (two writers of one version write the same)."""
    try:
        adapters().storage.put(SNAPSHOT_KEY, encode(version, doctors, specialties), content_type="application/gzip")
    except (ClientError, BotoCoreError) as exc:
        logger.warning("directory snapshot not written", extra={"error": type(exc).__name__})


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
