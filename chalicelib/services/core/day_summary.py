"""The per-day availability summary (``day_summaries``): a doctor's free slots of each local date, kept exact by
every write that frees or takes a slot, inside that write's own transaction (docs/architecture.md, "Free slots by
day").

One item per doctor and local date (in the doctor's zone). Each free slot is an attribute of its own,
``f{yyyymmddThhmm}`` = its minutes, and each hold an attribute ``h{yyyymmddThhmm}`` = its expiry (epoch seconds):
attributes, not members of one set or map, so that one update may free one slot and take another of the same day
(a reschedule), and a hold is released or consumed without reading its expiry first. ``free_count`` moves with
``ADD`` only where the slot's own condition in the same transaction makes the change certain (a booking takes a
free slot, a cancellation frees a booked one, a block takes an unblocked one...). The two index keys are written
with every change that frees a slot and removed after a change that takes one, on condition that the count is 0
(``tidy``): so the indexes hold only days with a free slot (sparse), and a freeing racing a tidy is never lost
(both are decided on the item). A hold lapses without a write: readers count a hold only while its expiry is ahead
of the clock.

This module sits in core because holds, availability and booking all write it; the directory search reads it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.caches import register
from chalicelib.config import get_settings
from chalicelib.models.day_summaries import DaySummary
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.services.core.dynamo import NamedTransaction, condition_failed
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.core.times import parse_iso

FREE, HELD = "f", "h"
MAX_LISTINGS = 10_000


@dataclass(frozen=True)
class Listing:
    """What the summary copies from the doctor: the zone that decides a slot's local date, and the index keys."""

    timezone: str
    specialty_id: str | None
    name_sort: str


@dataclass(frozen=True)
class _Remembered:
    listing: Listing | None
    until: datetime


_listings: dict[str, _Remembered] = {}


@register
def forget() -> None:
    _listings.clear()


def listing(doctor_id: str) -> Listing | None:
    """The doctor's zone, specialty and sort name, remembered per process for ``directory_cache_seconds`` (one
    GetItem otherwise). A change of any of them rebuilds the doctor's summary (``rebuild``), so a value remembered
    a little longer only matters for a write landing within that time of the change."""
    now = adapters().clock.now()
    hit = _listings.get(doctor_id)
    if hit is not None and hit.until > now:
        return hit.listing
    try:
        doctor = Doctor.get(doctor_id, attributes_to_get=["doctor_id", "timezone", "specialty_id", "name_sort"])
        found: Listing | None = Listing(doctor.timezone or "UTC", doctor.specialty_id or None, doctor.name_sort)
    except DoesNotExist:
        found = None
    if len(_listings) >= MAX_LISTINGS:
        _listings.clear()
    _listings[doctor_id] = _Remembered(found, now + timedelta(seconds=get_settings().directory_cache_seconds))
    return found


def compact(start: str) -> str:
    """``2026-12-07T09:05:00Z`` -> ``20261207T0905`` (slots start on whole minutes)."""
    return start[0:4] + start[5:7] + start[8:10] + "T" + start[11:13] + start[14:16]


def expand(text: str) -> str:
    return f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:00Z"


def local_day(start: str, timezone: str) -> str:
    return parse_iso(start).astimezone(ZoneInfo(timezone)).date().isoformat()


def _free(start: str) -> NumberAttribute:
    return NumberAttribute(attr_name=FREE + compact(start))


def _held(start: str) -> NumberAttribute:
    return NumberAttribute(attr_name=HELD + compact(start))


@dataclass
class _Day:
    opened: dict[str, int] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)  # not free, count unchanged (a blocked slot deleted)
    held: dict[str, int] = field(default_factory=dict)
    unheld: set[str] = field(default_factory=set)


