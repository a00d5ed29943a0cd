"""Waitlists with fair offers: a freed or new slot is held for the first patient in line, never broadcast.

The hold is an ordinary slot lock in the patient's name (longer than a patient's own), so the lock protocol
decides every race. A schedule passes lapsed offers on to the next patient in line.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.waitlist import WaitlistJoin, WaitlistOut
from chalicelib.errors import Conflict, DomainError, NotFound, RuleViolation
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.models.waitlist import WaitlistEntry
from chalicelib.observability import logger
from chalicelib.services import settings as platform
from chalicelib.services.core import announce, times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.booking_window import booking_problem
from chalicelib.services.core.conditions import is_approved
from chalicelib.services.core.dynamo import NamedTransaction, condition_failed
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.holds import store
from chalicelib.services.notifications import feed
from chalicelib.services.settings import booking_window
from chalicelib.vocabulary import NotificationType

OPEN = "OPEN"


def _doctor(doctor_id: str) -> Doctor:
    try:
        doctor = Doctor.get(doctor_id)
    except DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc
    if not is_approved(doctor):
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    return doctor


def waitlist_out(entry: WaitlistEntry, minutes_by_start: dict[str, int] | None = None) -> WaitlistOut:
    offer_id = None
    if entry.offer_state == OPEN and entry.offer_slot_start:
        minutes = (minutes_by_start or {}).get(entry.offer_slot_start) or _slot_minutes(entry)
        offer_id = SlotRef(entry.doctor_id, entry.offer_slot_start, minutes).slot_id if minutes else None
    expires = entry.offer_expires if entry.offer_state == OPEN else None
    return WaitlistOut(
        doctor_id=entry.doctor_id,
        date=datetime.fromisoformat(entry.date).date() if entry.date else None,
        joined_at=datetime.fromisoformat(entry.joined.split("#", 1)[0]),
        offer_slot_id=offer_id,
        offer_expires_at=datetime.fromtimestamp(expires, UTC) if expires else None,
    )


def _slot_minutes(entry: WaitlistEntry) -> int | None:
    try:
        return int(Slot.get(entry.doctor_id, entry.offer_slot_start or "").duration_minutes)
    except DoesNotExist:
        return None


def join(patient: Principal, doctor_id: str, request: WaitlistJoin) -> WaitlistOut:
    doctor = _doctor(doctor_id)
    now = adapters().clock.now()
    if request.date is not None and request.date < now.astimezone(ZoneInfo(doctor.timezone)).date():
        raise RuleViolation("this date has passed (on the doctor's calendar)", code="DATE_IN_PAST")
    entry = WaitlistEntry(
        doctor_id=doctor_id,
        patient_id=patient.user_id,
        joined=f"{now.isoformat()}#{secrets.token_hex(4)}",
        date=request.date.isoformat() if request.date else None,
    )
    try:
        entry.save(condition=WaitlistEntry.patient_id.does_not_exist())
    except PutError as exc:
        if condition_failed(exc):
            raise Conflict("you are already on this doctor's waitlist", code="ALREADY_WAITING") from exc
        raise
    return waitlist_out(entry)


def entry_of(doctor_id: str, patient_id: str) -> WaitlistEntry | None:
    """The patient's place in the doctor's queue, if they wait."""
    try:
        return WaitlistEntry.get(doctor_id, patient_id, consistent_read=True)
    except DoesNotExist:
        return None


def _entry(doctor_id: str, patient_id: str) -> WaitlistEntry:
    entry = entry_of(doctor_id, patient_id)
    if entry is None:
        raise NotFound("you are not on this doctor's waitlist", code="NOT_WAITING")
    return entry


def mine(patient: Principal, doctor_id: str) -> WaitlistOut | None:
    """The patient's entry, or None: not waiting is an answer, not an error."""
    entry = entry_of(doctor_id, patient.user_id)
    return waitlist_out(entry) if entry is not None else None


def leave_with(tx: NamedTransaction, doctor_id: str, patient_id: str) -> None:
    """Adds leaving the doctor's waitlist to a booking's transaction (part ``waitlist``): whoever books with a doctor
    no longer waits for them, and the two happen together or not at all. Unconditional: not waiting is fine."""
    tx.delete(WaitlistEntry(doctor_id=doctor_id, patient_id=patient_id), part="waitlist")


def left_by_booking(entry: WaitlistEntry | None, booked: SlotRef) -> None:
    """After a booking removed ``entry`` (read before it): an offer of another slot that it still held is let go
    and passed on. Never raises: the booking has committed."""
    if entry is None or entry.offer_state != OPEN or entry.offer_slot_start in (None, booked.start):
        return
    try:
        _release_offer(entry)
    except Exception:
        logger.exception("waitlist offer not released after a booking", extra={"doctor_id": entry.doctor_id})


def leave(patient: Principal, doctor_id: str) -> None:
    entry = _entry(doctor_id, patient.user_id)
    try:
        entry.delete(condition=WaitlistEntry.patient_id.exists())
    except DeleteError as exc:
        if not condition_failed(exc):
            raise
    if entry.offer_state == OPEN and entry.offer_slot_start:
        _release_offer(entry)


