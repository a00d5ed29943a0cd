"""The five-minute hold on a slot (docs/architecture.md, "Holds and booking").

One transaction decides a hold: the slot must be free (ConditionCheck), the hold item must be
absent, expired or already ours (Put), the patient's one-hold pointer must be absent, expired or already on
this slot (Put), and the doctor must still be approved (ConditionCheck); the day's summary marks the hold
(core/day_summary), and every release takes the mark out in the release's own transaction. Every expiry is
compared with the injected clock; TTL deletion is only housekeeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.errors import Conflict, NotFound, SlotHeld, SlotTaken
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.unique_keys import UniqueKey, hold_pointer_key
from chalicelib.observability import logger, tracer
from chalicelib.services import settings as platform
from chalicelib.services.core import announce, day_summary
from chalicelib.services.core.booking_window import booking_problem
from chalicelib.services.core.conditions import approved_doctor, hold_free_for, slot_free
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id
from chalicelib.services.settings import booking_window
from chalicelib.vocabulary import SlotState


class SlotUnavailable(Conflict):
    code = "SLOT_UNAVAILABLE"


class DoctorUnavailable(Conflict):
    """The doctor is not approved (any more): suspended, their account disabled, or never approved."""

    code = "DOCTOR_UNAVAILABLE"


@dataclass(frozen=True)
class Hold:
    slot_id: str
    expires_at: datetime


def slot_refusal(ref: SlotRef) -> Conflict | NotFound:
    """Why a slot's own condition failed, read after the database decided (the read decides nothing)."""
    try:
        slot = Slot.get(ref.doctor_id, ref.start, consistent_read=True)
    except DoesNotExist:
        return NotFound("no such slot", code="SLOT_NOT_FOUND")
    if slot.duration_minutes != ref.duration_minutes:
        return NotFound("no such slot", code="SLOT_NOT_FOUND")
    if slot.booked_by is not None:
        return SlotTaken("this slot has just been booked by someone else")
    return SlotUnavailable("the doctor is not taking bookings for this slot")


@tracer.capture_method(capture_response=False)
def place(
    patient_id: str, slot_id: str, *, hold_seconds: int | None = None, offer: bool = False, keep_other: bool = False
) -> Hold:
    """Holds a slot for ``patient_id``; holding it again extends the hold. A previous hold elsewhere is released,
    unless ``keep_other`` (a waitlist offer must not take away a hold the patient is using)."""
    ref = decode_slot_id(slot_id)
    now = adapters().clock.now()
    problem = booking_problem(ref.span.start, now, booking_window())
    if problem is not None:
        # A slot listed ``unavailable`` because it has begun, is too soon or too far ahead: holding it would only
        # lead to a booking that is refused (the window is a rule of the clock, not of the item).
        raise SlotUnavailable(f"this slot cannot be booked: {problem}")
    expires = now + timedelta(seconds=hold_seconds or platform.current().hold_minutes * 60)
    for attempt in range(2):
        tx = transaction()
        try:
            with tx:
                tx.condition_check(Slot, ref.doctor_id, ref.start, condition=slot_free(ref), part="slot")
                tx.save(
                    SlotHold(
                        doctor_id=ref.doctor_id, start=ref.start, patient_id=patient_id, expires_at=expires, offer=offer
                    ),
                    condition=hold_free_for(patient_id, now),
                    part="hold",
                )
                tx.save(
                    UniqueKey(key=hold_pointer_key(patient_id), owner_id=ref.slot_id, expires_at=expires),
                    condition=UniqueKey.key.does_not_exist()
                    | (UniqueKey.expires_at < now)
                    | (UniqueKey.owner_id == ref.slot_id),
                    part="pointer",
                )
                tx.condition_check(Doctor, ref.doctor_id, condition=approved_doctor(), part="approval")
                day_summary.DayChanges().held(ref, expires).add_to(tx)
        except TransactWriteError as exc:
            failed = tx.cancellation(exc)
            if failed.failed("slot"):
                raise slot_refusal(ref) from exc
            if failed.failed("approval"):
                raise DoctorUnavailable("this doctor is not taking bookings") from exc
            if failed.failed("hold"):
                raise SlotHeld("another patient is holding this slot; try again in a few minutes") from exc
            if failed.failed("pointer") and attempt == 0 and not keep_other:
                release_previous(patient_id, now)
                continue
            raise unexplained(exc) from exc
        logger.info("slot held", extra={"doctor_id": ref.doctor_id})
        announce.announce(announce.SlotChanged(announce.SLOT_LOCKED, ref, SlotState.HELD, expires))
        return Hold(slot_id=ref.slot_id, expires_at=expires)
    raise SlotHeld("you are holding another slot; release it first")


