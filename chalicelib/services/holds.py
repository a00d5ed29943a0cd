"""A patient's hold on a slot, as the API offers it: take it, or let it go (which may pass it to the waitlist)."""

from __future__ import annotations

from chalicelib.contracts.booking import HoldOut
from chalicelib.services import locks, waitlist
from chalicelib.services.authz import Principal


def take(patient: Principal, slot_id: str) -> HoldOut:
    hold = locks.lock(patient.user_id, slot_id)
    return HoldOut(slot_id=hold.slot_id, expires_at=hold.expires_at)


def release(patient: Principal, slot_id: str) -> None:
    ref = locks.unlock(patient.user_id, slot_id)
    waitlist.slot_opened(ref)
