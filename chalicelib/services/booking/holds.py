"""A patient's hold on a slot, as the API offers it: take it, or let it go (which may pass it to the waitlist)."""

from __future__ import annotations

from chalicelib.contracts.booking import HoldOut
from chalicelib.services.core.authz import Principal
from chalicelib.services.holds import store
from chalicelib.services.waitlist import queue


def take(patient: Principal, slot_id: str) -> HoldOut:
    hold = store.place(patient.user_id, slot_id)
    return HoldOut(slot_id=hold.slot_id, expires_at=hold.expires_at)


def release(patient: Principal, slot_id: str) -> None:
    ref = store.release(patient.user_id, slot_id)
    queue.slot_opened(ref)
