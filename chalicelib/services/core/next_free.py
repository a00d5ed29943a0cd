"""A doctor's next free time (``next_available_at``), recomputed where slots change rather than per search.

Every place that writes, blocks, deletes, books or frees a doctor's slots calls ``refresh`` after its own write:
one Query of the doctor's slots from the booking window's start on (filtered to free ones, stopping at the first),
then an UpdateItem of the doctor and one per clinic place. A held slot counts as free (a hold lasts minutes and
ends in a booking, which refreshes, or lapses, leaving the slot free as recorded). Two refreshes racing may land
in either order; the next change of the doctor's slots writes the right value again. A value time has overtaken
(its slot began unbooked) is recomputed, and written, by the first search that reads it (``current``; at most
``MAX_REPAIRS`` per search, the rest shown as unknown until then): once per overtaking, not per request.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.models.clinics import DoctorPlace
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.services.core.booking_window import BookingWindow
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.core.times import iso, parse_iso


def _earliest(doctor_id: str, now: datetime, window: BookingWindow) -> str | None:
    first = iso(now + window.min_notice)
    last = iso(now + window.max_advance)
    free = (Slot.available == True) & Slot.booked_by.does_not_exist()  # noqa: E712 (a DynamoDB condition)
    for slot in Slot.query(
        doctor_id, Slot.start.between(first, last), filter_condition=free, consistent_read=True, page_size=200
    ):
        return str(slot.start)
    return None


def refresh(doctor_id: str, now: datetime, window: BookingWindow) -> str | None:
    """Writes the doctor's earliest free slot start (or removes it) on the doctor and their places; ``window`` is
    the platform's booking window (``services.settings.booking_window()``, which this bottom layer cannot read)."""
    earliest = _earliest(doctor_id, now, window)
    action = Doctor.next_available_at.set(earliest) if earliest else Doctor.next_available_at.remove()
    try:
        Doctor(doctor_id=doctor_id).update(actions=[action], condition=Doctor.doctor_id.exists())
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        return None
    for place in DoctorPlace.query(doctor_id, attributes_to_get=["doctor_id", "clinic_id"]):
        copy = DoctorPlace.next_available_at.set(earliest) if earliest else DoctorPlace.next_available_at.remove()
        try:
            place.update(actions=[copy], condition=DoctorPlace.clinic_id.exists())
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
    return earliest


MAX_REPAIRS = 20


class Repairs:
    """How many overtaken values one search may still recompute, and the booking window it reads them with."""

    def __init__(self, window: BookingWindow, budget: int = MAX_REPAIRS) -> None:
        self.window = window
        self.left = budget


def current(doctor_id: str, value: str | None, now: datetime, repairs: Repairs) -> datetime | None:
    """The stored value while it is still ahead of the booking window's start; an overtaken one is recomputed and
    written (within the search's budget, else None)."""
    if not value:
        return None
    moment = parse_iso(value)
    if moment >= now + repairs.window.min_notice:
        return moment
    if repairs.left <= 0:
        return None
    repairs.left -= 1
    again = refresh(doctor_id, now, repairs.window)
    return parse_iso(again) if again else None