def release_previous(patient_id: str, now: datetime) -> None:
    """Lets go of whatever slot the patient's pointer names (its hold may already be gone: booked or expired)."""
    try:
        pointer = UniqueKey.get(hold_pointer_key(patient_id), consistent_read=True)
    except DoesNotExist:
        return
    previous = decode_slot_id(pointer.owner_id)
    # Read only to tell watchers: a pointer outlives its hold when the slot was booked or the hold lapsed.
    try:
        held = SlotHold.get(previous.doctor_id, previous.start, consistent_read=True)
        live = held.patient_id == patient_id and held.expires_at >= now
    except DoesNotExist:
        live = False
    try:
        with transaction() as tx:
            tx.delete(
                SlotHold(doctor_id=previous.doctor_id, start=previous.start),
                condition=SlotHold.doctor_id.does_not_exist() | (SlotHold.patient_id == patient_id),
                part="hold",
            )
            tx.delete(pointer, condition=UniqueKey.owner_id == pointer.owner_id, part="pointer")
            day_summary.DayChanges().unheld(previous).add_to(tx)
    except TransactWriteError:
        logger.info("previous hold changed while releasing it; retrying the hold decides")
        return
    if live:
        announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, previous, SlotState.AVAILABLE))


def release(patient_id: str, slot_id: str) -> SlotRef:
    """Releases the patient's own live hold; 404 if they hold none on this slot."""
    ref = decode_slot_id(slot_id)
    now = adapters().clock.now()
    try:
        with transaction() as tx:
            tx.delete(
                SlotHold(doctor_id=ref.doctor_id, start=ref.start),
                condition=(SlotHold.patient_id == patient_id) & (SlotHold.expires_at >= now),
                part="hold",
            )
            tx.delete(
                UniqueKey(key=hold_pointer_key(patient_id)),
                condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == ref.slot_id),
                part="pointer",
            )
            day_summary.DayChanges().unheld(ref).add_to(tx)
    except TransactWriteError as exc:
        raise NotFound("you are not holding this slot", code="LOCK_NOT_FOUND") from exc
    announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, ref, SlotState.AVAILABLE))
    return ref


def release_offer(patient_id: str, slot_id: str) -> SlotRef:
    """Lets go of a waitlist offer held in the patient's name, whatever their hold pointer names now (a hold of
    their own, or the slot they booked): the hold alone, with a condition that it is theirs and an offer. Nothing
    happens if it is gone already."""
    ref = decode_slot_id(slot_id)
    tx = transaction()
    try:
        with tx:
            tx.delete(
                SlotHold(doctor_id=ref.doctor_id, start=ref.start),
                condition=(SlotHold.patient_id == patient_id) & (SlotHold.offer == True),  # noqa: E712 (a condition)
                part="hold",
            )
            day_summary.DayChanges().unheld(ref).add_to(tx)
    except TransactWriteError as exc:
        if not tx.cancellation(exc).failed("hold"):
            raise unexplained(exc) from exc
        return ref
    announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, ref, SlotState.AVAILABLE))
    return ref