def _release_offer(entry: WaitlistEntry) -> None:
    minutes = _slot_minutes(entry)
    if not minutes or not entry.offer_slot_start:
        return
    ref = SlotRef(entry.doctor_id, entry.offer_slot_start, minutes)
    store.release_offer(entry.patient_id, ref.slot_id)
    slot_opened(ref)


def slot_opened(ref: SlotRef) -> str | None:
    """Offers a slot that just became free to the first patient in line who can take it. Never raises: the
    change that freed the slot has already happened. Returns the patient offered, if any."""
    try:
        return _offer(ref)
    except Exception:
        logger.exception("waitlist offer failed", extra={"doctor_id": ref.doctor_id})
        return None


def slots_opened(refs: list[SlotRef]) -> int:
    """Offers newly published or unblocked slots, soonest first, while anyone waits. Never raises."""
    if not refs:
        return 0
    try:
        if next(iter(WaitlistEntry.by_queue.query(refs[0].doctor_id, limit=1)), None) is None:
            return 0
    except Exception:
        logger.exception("waitlist lookup failed", extra={"doctor_id": refs[0].doctor_id})
        return 0
    return sum(1 for ref in sorted(refs, key=lambda r: r.start) if slot_opened(ref) is not None)


def _offer(ref: SlotRef) -> str | None:
    now = adapters().clock.now()
    start = ref.span.start
    if booking_problem(start, now, booking_window()) is not None:
        return None  # nobody could book it (too soon or too far ahead): holding it for anyone would be in vain
    doctor = _doctor(ref.doctor_id)
    local_day = start.astimezone(ZoneInfo(doctor.timezone)).date().isoformat()
    for entry in WaitlistEntry.by_queue.query(ref.doctor_id):
        if entry.date and entry.date != local_day:
            continue
        if ref.start in (entry.passed or set()):
            continue
        if entry.offer_state == OPEN and (entry.offer_expires or 0) > now.timestamp():
            continue
        if _give(entry, ref, now, platform.current().waitlist_hold_minutes * 60):
            return entry.patient_id
    return None


def _give(entry: WaitlistEntry, ref: SlotRef, now: datetime, hold_seconds: int) -> bool:
    try:
        hold = store.place(entry.patient_id, ref.slot_id, hold_seconds=hold_seconds, offer=True, keep_other=True)
    except DomainError:
        return False
    expires = int(hold.expires_at.timestamp())
    try:
        entry.update(
            actions=[
                WaitlistEntry.offer_state.set(OPEN),
                WaitlistEntry.offer_slot_start.set(ref.start),
                WaitlistEntry.offer_expires.set(expires),
                WaitlistEntry.passed.add({ref.start}),
            ],
            condition=WaitlistEntry.patient_id.exists(),
        )
    except UpdateError:
        store.release(entry.patient_id, ref.slot_id)
        return False
    notice = feed.record(
        entry.patient_id,
        NotificationType.WAITLIST_SLOT_OPEN,
        "A slot is held for you",
        "A time that opened up with your doctor is held for you for a short while: book it before it passes on.",
        {
            "slot_id": ref.slot_id,
            "doctor_id": ref.doctor_id,
            "start": ref.start,
            "end": times.iso(ref.span.end),
            "expires_at": times.iso(hold.expires_at),
        },
    )
    logger.info("waitlist offer made", extra={"doctor_id": ref.doctor_id})
    announce.announce(announce.WaitlistOffered(entry.patient_id, ref, hold.expires_at, notice))
    return True


def expire_offers() -> int:
    """Closes lapsed offers and passes their slots on. Idempotent: overlapping runs close each offer once."""
    now = adapters().clock.now()
    passed_on = 0
    for entry in WaitlistEntry.open_offers.query(OPEN, WaitlistEntry.offer_expires <= int(now.timestamp())):
        slot_start = entry.offer_slot_start
        try:
            entry.update(
                actions=[
                    WaitlistEntry.offer_state.remove(),
                    WaitlistEntry.offer_expires.remove(),
                    WaitlistEntry.offer_slot_start.remove(),
                ],
                condition=(WaitlistEntry.offer_state == OPEN) & (WaitlistEntry.offer_slot_start == (slot_start or "")),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                continue
            raise
        try:
            slot = Slot.get(entry.doctor_id, slot_start or "", consistent_read=True)
        except DoesNotExist:
            continue
        if slot.booked_by == entry.patient_id:
            _finish(entry)
            continue
        if slot.booked_by is None and slot.available:
            slot_opened(SlotRef(slot.doctor_id, slot.start, int(slot.duration_minutes)))
            passed_on += 1
    return passed_on


def _finish(entry: WaitlistEntry) -> None:
    """The patient booked the offered slot: they no longer wait."""
    try:
        entry.delete()
    except DeleteError:
        logger.info("waitlist entry already gone")
