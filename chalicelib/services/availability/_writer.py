"""Writing and removing a doctor's slots so that two of them can never overlap, whatever the interleaving.

Every slot goes in with one guard item per 5-minute quantum it covers (``slot_keys.doctor_guard_keys``), each
written with ``attribute_not_exists(key)`` in the same transaction as the slot's own conditional Put. Two slots
that overlap share a quantum, so of two racing writers exactly one can win it: the database decides, nothing is
read first. Several slots share a transaction (at most 100 items) to save round trips; when DynamoDB cancels one,
the cancellation reasons say which slots' conditions failed, those are skipped as overlapping and the rest is
sent again. A slot leaves together with its guards, also in one transaction. Each transaction also moves the
published minutes of the days it touches (services/analytics) and the doctor's free slots by day
(core/day_summary), so a batch keeps room for those parts.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TypeVar

from pynamodb.exceptions import TransactWriteError

from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.observability import logger
from chalicelib.services.analytics import aggregates
from chalicelib.services.core import day_summary
from chalicelib.services.core.conditions import no_live_hold, slot_unbooked
from chalicelib.services.core.dynamo import Cancellation, ConcurrentChange, NamedTransaction, transaction
from chalicelib.services.core.slot_ids import SlotRef, doctor_guard_keys, slot_ref
from chalicelib.services.core.times import Span, iso
from chalicelib.vocabulary import SlotState

MAX_ITEMS = 100  # DynamoDB's limit of items in one TransactWriteItems
MAX_RETRIES = 6  # cancellations that no condition explains (TransactionConflict, throttling) before giving up
SUMMARY_PARTS = 2  # a UTC day's slots fall on at most two local dates: one summary update each
GUARD_AFTERLIFE = timedelta(days=1)  # guards of past slots expire (TTL): no slot can be created in the past
CANCELLED = "TransactionCanceledException"

T = TypeVar("T")


TryAgain = ConcurrentChange


@dataclass(frozen=True)
class _Plan:
    ref: SlotRef
    span: Span
    slot: Slot
    guards: tuple[UniqueKey, ...]

    @property
    def size(self) -> int:
        return 1 + len(self.guards)


@dataclass
class Written:
    created: list[Slot] = field(default_factory=list)
    overlapping: list[Span] = field(default_factory=list)


class Removal(Enum):
    REMOVED = SlotState.REMOVED
    REFUSED = "refused"  # the slot's own condition failed: missing, booked, or not what the caller named
    HELD = SlotState.HELD  # a patient holds the slot right now


def _plan(doctor_id: str, span: Span, rule_id: str | None, appointment_type_id: str | None = None) -> _Plan:
    ref = slot_ref(doctor_id, span.start, span.minutes)
    slot = Slot(
        doctor_id=doctor_id,
        start=ref.start,
        end=iso(span.end),
        duration_minutes=span.minutes,
        available=True,
        rule_id=rule_id,
        appointment_type_id=appointment_type_id,
    )
    expires = span.end + GUARD_AFTERLIFE
    guards = tuple(
        UniqueKey(key=key, owner_id=ref.slot_id, expires_at=expires) for key in doctor_guard_keys(doctor_id, span)
    )
    return _Plan(ref=ref, span=span, slot=slot, guards=guards)


def _batches(items: Sequence[T], size: Callable[[T], int], day: Callable[[T], str], per_day: int) -> Iterator[list[T]]:
    """Consecutive groups whose sizes, plus ``per_day`` counter parts for each day they touch, add up to at most
    ``MAX_ITEMS`` (one item alone never exceeds it)."""
    batch: list[T] = []
    used = 0
    days: set[str] = set()
    for item in items:
        more = 0 if day(item) in days else per_day
        if batch and used + size(item) + more + per_day * len(days) > MAX_ITEMS:
            yield batch
            batch, used, days, more = [], 0, set(), per_day
        batch.append(item)
        used += size(item)
        days.add(day(item))
    if batch:
        yield batch


def _published(refs: Sequence[SlotRef], specialty_id: str | None) -> list[aggregates.Published]:
    return [
        aggregates.Published(ref.doctor_id, ref.start[:10], ref.duration_minutes, specialty_id=specialty_id)
        for ref in refs
    ]


def _cancellation(tx: NamedTransaction, exc: TransactWriteError) -> Cancellation:
    """The cancellation's parts, or ``exc`` itself when DynamoDB did not cancel the transaction (a real failure)."""
    if exc.cause_response_code != CANCELLED:
        raise exc
    return tx.cancellation(exc)


def _pause(retry: int, exc: TransactWriteError) -> None:
    if retry >= MAX_RETRIES:
        raise TryAgain("the schedule is changing right now; please try again") from exc
    time.sleep(random.uniform(0, 0.01 * 2**retry))  # noqa: S311 (jitter, not a secret)