class DayChanges:
    """What one transaction does to a doctor's free slots, gathered per local date, then added to the
    transaction as one update per date (``add_to``). A doctor unknown to the database changes nothing."""

    def __init__(self) -> None:
        self._days: dict[tuple[str, str], _Day] = defaultdict(_Day)
        self._listings: dict[str, Listing | None] = {}
        self.lowered: set[tuple[str, str]] = set()

    def _day(self, ref: SlotRef) -> _Day | None:
        if ref.doctor_id not in self._listings:
            self._listings[ref.doctor_id] = listing(ref.doctor_id)
        known = self._listings[ref.doctor_id]
        if known is None:
            return None
        return self._days[(ref.doctor_id, local_day(ref.start, known.timezone))]

    def opened(self, ref: SlotRef) -> DayChanges:
        """A slot that was not free is free now (published, unblocked, its appointment cancelled or moved)."""
        if (day := self._day(ref)) is not None:
            day.opened[ref.start] = ref.duration_minutes
        return self

    def taken(self, ref: SlotRef) -> DayChanges:
        """A free slot is not free any more (booked, blocked, deleted); its hold mark goes with it."""
        if (day := self._day(ref)) is not None:
            day.taken.add(ref.start)
        return self

    def closed(self, ref: SlotRef) -> DayChanges:
        """A slot that was not free is gone (a blocked slot deleted): only its marks are cleared."""
        if (day := self._day(ref)) is not None:
            day.closed.add(ref.start)
        return self

    def held(self, ref: SlotRef, expires: datetime) -> DayChanges:
        if (day := self._day(ref)) is not None:
            day.held[ref.start] = int(expires.timestamp())
        return self

    def unheld(self, ref: SlotRef) -> DayChanges:
        if (day := self._day(ref)) is not None:
            day.unheld.add(ref.start)
        return self

    def add_to(self, tx: NamedTransaction) -> None:
        """One update per (doctor, date) touched, named ``summary:{doctor}:{date}``."""
        for (doctor_id, day), change in self._days.items():
            actions = self._actions(doctor_id, day, change)
            if actions:
                tx.update(DaySummary(doctor_id=doctor_id, day=day), actions=actions, part=f"summary:{doctor_id}:{day}")
            if len(change.taken) > len(change.opened):
                self.lowered.add((doctor_id, day))

    def _actions(self, doctor_id: str, day: str, change: _Day) -> list[Action]:
        known = self._listings[doctor_id]
        assert known is not None
        actions: list[Action] = []
        for start, minutes in change.opened.items():
            actions += [_free(start).set(minutes), _held(start).remove()]
        for start in change.taken | change.closed:
            actions += [_free(start).remove(), _held(start).remove()]
        for start, expiry in change.held.items():
            actions.append(_held(start).set(expiry))
        for start in change.unheld - change.taken - change.closed - set(change.opened):
            actions.append(_held(start).remove())
        delta = len(change.opened) - len(change.taken)
        if delta:
            actions.append(NumberAttribute(attr_name="free_count").add(delta))
        if change.opened:
            actions += _listed(known, day)
        return actions

    def tidy(self) -> None:
        """After the commit: the dates whose count went down leave the indexes if nothing is free on them now."""
        for doctor_id, day in sorted(self.lowered):
            tidy(doctor_id, day)

    def days(self) -> int:
        return len(self._days)


def _listed(known: Listing, day: str) -> list[Action]:
    actions: list[Action] = [
        DaySummary.timezone.set(known.timezone),
        DaySummary.name_sort.set(known.name_sort),
        DaySummary.free_day.set(day),
    ]
    if known.specialty_id:
        actions += [
            DaySummary.specialty_id.set(known.specialty_id),
            DaySummary.free_specialty_day.set(f"{known.specialty_id}#{day}"),
        ]
    return actions


