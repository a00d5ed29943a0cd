"""The parts a change adds to its own transaction to keep the daily counters exact (the package's docstring)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from pynamodb.expressions.update import Action

from chalicelib.models.analytics import DailyAggregate
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.services import settings as platform
from chalicelib.services.analytics import _counters as counters
from chalicelib.services.analytics._counters import Published, Visit
from chalicelib.services.core import times
from chalicelib.services.core.dynamo import NamedTransaction

__all__ = ["Published", "Visit", "add_parts", "add_published", "late", "published_parts", "specialty_of", "visit"]


def specialty_of(doctor_id: str) -> str | None:
    """The doctor's specialty now (one GetItem): a doctor's counts go to the specialty they practise."""
    try:
        return Doctor.get(doctor_id, attributes_to_get=["specialty_id"]).specialty_id or None
    except Doctor.DoesNotExist:
        return None


def late(start: str, cancelled_at: datetime) -> bool:
    """A cancellation inside the patient's notice period (the platform setting ``patient_cancel_notice_minutes``)
    counts as late."""
    notice = timedelta(minutes=platform.current().patient_cancel_notice_minutes)
    return times.parse_iso(start) - cancelled_at < notice


def visit(
    appointment: Appointment,
    *,
    specialty_id: str | None,
    status: str | None = None,
    start: str | None = None,
    end: str | None = None,
    cancelled_by: str | None = None,
    changed_at: datetime | None = None,
) -> Visit:
    """What ``appointment`` counts as it is, or as it will be with the given changes."""
    start = start or appointment.start
    end = end or appointment.end
    status = status or appointment.status
    minutes = int((times.parse_iso(end) - times.parse_iso(start)).total_seconds() // 60)
    cancelled = status == counters.CANCELLED
    by = cancelled_by or appointment.cancelled_by
    at = changed_at or appointment.updated_at
    return Visit(
        doctor_id=appointment.doctor_id,
        day=start[:10],
        minutes=minutes,
        status=status,
        specialty_id=specialty_id,
        clinic_id=appointment.clinic_id,
        cancelled_by=by if cancelled else None,
        late=cancelled and late(start, at),
        price_amount=appointment.price_amount,
        price_currency=appointment.price_currency,
    )


def _actions(moves: dict[str, int | Decimal]) -> list[Action]:
    actions: list[Action] = []
    for name, value in sorted(moves.items()):
        attribute = getattr(DailyAggregate, name)
        actions.append(attribute.add(value))
    return actions


def _write(tx: NamedTransaction, deltas: counters.Deltas) -> int:
    for (scope, day), moves in sorted(deltas.items()):
        tx.update(DailyAggregate(scope=scope, day=day), actions=_actions(moves), part=f"aggregate:{scope}:{day}")
    return len(deltas)


def add_parts(tx: NamedTransaction, before: Visit | None, after: Visit | None) -> int:
    """Adds to ``tx`` the counters' moves from ``before`` to ``after``; returns how many parts it added (at most
    16: two days, four scopes, revenue in one currency)."""
    return _write(tx, counters.change(before, after))


def add_published(tx: NamedTransaction, slots: list[Published], sign: int = 1) -> int:
    """Adds to ``tx`` the published minutes of ``slots`` (``sign`` -1: removed); one part per scope and day."""
    grouped: counters.Deltas = defaultdict(dict)
    for slot in slots:
        counters.contribute_published(grouped, slot, sign)
    return _write(tx, counters.prune(grouped))


def published_parts(slots: list[Published]) -> int:
    """How many parts ``add_published`` would add for ``slots`` (a batch keeps room for them)."""
    return len(
        {
            (scope, slot.day)
            for slot in slots
            for scope in counters.scopes(slot.doctor_id, slot.specialty_id, slot.clinic_id)
        }
    )
