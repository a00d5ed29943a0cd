"""Writing the slot publication (the schedule) and serving it (the API), both through the uploads bucket.

A run reads the directory of approved doctors and, per doctor, one Query of the slots and one of the holds over
the next ``DOCSPOT_PUBLISH_WEEKS`` weeks; it builds every file, writes only those whose bytes changed, and writes
the state (the file list with each file's hash and when it last changed) last, so a manifest never names a file
that is not there yet. Request paths read S3 only: the state, and for a file its body. A run is safe late, twice
or overlapping: each writes a whole publication from what DynamoDB says then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from babel.core import get_global

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.publishing import ManifestFileOut, ManifestOut
from chalicelib.errors import Invalid, NotFound
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.observability import logger
from chalicelib.services.availability.slots import slot_out
from chalicelib.services.catalogue import doctors as catalogue
from chalicelib.services.core.etags import etag_matches, etag_of
from chalicelib.services.core.links import app_link
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.publishing import _fhir as fhir
from chalicelib.services.settings import booking_window
from chalicelib.vocabulary import SlotState

PREFIX = "publication/"
STATE_KEY = f"{PREFIX}state.json"
NDJSON = "application/fhir+ndjson"
MANIFEST_PATH = "/api/fhir/$bulk-publish"
ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class PublishedFile:
    name: str
    type: str
    sha256: str
    changed_at: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    transaction_time: str
    files: tuple[PublishedFile, ...]


@dataclass(frozen=True)
class PublicationReport:
    doctors: int
    slots: int
    written: int
    removed: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Manifest:
    body: ManifestOut
    etag: str


@dataclass(frozen=True)
class FileAnswer:
    """A published file: its body, or None when the client's ``If-None-Match`` already names its ETag."""

    body: bytes | None
    etag: str


def _file_key(name: str) -> str:
    return f"{PREFIX}files/{name}"


def country_of(timezone: str) -> str:
    """The ISO 3166 country of an IANA time zone (CLDR's table), ``ZZ`` when it names none (``UTC``)."""
    territories: Mapping[str, str] = get_global("zone_territories")
    return str(territories.get(timezone, fhir.UNKNOWN_COUNTRY))


def slot_file_name(country: str) -> str:
    return f"slots-{country.lower()}.ndjson"


# Writing ---------------------------------------------------------------------------------------------------------


def _published_doctor(doctor: Doctor, specialty: str) -> fhir.PublishedDoctor:
    return fhir.PublishedDoctor(
        doctor_id=doctor.doctor_id,
        name=doctor.name,
        specialty=specialty,
        country=country_of(doctor.timezone),
        profile_url=app_link(f"/doctors/{doctor.doctor_id}"),
    )


def _doctor_slots(doctor_id: str, now: datetime, until: datetime) -> list[fhir.PublishedSlot]:
    """One Query of the doctor's slots and one of their holds over [now, until): free is what a patient could
    hold this minute (the listing's ``available``), everything else busy."""
    first, last = iso(now), iso(until - ONE_SECOND)
    slots = Slot.query(doctor_id, Slot.start.between(first, last), consistent_read=True)
    held = {
        hold.start: hold.expires_at
        for hold in SlotHold.query(doctor_id, SlotHold.start.between(first, last), consistent_read=True)
        if hold.expires_at > now
    }
    window = booking_window()
    out = []
    for item in slots:
        shown = slot_out(item, held.get(item.start), now, window)
        slot_id = SlotRef(item.doctor_id, item.start, int(item.duration_minutes)).slot_id
        out.append(
            fhir.PublishedSlot(
                doctor_id=item.doctor_id,
                slot_id=slot_id,
                start=item.start,
                end=item.end,
                free=shown.state == SlotState.AVAILABLE,
                booking_url=app_link(f"/book?slot={slot_id}"),
            )
        )
    return out


@dataclass(frozen=True)
class _Built:
    name: str
    type: str
    body: bytes
    countries: tuple[str, ...] = ()


def _build(now: datetime) -> tuple[list[_Built], int, int]:
    """Every file of the publication as of ``now``, the number of doctors and of slots."""
    listed, specialties = catalogue.listed()
    doctors = sorted(
        (
            _published_doctor(d, specialties[d.specialty_id].name if d.specialty_id in specialties else "")
            for d in listed
        ),
        key=lambda d: d.doctor_id,
    )
    until = now + timedelta(weeks=get_settings().publish_weeks)
    by_country: dict[str, list[dict[str, Any]]] = {}
    count = 0
    for doctor in doctors:
        resources = [fhir.slot(s) for s in _doctor_slots(doctor.doctor_id, now, until)]
        count += len(resources)
        by_country.setdefault(doctor.country, []).extend(resources)
    files = [
        _Built("locations.ndjson", "Location", fhir.ndjson(fhir.location(d) for d in doctors)),
        _Built("schedules.ndjson", "Schedule", fhir.ndjson(fhir.schedule(d) for d in doctors)),
    ]
    files += [
        _Built(slot_file_name(country), "Slot", fhir.ndjson(by_country[country]), (country,))
        for country in sorted(by_country)
    ]
    return files, len(doctors), count