def tidy(doctor_id: str, day: str) -> None:
    """Removes the date from the indexes on condition that nothing is free on it (a no-op otherwise)."""
    free_count = NumberAttribute(attr_name="free_count")
    try:
        DaySummary(doctor_id=doctor_id, day=day).update(
            actions=[DaySummary.free_day.remove(), DaySummary.free_specialty_day.remove()],
            condition=DaySummary.doctor_id.exists() & (free_count.does_not_exist() | (free_count <= 0)),
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise


# Reading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayView:
    """One summary item as a reader sees it: the day's free slots (start -> minutes) and the holds' expiries."""

    doctor_id: str
    day: str
    timezone: str | None
    free: dict[str, int]
    holds: dict[str, int]

    def open_slots(self, now: datetime) -> list[tuple[str, int]]:
        """Free slots nobody holds at ``now``, by start (the booking window is the caller's to apply)."""
        moment = now.timestamp()
        return sorted((s, m) for s, m in self.free.items() if self.holds.get(s, 0) <= moment)

    @property
    def free_count(self) -> int:
        return len(self.free)

    @property
    def next_free(self) -> str | None:
        return min(self.free) if self.free else None


def view(raw: Mapping[str, Any]) -> DayView:
    """A summary item from DynamoDB's own item shape (``{"name": {"S": ...}}``): its per-slot attributes have
    names of their own, so it is read without the model (which keeps only the attributes it declares)."""
    free: dict[str, int] = {}
    holds: dict[str, int] = {}
    for name, value in raw.items():
        if len(name) == 14 and name[9] == "T" and "N" in value:
            if name[0] == FREE:
                free[expand(name[1:])] = int(value["N"])
            elif name[0] == HELD:
                holds[expand(name[1:])] = int(value["N"])
    timezone = raw.get("timezone", {}).get("S")
    return DayView(raw["doctor_id"]["S"], raw["day"]["S"], timezone, free, holds)


# Rebuilding ----------------------------------------------------------------------------------------------------


def recount(
    slots: Iterable[Slot], holds: Iterable[SlotHold], timezone: str
) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    """The summary the stored slots and holds call for: local date -> (free start -> minutes, start -> hold
    expiry), holds only of free slots. Pure."""
    days: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    free_at: dict[str, str] = {}
    for slot in slots:
        if slot.booked_by is None and slot.available:
            day = local_day(str(slot.start), timezone)
            days.setdefault(day, ({}, {}))[0][str(slot.start)] = int(slot.duration_minutes)
            free_at[str(slot.start)] = day
    for hold in holds:
        day_of_slot = free_at.get(str(hold.start))
        if day_of_slot is not None:
            days[day_of_slot][1][str(hold.start)] = int(hold.expires_at.timestamp())
    return days


def rebuild(doctor_id: str, now: datetime) -> int:
    """Writes the doctor's summary from their stored slots and holds, from yesterday on (UTC): what the backfill
    runs for every doctor, and what a change of the doctor's zone, name or specialty runs for them. A booking
    racing it may be overwritten; the next run, or the next change of that date, puts it right. Returns how many
    dates were written."""
    known = listing_now(doctor_id)
    if known is None:
        return 0
    since = (now - timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")
    slots = Slot.query(doctor_id, Slot.start >= since, consistent_read=True)
    holds = SlotHold.query(doctor_id, SlotHold.start >= since, consistent_read=True)
    days = recount(slots, holds, known.timezone)
    first_day = (now - timedelta(days=2)).date().isoformat()
    for stale in DaySummary.query(doctor_id, DaySummary.day >= first_day, attributes_to_get=["doctor_id", "day"]):
        if stale.day not in days:
            stale.delete()
    for day, (free, held) in days.items():
        _put(doctor_id, day, free, held, known)
    return len(days)


def listing_now(doctor_id: str) -> Listing | None:
    """The doctor's listing read now, and remembered."""
    _listings.pop(doctor_id, None)
    return listing(doctor_id)


def _put(doctor_id: str, day: str, free: Mapping[str, int], held: Mapping[str, int], known: Listing) -> None:
    item: dict[str, Any] = {
        "timezone": {"S": known.timezone},
        "name_sort": {"S": known.name_sort},
        "free_count": {"N": str(len(free))},
    }
    if known.specialty_id:
        item["specialty_id"] = {"S": known.specialty_id}
    if free:
        item["free_day"] = {"S": day}
        if known.specialty_id:
            item["free_specialty_day"] = {"S": f"{known.specialty_id}#{day}"}
    for start, minutes in free.items():
        item[FREE + compact(start)] = {"N": str(minutes)}
    for start, expiry in held.items():
        item[HELD + compact(start)] = {"N": str(expiry)}
    DaySummary._get_connection().put_item(doctor_id, day, attributes=item)


def rebuild_all(now: datetime) -> tuple[int, int]:
    """``rebuild`` for every doctor (read from the status index, every status: a suspended doctor's summary is
    kept, the search leaves them out): (doctors, dates written). ``python -m tools.free_days_backfill``."""
    from chalicelib.vocabulary import DoctorStatus

    doctors = days = 0
    for status in DoctorStatus:
        for doctor in Doctor.by_status.query(str(status), attributes_to_get=["doctor_id"]):
            doctors += 1
            days += rebuild(doctor.doctor_id, now)
    return doctors, days
