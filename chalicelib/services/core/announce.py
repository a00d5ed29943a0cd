"""What happened, told to whoever listens once the change that made it has committed.

Booking, hold, lifecycle, availability and waitlist flows call ``announce`` after their transaction commits, with
plain records of what changed. Listeners turn them into side effects: live push over WebSocket, e-mail. A listener
that fails is logged and never fails the caller: the change is already in the database, and the notification
feed (written inside the change's own transaction) stays the truth.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.caches import process_cache
from chalicelib.observability import logger

if TYPE_CHECKING:
    from chalicelib.models.appointments import Appointment
    from chalicelib.models.notifications import Notification
    from chalicelib.models.users import User
    from chalicelib.services.core.slot_ids import SlotRef

# Slot event kinds (docs/api.md, "WebSocket (live updates)").
SLOT_LOCKED = "slot-locked"
SLOT_UNLOCKED = "slot-unlocked"
SLOT_BOOKED = "slot-booked"
SLOT_ADDED = "slot-added"
SLOT_REMOVED = "slot-removed"
SLOT_AVAILABILITY_CHANGED = "slot-availability-changed"

# Appointment change kinds.
BOOKED = "booked"
CONFIRMED = "confirmed"
STATUS_CHANGED = "status-changed"
CANCELLED = "cancelled"
RESCHEDULED = "rescheduled"
ATTENDANCE_CONFIRMED = "attendance-confirmed"


@dataclass(frozen=True)
class SlotChanged:
    """A slot's new state as anyone watching the doctor's week may see it: nothing about who holds or booked it.

    ``state`` is available, locked, booked, unavailable or removed; ``expires_at`` is a hold's end."""

    kind: str
    ref: SlotRef
    state: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class AppointmentChanged:
    """An appointment after a change, who made it (patient, doctor or admin) and the feed record written with it
    for the other party, if any."""

    kind: str
    appointment: Appointment
    by: str
    notice: Notification | None = None
    previous_start: str | None = None


@dataclass(frozen=True)
class WaitlistOffered:
    """A slot held for a waiting patient until ``expires_at``; ``notice`` is the patient's feed record."""

    patient_id: str
    ref: SlotRef
    expires_at: datetime
    notice: Notification


@dataclass(frozen=True)
class AccountCreated:
    """Someone signed up; ``pending_doctor`` when a doctor now waits for an admin's approval."""

    user: User
    pending_doctor: bool


@dataclass(frozen=True)
class PasswordResetRequested:
    """A single-use reset link was issued. ``secret`` is what the link carries: only the mail may see it, so no
    listener logs a happening's fields."""

    user: User
    secret: str = field(repr=False)
    expires_at: datetime
    minutes: int


@dataclass(frozen=True)
class LoginCodeRequested:
    """A sign-in code was issued. ``code`` is for the mail alone (never logged, like a reset link's secret)."""

    user: User
    code: str = field(repr=False)
    expires_at: datetime
    minutes: int


@dataclass(frozen=True)
class DoctorReviewed:
    """An admin approved or rejected a doctor, with the reason given (if any)."""

    user: User
    approved: bool
    reason: str | None


@dataclass(frozen=True)
class AccountDisabled:
    """An admin disabled an account: its sessions are over, and its live connections must close now."""

    user_id: str


@dataclass(frozen=True)
class SupportReplied:
    """A public message on a support ticket, for ``recipient_id``: the requester (``to_requester``) when anyone
    else wrote it, the ticket's assignee when the requester did. Never an internal note; never the text."""

    ticket_id: str
    message_id: str
    recipient_id: str
    to_requester: bool


@dataclass(frozen=True)
class PhoneCodeRequested:
    """A patient asked to confirm ``phone`` for SMS: ``code`` goes to that number by SMS and nowhere else (no
    listener logs a happening's fields)."""

    user: User
    phone: str
    code: str = field(repr=False)
    minutes: int


@dataclass(frozen=True)
class Told:
    """A live message for some users' own topics (``user#{id}``), and the admins' monitor when ``admins``: what
    conversations and urgent requests push. Their services shape ``data`` (a message's text goes to its
    conversation's two parties only; urgent requests carry ids and status, never symptoms)."""

    user_ids: tuple[str, ...]
    type: str
    data: dict[str, Any]
    admins: bool = False


@dataclass(frozen=True)
class PlanDowngraded:
    """A doctor went back to the free plan because invoice ``invoice_number`` stayed unpaid past its grace."""

    doctor_id: str
    invoice_number: str


@dataclass(frozen=True)
class DisputeResolved:
    """An admin resolved a dispute over ``appointment`` (its status corrected if ``previous_status`` differs from
    its status now); ``notices`` are both parties' feed records, written in the resolution's transaction."""

    appointment: Appointment
    previous_status: str
    by: str
    notices: tuple[Notification, ...]


Happening = (
    SlotChanged
    | AppointmentChanged
    | WaitlistOffered
    | AccountCreated
    | PasswordResetRequested
    | LoginCodeRequested
    | DoctorReviewed
    | AccountDisabled
    | SupportReplied
    | PhoneCodeRequested
    | Told
    | PlanDowngraded
    | DisputeResolved
)
Listener = Callable[[Sequence[Happening]], None]

# "module:function" of each listener, imported on first announcement so that importing a flow costs nothing.
LISTENERS: tuple[str, ...] = (
    "chalicelib.services.realtime.fanout:on_announce",
    "chalicelib.services.mail.listener:on_happenings",
)


@dataclass
class _Registry:
    extra: list[Listener] = field(default_factory=list)


_registry = _Registry()


@process_cache
def _configured() -> tuple[Listener, ...]:
    found: list[Listener] = []
    for name in LISTENERS:
        module, function = name.split(":")
        found.append(getattr(importlib.import_module(module), function))
    return tuple(found)


def listeners() -> tuple[tuple[str, Listener], ...]:
    """Every listener of this process with its name (the dotted path; a test's own by its qualified name): the
    stream consumer (services/effects) runs each once per change, keyed by that name."""
    named = tuple(zip(LISTENERS, _configured(), strict=True))
    return (*named, *((getattr(extra, "__qualname__", repr(extra)), extra) for extra in _registry.extra))


def listen(listener: Listener) -> Callable[[], None]:
    """Adds a listener for this process (tests); returns a function that removes it."""
    _registry.extra.append(listener)
    return lambda: _registry.extra.remove(listener)


def announce(*happenings: Happening) -> None:
    """Tells every listener, in order. Never raises."""
    if not happenings:
        return
    try:
        listeners = (*_configured(), *_registry.extra)
    except Exception:
        logger.exception("announcement listeners could not be loaded")
        return
    for listener in listeners:
        try:
            listener(happenings)
        except Exception:
            logger.exception("announcement listener failed", extra={"listener": getattr(listener, "__name__", "?")})