def _state_of(raw: bytes | None) -> Publication | None:
    if raw is None:
        return None
    data = json.loads(raw)
    return Publication(
        transaction_time=str(data["transaction_time"]),
        files=tuple(
            PublishedFile(
                name=f["name"],
                type=f["type"],
                sha256=f["sha256"],
                changed_at=f["changed_at"],
                countries=tuple(f.get("countries", ())),
            )
            for f in data["files"]
        ),
    )


def current() -> Publication | None:
    """The latest publication's state, or None before the first run."""
    return _state_of(adapters().storage.get(STATE_KEY))


def publish() -> PublicationReport:
    """Writes the publication as of now (the schedule, every few minutes; the local stack once at start)."""
    storage = adapters().storage
    now = adapters().clock.now().replace(microsecond=0)
    stamp = iso(now)
    built, doctors, slots = _build(now)
    previous = {f.name: f for f in (current() or Publication(stamp, ())).files}
    files: list[PublishedFile] = []
    written = 0
    for item in built:
        sha = fhir.digest(item.body)
        before = previous.get(item.name)
        if before is not None and before.sha256 == sha:
            files.append(before)
            continue
        storage.put(_file_key(item.name), item.body, content_type=NDJSON)
        written += 1
        files.append(PublishedFile(item.name, item.type, sha, stamp, item.countries))
    state = {"transaction_time": stamp, "files": [asdict(f) for f in files]}
    storage.put(STATE_KEY, json.dumps(state, sort_keys=True).encode(), content_type="application/json")
    gone = sorted(set(previous) - {f.name for f in files})
    for name in gone:
        storage.delete(_file_key(name))
    report = PublicationReport(doctors=doctors, slots=slots, written=written, removed=len(gone))
    logger.info("slot publication written", extra=report.as_dict())
    return report


# Serving ---------------------------------------------------------------------------------------------------------


def _since(text: str | None) -> datetime | None:
    """``_since``: an ISO 8601 instant with an offset (a ``+`` decoded to a space is read back as ``+``)."""
    if text is None:
        return None
    try:
        return parse_iso(text.strip().replace(" ", "+"))
    except (ValueError, OverflowError) as exc:
        message = "_since must be an ISO 8601 instant with an offset, e.g. 2026-12-01T09:00:00Z"
        raise Invalid(message, code="INVALID_SINCE") from exc


def _published() -> Publication:
    publication = current()
    if publication is None:
        raise NotFound("nothing is published yet; try again in a few minutes", code="NOT_PUBLISHED")
    return publication


def _listed(files: Iterable[PublishedFile], since: datetime | None) -> list[ManifestFileOut]:
    return [
        ManifestFileOut(
            type=f.type,  # type: ignore[arg-type]  # written by publish() from the three literals
            url=app_link(f"/api/fhir/files/{f.name}"),
            extension={"country": list(f.countries)} if f.countries else None,
        )
        for f in files
        if since is None or parse_iso(f.changed_at) > since
    ]


def manifest(since: str | None) -> Manifest:
    """The ``$bulk-publish`` manifest; with ``_since`` only the files whose content changed after it."""
    after = _since(since)
    publication = _published()
    query = f"?_since={quote(since.strip(), safe=':')}" if since else ""
    body = ManifestOut(
        transactionTime=parse_iso(publication.transaction_time),
        request=app_link(MANIFEST_PATH + query),
        output=_listed(publication.files, after),
        error=[],
    )
    return Manifest(body=body, etag=etag_of(body.model_dump_json(exclude_none=True).encode()))


def published_file(name: str, if_none_match: str | None) -> FileAnswer:
    """One file the latest publication lists (404 for any other name), read only when the client lacks it."""
    listed = next((f for f in _published().files if f.name == name), None)
    if listed is None:
        raise NotFound("no such file in the publication", code="PUBLISHED_FILE_NOT_FOUND")
    etag = f'"{listed.sha256[:32]}"'
    if etag_matches(if_none_match, etag):
        return FileAnswer(body=None, etag=etag)
    body = adapters().storage.get(_file_key(name))
    if body is None:  # removed by a run between the two reads
        raise NotFound("no such file in the publication", code="PUBLISHED_FILE_NOT_FOUND")
    # The tag of the bytes read: a run may have replaced the file since the state was read.
    return FileAnswer(body=body, etag=etag_of(body))
