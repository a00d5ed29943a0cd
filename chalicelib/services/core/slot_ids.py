"""Slot ids and the guard keys that make overlaps impossible. Pure: no I/O.

A slot id is opaque to clients but decodes, without a read, to the slot's key (doctor and start) and its length.
The length is checked against the stored slot in every condition, so a forged id cannot shorten a booking.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.errors import NotFound
from chalicelib.models.unique_keys import doctor_quantum_key, patient_quantum_key
from chalicelib.services.core.times import Span, iso, parse_iso, quanta


@dataclass(frozen=True)
class SlotRef:
    doctor_id: str
    start: str
    duration_minutes: int

    @property
    def span(self) -> Span:
        begin = parse_iso(self.start)
        return Span(begin, begin + timedelta(minutes=self.duration_minutes))

    @property
    def slot_id(self) -> str:
        raw = f"{self.doctor_id}|{self.start}|{self.duration_minutes}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def slot_ref(doctor_id: str, start: datetime, duration_minutes: int) -> SlotRef:
    return SlotRef(doctor_id, iso(start), duration_minutes)


def decode_slot_id(slot_id: str) -> SlotRef:
    try:
        raw = base64.urlsafe_b64decode(slot_id + "=" * (-len(slot_id) % 4)).decode()
        doctor_id, start, minutes = raw.split("|")
        ref = SlotRef(doctor_id, start, int(minutes))
        if not doctor_id or iso(parse_iso(start)) != start or not 0 < ref.duration_minutes <= 24 * 60:
            raise ValueError(slot_id)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise NotFound("no such slot", code="SLOT_NOT_FOUND") from exc
    return ref


def doctor_guard_keys(doctor_id: str, span: Span) -> list[str]:
    """One key per 5-minute quantum of a doctor's slot: two slots that overlap share at least one key."""
    return [doctor_quantum_key(doctor_id, iso(q)) for q in quanta(span)]


def patient_guard_keys(patient_id: str, span: Span) -> list[str]:
    """One key per quantum of a patient's active appointment: overlapping bookings share a key."""
    return [patient_quantum_key(patient_id, iso(q)) for q in quanta(span)]
