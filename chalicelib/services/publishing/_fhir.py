"""SMART Scheduling Links resources: pure, plain values in, JSON-ready dicts out.

Until clinics exist, a doctor's profile is the ``Location`` (name, country, a link to the profile page) and each
doctor has one ``Schedule`` (the location and the doctor as actors, the specialty as text). A ``Slot`` is ``free``
when a patient could book it now and ``busy`` otherwise (booked, held, blocked, or inside the minimum notice); only
a free slot carries the booking deep link. The shapes follow R4 (4.0.1); tests validate them with
``fhir.resources.R4B``. See docs/architecture.md, "The slot publication".
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DEEP_LINK = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link"
SLOT_ID_SYSTEM = "urn:docspot:slot-id"
NAMESPACE = uuid.UUID("0f5e7a52-3c1b-4e7e-9a0f-6d2c1b8e4a21")
UNKNOWN_COUNTRY = "ZZ"  # CLDR's "unknown region": a doctor whose time zone names no country


@dataclass(frozen=True)
class PublishedDoctor:
    doctor_id: str
    name: str
    specialty: str
    country: str
    profile_url: str


@dataclass(frozen=True)
class PublishedSlot:
    doctor_id: str
    slot_id: str
    start: str
    end: str
    free: bool
    booking_url: str


def fhir_id(kind: str, identifier: str) -> str:
    """A FHIR id (at most 64 of ``A-Za-z0-9-.``): ours when it already is one, else a UUID derived from it."""
    if 0 < len(identifier) <= 64 and all(c.isascii() and (c.isalnum() or c in "-.") for c in identifier):
        return identifier
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{identifier}"))


def location(doctor: PublishedDoctor) -> dict[str, Any]:
    return {
        "resourceType": "Location",
        "id": fhir_id("Location", doctor.doctor_id),
        "name": doctor.name,
        "description": doctor.specialty,
        "telecom": [{"system": "url", "value": doctor.profile_url}],
        "address": {"country": doctor.country},
    }


def schedule(doctor: PublishedDoctor) -> dict[str, Any]:
    location_id = fhir_id("Location", doctor.doctor_id)
    return {
        "resourceType": "Schedule",
        "id": fhir_id("Schedule", doctor.doctor_id),
        "serviceType": [{"text": doctor.specialty}],
        "specialty": [{"text": doctor.specialty}],
        "actor": [
            {"reference": f"Location/{location_id}", "display": doctor.name},
            {"type": "Practitioner", "display": doctor.name},
        ],
    }


def slot(published: PublishedSlot) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Slot",
        "id": fhir_id("Slot", published.slot_id),
        "identifier": [{"system": SLOT_ID_SYSTEM, "value": published.slot_id}],
        "schedule": {"reference": f"Schedule/{fhir_id('Schedule', published.doctor_id)}"},
        "status": "free" if published.free else "busy",
        "start": published.start,
        "end": published.end,
    }
    if published.free:
        resource["extension"] = [{"url": DEEP_LINK, "valueUrl": published.booking_url}]
    return resource


def ndjson(resources: Iterable[dict[str, Any]]) -> bytes:
    """One resource a line, keys sorted, so the same resources always make the same bytes (and the same hash)."""
    return b"".join(json.dumps(r, sort_keys=True, separators=(",", ":")).encode() + b"\n" for r in resources)


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