def write_slots(
    doctor_id: str, spans: Sequence[Span], *, rule_id: str | None = None, appointment_type_id: str | None = None
) -> Written:
    """Creates every span that overlaps no slot of the doctor; the others come back as ``overlapping``.

    The spans must not overlap one another (a run of slots never does) and must start on the 5-minute grid.
    """
    written = Written()
    plans = [_plan(doctor_id, span, rule_id, appointment_type_id) for span in spans]
    specialty = aggregates.specialty_of(doctor_id)
    per_day = aggregates.published_parts(_published([plan.ref for plan in plans[:1]], specialty)) + SUMMARY_PARTS
    for batch in _batches(plans, lambda plan: plan.size, lambda plan: plan.ref.start[:10], per_day):
        created, refused = _write_batch(batch, specialty)
        written.created.extend(plan.slot for plan in created)
        written.overlapping.extend(plan.span for plan in refused)
    if written.created:
        logger.info("slots created", extra={"doctor_id": doctor_id, "count": len(written.created)})
    return written


def _write_batch(batch: list[_Plan], specialty_id: str | None) -> tuple[list[_Plan], list[_Plan]]:
    pending, refused, retry = list(batch), list[_Plan](), 0
    while pending:
        tx = transaction()
        try:
            with tx:
                aggregates.add_published(tx, _published([plan.ref for plan in pending], specialty_id))
                summary = day_summary.DayChanges()
                for plan in pending:
                    summary.opened(plan.ref)
                summary.add_to(tx)
                for plan in pending:
                    # A slot at this very start already exists (its guards would say so too, unless it predates them).
                    tx.save(plan.slot, condition=Slot.start.does_not_exist(), part=plan.ref.slot_id)
                    for guard in plan.guards:
                        # The quantum is free: no other slot of this doctor covers it.
                        tx.save(guard, condition=UniqueKey.key.does_not_exist(), part=f"{plan.ref.slot_id}:{guard.key}")
        except TransactWriteError as exc:
            cancellation = _cancellation(tx, exc)
            failed = [cancellation.failed(plan.ref.slot_id) for plan in pending]
            if any(failed):
                refused.extend(plan for plan, bad in zip(pending, failed, strict=True) if bad)
                pending = [plan for plan, bad in zip(pending, failed, strict=True) if not bad]
            else:
                _pause(retry, exc)
                retry += 1
            continue
        return pending, refused
    return [], refused


def remove_slots(
    refs: Sequence[SlotRef], *, now: datetime, rule_id: str | None = None, blocked: Collection[SlotRef] = ()
) -> dict[SlotRef, Removal]:
    """Deletes each unbooked, unheld slot with its guards; says for each slot what happened.

    The slot's Delete is conditional on it existing unbooked with the length its id names (and, for a rule's
    cleanup, still belonging to that rule), and blocked or not as the caller read it (``blocked``): that is what
    tells the day's summary whether a free slot goes. A ConditionCheck on its lock keeps a slot a patient holds
    right now.
    A guard is deleted only if it is this slot's (or already gone: TTL may have taken a past slot's guards).
    """
    outcome: dict[SlotRef, Removal] = {}
    if not refs:
        return outcome
    specialty = aggregates.specialty_of(refs[0].doctor_id)
    per_day = aggregates.published_parts(_published(refs[:1], specialty))
    size = lambda ref: 2 + len(doctor_guard_keys(ref.doctor_id, ref.span))  # noqa: E731
    closed = frozenset(blocked)
    for batch in _batches(refs, size, lambda ref: ref.start[:10], per_day + SUMMARY_PARTS):
        outcome.update(_remove_batch(batch, now, rule_id, specialty, closed))
    return outcome


def _remove_batch(
    batch: list[SlotRef], now: datetime, rule_id: str | None, specialty_id: str | None, blocked: frozenset[SlotRef]
) -> dict[SlotRef, Removal]:
    pending, outcome, retry = list(batch), {}, 0
    summary = day_summary.DayChanges()
    while pending:
        tx = transaction()
        summary = day_summary.DayChanges()
        try:
            with tx:
                aggregates.add_published(tx, _published(pending, specialty_id), sign=-1)
                for ref in pending:
                    if ref in blocked:
                        summary.closed(ref)
                    else:
                        summary.taken(ref)
                summary.add_to(tx)
                for ref in pending:
                    condition = slot_unbooked(ref) & (Slot.available == (ref not in blocked))
                    if rule_id is not None:
                        condition = condition & (Slot.rule_id == rule_id)
                    tx.delete(
                        Slot(doctor_id=ref.doctor_id, start=ref.start), condition=condition, part=f"{ref.slot_id}:slot"
                    )
                    tx.condition_check(
                        SlotHold, ref.doctor_id, ref.start, condition=no_live_hold(now), part=f"{ref.slot_id}:hold"
                    )
                    for key in doctor_guard_keys(ref.doctor_id, ref.span):
                        tx.delete(
                            UniqueKey(key=key),
                            condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == ref.slot_id),
                            part=f"{ref.slot_id}:{key}",
                        )
        except TransactWriteError as exc:
            failed = _cancellation(tx, exc)
            stuck = []
            for ref in pending:
                if failed.failed(f"{ref.slot_id}:slot"):
                    outcome[ref] = Removal.REFUSED
                elif failed.failed(f"{ref.slot_id}:hold"):
                    outcome[ref] = Removal.HELD
                elif failed.failed(ref.slot_id):
                    outcome[ref] = Removal.REFUSED  # a guard names another slot: leave both alone
                else:
                    stuck.append(ref)
            if len(stuck) == len(pending):
                _pause(retry, exc)
                retry += 1
            pending = stuck
            continue
        outcome.update(dict.fromkeys(pending, Removal.REMOVED))
        pending = []
        summary.tidy()
    return outcome
