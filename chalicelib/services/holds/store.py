"""The five-minute hold on a slot (ARCHITECTURE.md, "Slot lock and booking").

One transaction decides a lock: the slot must be available and unbooked (ConditionCheck), the lock item must be
absent, expired or already ours (Put), the patient's one-lock pointer must be absent, expired or already on
this slot (Put), and the doctor must still be approved (ConditionCheck). Every expiry is compared with the
injected clock; TTL deletion is only housekeeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.errors import Conflict, NotFound, SlotLocked, SlotTaken
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotLock
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.observability import logger
from chalicelib.services.core import announce
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id, patient_lock_key


class SlotUnavailable(Conflict):
    code = "SLOT_UNAVAILABLE"


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


def slot_is_open(ref: SlotRef) -> object:
    """The condition every hold and booking puts on the slot itself."""
    return (
        Slot.doctor_id.exists()
        & (Slot.available == True)  # noqa: E712 (a DynamoDB condition, not a Python comparison)
        & Slot.booked_by.does_not_exist()
        & (Slot.duration_minutes == ref.duration_minutes)
    )


def lock_is_free_for(patient_id: str, now: datetime) -> object:
    """No lock, an expired one, or our own."""
    return SlotLock.doctor_id.does_not_exist() | (SlotLock.expires_at < now) | (SlotLock.patient_id == patient_id)


def lock(
    patient_id: str, slot_id: str, *, hold_seconds: int | None = None, offer: bool = False, keep_other: bool = False
) -> Hold:
    """Holds a slot for ``patient_id``; holding it again extends the hold. A previous hold elsewhere is released,
    unless ``keep_other`` (a waitlist offer must not take away a hold the patient is using)."""
    ref = decode_slot_id(slot_id)
    now = adapters().clock.now()
    expires = now + timedelta(seconds=hold_seconds or get_settings().lock_seconds)
    for attempt in range(2):
        tx = transaction()
        try:
            with tx:
                tx.condition_check(Slot, ref.doctor_id, ref.start, condition=slot_is_open(ref))
                tx.save(
                    SlotLock(
                        doctor_id=ref.doctor_id, start=ref.start, patient_id=patient_id, expires_at=expires, offer=offer
                    ),
                    condition=lock_is_free_for(patient_id, now),
                )
                tx.save(
                    UniqueKey(key=patient_lock_key(patient_id), owner_id=ref.slot_id, expires_at=expires),
                    condition=UniqueKey.key.does_not_exist()
                    | (UniqueKey.expires_at < now)
                    | (UniqueKey.owner_id == ref.slot_id),
                )
                tx.condition_check(Doctor, ref.doctor_id, condition=Doctor.status == "APPROVED")
        except TransactWriteError as exc:
            slot_closed, lock_taken, other_hold, doctor_inactive = tx.failed_conditions(exc)
            if slot_closed:
                raise slot_refusal(ref) from exc
            if doctor_inactive:
                raise SlotUnavailable("this doctor is not taking bookings") from exc
            if lock_taken:
                raise SlotLocked("another patient is holding this slot; try again in a few minutes") from exc
            if other_hold and attempt == 0 and not keep_other:
                release_previous(patient_id, now)
                continue
            raise unexplained(exc) from exc
        logger.info("slot locked", extra={"doctor_id": ref.doctor_id})
        announce.announce(announce.SlotChanged(announce.SLOT_LOCKED, ref, "locked", expires))
        return Hold(slot_id=ref.slot_id, expires_at=expires)
    raise SlotLocked("you are holding another slot; release it first")


def release_previous(patient_id: str, now: datetime) -> None:
    """Lets go of whatever slot the patient's pointer names (its lock may already be gone: booked or expired)."""
    try:
        pointer = UniqueKey.get(patient_lock_key(patient_id), consistent_read=True)
    except DoesNotExist:
        return
    previous = decode_slot_id(pointer.owner_id)
    # Read only to tell watchers: a pointer outlives its lock when the slot was booked or the hold lapsed.
    try:
        held = SlotLock.get(previous.doctor_id, previous.start, consistent_read=True)
        live = held.patient_id == patient_id and held.expires_at >= now
    except DoesNotExist:
        live = False
    try:
        with transaction() as tx:
            tx.delete(
                SlotLock(doctor_id=previous.doctor_id, start=previous.start),
                condition=SlotLock.doctor_id.does_not_exist() | (SlotLock.patient_id == patient_id),
            )
            tx.delete(pointer, condition=UniqueKey.owner_id == pointer.owner_id)
    except TransactWriteError:
        logger.info("previous hold changed while releasing it; retrying the lock decides")
        return
    if live:
        announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, previous, "available"))


def unlock(patient_id: str, slot_id: str) -> SlotRef:
    """Releases the patient's own live hold; 404 if they hold none on this slot."""
    ref = decode_slot_id(slot_id)
    now = adapters().clock.now()
    try:
        with transaction() as tx:
            tx.delete(
                SlotLock(doctor_id=ref.doctor_id, start=ref.start),
                condition=(SlotLock.patient_id == patient_id) & (SlotLock.expires_at >= now),
            )
            tx.delete(
                UniqueKey(key=patient_lock_key(patient_id)),
                condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == ref.slot_id),
            )
    except TransactWriteError as exc:
        raise NotFound("you are not holding this slot", code="LOCK_NOT_FOUND") from exc
    announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, ref, "available"))
    return ref
