"""Availability: runs of slots, block/unblock/delete, the public listing, and weekly rules over a rolling horizon.

Wall-clock times are the doctor's (IANA zone); every instant is stored in UTC. Overlaps are impossible by
construction (services/slot_writer.py): nothing here reads to decide whether a slot may be written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.caches import register
from chalicelib.config import get_settings
from chalicelib.contracts.appointment_types import AppointmentTypeRef
from chalicelib.contracts.availability import (
    RuleCreate,
    RuleCreated,
    RuleOut,
    RuleRemoved,
    SkippedSlot,
    SlotDetailOut,
    SlotList,
    SlotOut,
    SlotRunOut,
    SlotRunRequest,
)
from chalicelib.contracts.common import Page
from chalicelib.errors import Conflict, Invalid, NotFound, RuleViolation, SlotHeld, SlotTaken
from chalicelib.models.appointment_types import AppointmentType
from chalicelib.models.availability_rules import EXTENDING, AvailabilityRule
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.observability import logger
from chalicelib.services.availability import _arithmetic as arithmetic
from chalicelib.services.availability import _writer as writer
from chalicelib.services.availability import appointment_types
from chalicelib.services.availability._writer import Removal, TryAgain
from chalicelib.services.core import announce, day_summary, next_free, times
from chalicelib.services.core.booking_window import BookingWindow, booking_problem
from chalicelib.services.core.conditions import approved_doctor, is_approved, slot_unbooked
from chalicelib.services.core.dynamo import (
    condition_failed,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id, slot_ref
from chalicelib.services.core.times import Span, iso, parse_iso
from chalicelib.services.plans import entitlements
from chalicelib.services.settings import booking_window
from chalicelib.services.waitlist import queue
from chalicelib.vocabulary import SlotState

MAX_PUBLISH_DAYS = 366  # how far ahead a run may be published
DEFAULT_RANGE = timedelta(days=7)
MAX_RANGE = timedelta(days=31)  # measured on the doctor's calendar, so a month with a clock change still fits
RULE_KEY = {"doctor_id": "S", "rule_id": "S"}
MAX_RULES_PAGE = 100
ONE_SECOND = timedelta(seconds=1)
ONE_DAY = timedelta(days=1)
LATEST_OFFSET = timedelta(hours=14)  # no place on Earth is further ahead of UTC


def _now() -> datetime:
    return adapters().clock.now()


def _doctor(doctor_id: str, *, consistent: bool = False) -> Doctor | None:
    try:
        return Doctor.get(
            doctor_id,
            attributes_to_get=["doctor_id", "status", "timezone", "rules_version"],
            consistent_read=consistent,
        )
    except DoesNotExist:
        return None


def _approved_doctor(doctor_id: str, *, consistent: bool = False) -> Doctor:
    """The doctor whose calendar is being written: 404 if unknown, 422 if not (or no longer) approved."""
    doctor = _doctor(doctor_id, consistent=consistent)
    if doctor is None:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    if not is_approved(doctor):
        raise RuleViolation("this doctor is not approved", code="DOCTOR_NOT_APPROVED")
    return doctor


# Presenting ----------------------------------------------------------------------------------------------------


def slot_out(
    slot: Slot,
    lock_expires_at: datetime | None,
    now: datetime,
    window: BookingWindow,
    types: Mapping[str, AppointmentTypeRef] | None = None,
) -> SlotOut:
    """A slot as anyone may see it: its state, never who holds or booked it.

    ``available`` means bookable now: a blocked slot, a past one, and one outside the booking window (less than
    the minimum notice ahead, or beyond the maximum advance) are ``unavailable``.
    """
    start = parse_iso(slot.start)
    minutes = int(slot.duration_minutes)
    state = _state(slot, start, lock_expires_at, now, window)
    return SlotOut(
        slot_id=SlotRef(slot.doctor_id, slot.start, minutes).slot_id,
        start=start,
        end=parse_iso(slot.end),
        duration_minutes=minutes,
        state=state,
        lock_expires_at=lock_expires_at if state == SlotState.HELD else None,
        appointment_type=(types or {}).get(slot.appointment_type_id) if slot.appointment_type_id else None,
    )


def _types_named(doctor_id: str, slots: Iterable[Slot]) -> dict[str, AppointmentTypeRef]:
    """The types the slots name, from one Query of the doctor's types: none when no slot names one."""
    if not any(slot.appointment_type_id for slot in slots):
        return {}
    return {item.type_id: appointment_types.type_ref(item) for item in appointment_types.types_of(doctor_id)}


def _announce_added(created: list[Slot], now: datetime) -> None:
    window = booking_window()
    announce.announce(
        *(
            announce.SlotChanged(
                announce.SLOT_ADDED,
                SlotRef(slot.doctor_id, slot.start, int(slot.duration_minutes)),
                slot_out(slot, None, now, window).state,
            )
            for slot in created
        )
    )


def _announce_removed(outcome: dict[SlotRef, Removal]) -> None:
    announce.announce(
        *(
            announce.SlotChanged(announce.SLOT_REMOVED, ref, SlotState.REMOVED)
            for ref, result in outcome.items()
            if result is Removal.REMOVED
        )
    )


def _state(
    slot: Slot, start: datetime, lock_expires_at: datetime | None, now: datetime, window: BookingWindow
) -> SlotState:
    if slot.booked_by is not None:
        return SlotState.BOOKED
    if not slot.available or booking_problem(start, now, window) is not None:
        return SlotState.UNAVAILABLE
    return SlotState.AVAILABLE if lock_expires_at is None else SlotState.HELD


# Runs of slots -------------------------------------------------------------------------------------------------


def publish_run(doctor_id: str, request: SlotRunRequest) -> SlotRunOut:
    """Publishes the slots of a run that fit: those overlapping an existing slot, or already begun, are skipped."""
    doctor = _approved_doctor(doctor_id)
    kind = _publishing_for(doctor_id, request.appointment_type_id)
    minutes = int(kind.duration_minutes) if kind else int(request.duration_minutes or 0)
    types = {kind.type_id: appointment_types.type_ref(kind)} if kind else {}
    zone = ZoneInfo(doctor.timezone)
    now = _now()
    today = now.astimezone(zone).date()
    if request.date < today:
        raise RuleViolation("this run of slots is entirely in the past", code="RUN_IN_PAST")
    if request.date > today + timedelta(days=MAX_PUBLISH_DAYS):
        raise RuleViolation(f"slots can be published at most {MAX_PUBLISH_DAYS} days ahead", code="TOO_FAR_AHEAD")
    _refuse_missing(arithmetic.missing_times([request.date], request.start_time, request.end_time, zone))
    spans = arithmetic.run_of_slots(
        request.date, request.start_time, request.end_time, minutes, request.buffer_minutes, zone
    )
    if not spans:
        raise RuleViolation("no slot of that length fits between start_time and end_time", code="NO_SLOT_FITS")
    future = [span for span in spans if span.start > now]
    if not future:
        raise RuleViolation("this run of slots is entirely in the past", code="RUN_IN_PAST")
    written = writer.write_slots(doctor_id, future, appointment_type_id=kind.type_id if kind else None)
    _announce_added(written.created, now)
    queue.slots_opened(
        [slot_ref(doctor_id, times.parse_iso(slot.start), int(slot.duration_minutes)) for slot in written.created]
    )
    window = booking_window()
    skipped = [SkippedSlot(start=s.start, end=s.end, reason="in_the_past") for s in spans if s.start <= now]
    skipped += [SkippedSlot(start=s.start, end=s.end, reason="overlaps_existing_slot") for s in written.overlapping]
    next_free.refresh(doctor_id, now, booking_window())
    return SlotRunOut(
        created=[slot_out(slot, None, now, window, types) for slot in written.created],
        skipped=sorted(skipped, key=lambda s: s.start),
    )


def _publishing_for(doctor_id: str, type_id: str | None) -> AppointmentType | None:
    """The active type slots are published for (their length is its), or None for untyped slots."""
    return None if type_id is None else appointment_types.active_type(doctor_id, type_id)


# One slot ------------------------------------------------------------------------------------------------------


def _own(doctor_id: str, slot_id: str) -> SlotRef:
    """The slot's key, decoded without a read; another doctor's slot is as unknown as a missing one."""
    ref = decode_slot_id(slot_id)
    if ref.doctor_id != doctor_id:
        raise NotFound("no such slot", code="SLOT_NOT_FOUND")
    return ref


def _refusal(ref: SlotRef) -> NotFound | SlotTaken | TryAgain:
    """Why a slot's condition failed, read after the database decided (the read decides nothing)."""
    try:
        slot = Slot.get(ref.doctor_id, ref.start, consistent_read=True)
    except DoesNotExist:
        return NotFound("no such slot", code="SLOT_NOT_FOUND")
    if int(slot.duration_minutes) != ref.duration_minutes:
        return NotFound("no such slot", code="SLOT_NOT_FOUND")
    if slot.booked_by is not None:
        return SlotTaken("this slot is booked; cancel its appointment instead")
    return TryAgain("the slot changed while we were working; please try again")


def set_available(doctor_id: str, slot_id: str, available: bool) -> SlotOut:
    """Blocks or unblocks one of the doctor's slots; a booked slot cannot be blocked (409 SLOT_TAKEN)."""
    ref = _own(doctor_id, slot_id)
    slot = Slot(doctor_id=ref.doctor_id, start=ref.start)
    summary = day_summary.DayChanges()
    (summary.opened if available else summary.taken)(ref)
    tx = transaction()
    try:
        # Conditional on the slot existing, unbooked, with the length its id names, and in the other state: a
        # booking racing this update either lands first (and the update fails) or finds the slot blocked. The
        # day's summary moves in the same transaction.
        with tx:
            tx.update(
                slot,
                actions=[Slot.available.set(available)],
                condition=slot_unbooked(ref) & (Slot.available == (not available)),
                part="slot",
            )
            summary.add_to(tx)
    except TransactWriteError as exc:
        if not tx.cancellation(exc).failed("slot"):
            raise unexplained(exc) from exc
        if not _already(ref, available):
            raise _refusal(ref) from exc
    else:
        summary.tidy()
    logger.info("slot availability changed", extra={"doctor_id": doctor_id, "available": available})
    slot.available = available
    slot.end = iso(ref.span.end)
    slot.duration_minutes = ref.duration_minutes
    answer = slot_out(slot, None, _now(), booking_window())
    announce.announce(announce.SlotChanged(announce.SLOT_AVAILABILITY_CHANGED, ref, answer.state))
    if available:
        queue.slots_opened([ref])
    next_free.refresh(doctor_id, _now(), booking_window())
    return answer


def _already(ref: SlotRef, available: bool) -> bool:
    """Whether the slot is, unbooked, in the state asked for (read after the condition failed: nothing to do)."""
    try:
        slot = Slot.get(ref.doctor_id, ref.start, consistent_read=True)
    except DoesNotExist:
        return False
    return (
        slot.booked_by is None
        and int(slot.duration_minutes) == ref.duration_minutes
        and bool(slot.available) == available
    )


def delete_slot(doctor_id: str, slot_id: str) -> None:
    """Removes an unbooked slot that no patient is holding, with its guards, in one transaction."""
    ref = _own(doctor_id, slot_id)
    outcome = writer.remove_slots([ref], now=_now())[ref]
    if outcome is Removal.REFUSED and _already(ref, False):
        # Blocked: removed as a slot that was not free (the retry's condition decides, the read only chooses).
        outcome = writer.remove_slots([ref], now=_now(), blocked=[ref])[ref]
    _announce_removed({ref: outcome})
    if outcome is Removal.HELD:
        raise SlotHeld("a patient is holding this slot; try again when the hold ends")
    if outcome is Removal.REFUSED:
        raise _refusal(ref)
    logger.info("slot deleted", extra={"doctor_id": doctor_id})
    next_free.refresh(doctor_id, _now(), booking_window())


# Listing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Listed:
    timezone: str
    until: datetime


_listed: dict[str, _Listed] = {}
MAX_LISTED = 10_000


def _listed_timezone(doctor_id: str, now: datetime) -> str:
    """The zone of an approved doctor, remembered per process for ``directory_cache_seconds``.

    Remembering it keeps a listing at its two Queries; a suspension hides the doctor's slots within that time.
    Unknown and unapproved doctors are never remembered, so an approval shows at once.
    """
    hit = _listed.get(doctor_id)
    if hit is not None and hit.until > now:
        return hit.timezone
    doctor = _doctor(doctor_id)
    if not is_approved(doctor):
        _listed.pop(doctor_id, None)
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    if len(_listed) >= MAX_LISTED:
        _listed.clear()
    _listed[doctor_id] = _Listed(doctor.timezone, now + timedelta(seconds=get_settings().directory_cache_seconds))
    return doctor.timezone


@register
def forget() -> None:
    """Drops what the listing remembers (tests that swap the database underneath the process)."""
    _listed.clear()


def _instant(name: str, text: str, zone: ZoneInfo, *, end: bool) -> datetime:
    """An ISO 8601 instant with an offset, or a date on the doctor's calendar (a ``to`` date includes that day).

    A ``+`` in a query string often arrives decoded as a space; it is read back as ``+``.
    """
    text = text.replace(" ", "+")
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return times.to_utc(day + ONE_DAY if end else day, time(0), zone)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise Invalid(
                f"{name} needs a UTC offset, e.g. 2026-12-01T09:00:00+01:00", code="INVALID_RANGE", field=name
            )
        return moment.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise Invalid(
            f"{name} must be an ISO 8601 time with an offset, or a date", code="INVALID_RANGE", field=name
        ) from exc


def _range(start: str | None, end: str | None, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    begin = _instant("from", start, zone, end=False) if start else now
    try:
        finish = _instant("to", end, zone, end=True) if end else begin + DEFAULT_RANGE
    except OverflowError as exc:
        raise Invalid("from is too far in the future", code="INVALID_RANGE", field="from") from exc
    if finish <= begin:
        raise Invalid("to must be after from", code="INVALID_RANGE", field="to")
    wall = finish.astimezone(zone).replace(tzinfo=None) - begin.astimezone(zone).replace(tzinfo=None)
    if wall > MAX_RANGE:
        raise Invalid(f"a listing covers at most {MAX_RANGE.days} days", code="RANGE_TOO_LONG", field="to")
    return begin, finish


def list_slots(
    doctor_id: str, *, start: str | None, end: str | None, appointment_type_id: str | None = None
) -> SlotList:
    """An approved doctor's slots starting in [from, to), with their states: one Query on the slots and one on
    the locks (same key), whatever the range. A lock counts only while it is unexpired by the injected clock.
    Slots published for a type carry it (one more Query, of the doctor's types, when any does); with
    ``appointment_type_id`` only that type's slots are listed."""
    now = _now()
    timezone = _listed_timezone(doctor_id, now)
    zone = ZoneInfo(timezone)
    begin, finish = _range(start, end, zone, now)
    first, last = iso(begin), iso(finish - ONE_SECOND)  # keys have whole seconds: [begin, finish)
    slots = list(Slot.query(doctor_id, Slot.start.between(first, last), consistent_read=True))
    if appointment_type_id is not None:
        slots = [slot for slot in slots if slot.appointment_type_id == appointment_type_id]
    held = {
        lock.start: lock.expires_at
        for lock in SlotHold.query(doctor_id, SlotHold.start.between(first, last), consistent_read=True)
        if lock.expires_at > now
    }
    window = booking_window()
    types = _types_named(doctor_id, slots)
    return SlotList(
        items=[slot_out(slot, held.get(slot.start), now, window, types) for slot in slots], timezone=timezone
    )


def one_slot(slot_id: str) -> SlotDetailOut:
    """A slot by its id, with its state, doctor and zone: one GetItem of the slot and one of its hold (the id names
    the key, no read finds it). 404 when the slot is gone or its doctor is not listed."""
    ref = decode_slot_id(slot_id)
    now = _now()
    timezone = _listed_timezone(ref.doctor_id, now)
    try:
        slot = Slot.get(ref.doctor_id, ref.start, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("no such slot", code="SLOT_NOT_FOUND") from exc
    if int(slot.duration_minutes) != ref.duration_minutes:
        raise NotFound("no such slot", code="SLOT_NOT_FOUND")
    try:
        hold = SlotHold.get(ref.doctor_id, ref.start, consistent_read=True)
        held_until = hold.expires_at if hold.expires_at > now else None
    except DoesNotExist:
        held_until = None
    shown = slot_out(slot, held_until, now, booking_window(), _types_named(ref.doctor_id, [slot]))
    return SlotDetailOut(**shown.model_dump(), doctor_id=ref.doctor_id, timezone=timezone)


# Weekly rules --------------------------------------------------------------------------------------------------


def rule_out(rule: AvailabilityRule) -> RuleOut:
    return RuleOut(
        rule_id=rule.rule_id,
        weekdays=sorted(int(day) for day in rule.weekdays),
        start_time=time.fromisoformat(rule.start_time),
        end_time=time.fromisoformat(rule.end_time),
        duration_minutes=int(rule.duration_minutes),
        buffer_minutes=int(rule.buffer_minutes),
        timezone=rule.timezone,
        valid_from=date.fromisoformat(rule.valid_from),
        valid_until=date.fromisoformat(rule.valid_until) if rule.valid_until else None,
        generated_until=date.fromisoformat(rule.generated_until),
        created_at=rule.created_at,
        appointment_type_id=rule.appointment_type_id,
    )


def _horizon_last(today: date) -> date:
    """The last date of the rolling horizon that starts ``today``."""
    return today + timedelta(weeks=get_settings().horizon_weeks) - ONE_DAY


def _fits(start: time, end: time, duration_minutes: int) -> bool:
    minutes = arithmetic.wall_minutes(end, end=True) - arithmetic.wall_minutes(start)
    return minutes >= duration_minutes


def _refuse_missing(missing: Iterable[arithmetic.MissingTime]) -> None:
    """422 naming the first start or end that a clock change skips: it would move silently by the gap."""
    first = next(iter(missing), None)
    if first is not None:
        raise RuleViolation(first.sentence(), code="TIME_DOES_NOT_EXIST")


def _hours(rule: AvailabilityRule) -> arithmetic.WeeklyHours:
    return arithmetic.WeeklyHours(
        weekdays=frozenset(int(day) for day in rule.weekdays),
        start=time.fromisoformat(rule.start_time),
        end=time.fromisoformat(rule.end_time),
        valid_from=date.fromisoformat(rule.valid_from),
        valid_until=date.fromisoformat(rule.valid_until) if rule.valid_until else None,
    )


def _overlapping(rule: AvailabilityRule) -> AvailabilityRule | None:
    """A rule of the same doctor whose hours meet this one's, read with a consistent Query."""
    mine = _hours(rule)
    for other in AvailabilityRule.query(rule.doctor_id, consistent_read=True):
        if other.rule_id != rule.rule_id and _hours(other).overlaps(mine):
            return other
    return None


def _rule_count(doctor_id: str) -> int:
    """How many weekly rules the doctor has (ended ones too: they still are rules until removed)."""
    return sum(1 for _ in AvailabilityRule.query(doctor_id, attributes_to_get=["rule_id"]))


# Attempts at saving a rule when other rules of the doctor keep arriving between the check and the save.
RULE_ATTEMPTS = 3


def _save_rule(rule: AvailabilityRule, doctor: Doctor) -> None:
    """Saves ``rule`` if no rule of the doctor's meets it: the check reads the doctor's rules, and the save moves the
    doctor's ``rules_version`` on condition that it is still the one read before the check. A rule saved in between
    moved it, so the save fails and the check runs again with that rule in sight: of two overlapping rules sent at
    once exactly one stays (docs/architecture.md, "Availability")."""
    for _ in range(RULE_ATTEMPTS):
        version = int(doctor.rules_version or 0)
        existing = _overlapping(rule)
        if existing is not None:
            raise _overlap_refusal(existing)
        unchanged = Doctor.rules_version == version if version else Doctor.rules_version.does_not_exist()
        tx = transaction()
        try:
            with tx:
                tx.save(rule, condition=AvailabilityRule.rule_id.does_not_exist(), part="rule")
                tx.update(
                    doctor,
                    actions=[Doctor.rules_version.set(version + 1)],
                    condition=unchanged & approved_doctor(),
                    part="rules",
                )
            return
        except TransactWriteError as exc:
            if not tx.cancellation(exc).failed("rules"):
                raise unexplained(exc) from exc
        doctor = _approved_doctor(rule.doctor_id, consistent=True)
    raise TryAgain("your weekly rules are changing right now; please try again")


def _overlap_refusal(other: AvailabilityRule) -> Conflict:
    hours = f"{other.start_time}-{rule_out(other).model_dump()['end_time']}"
    return Conflict(
        f"these hours overlap your weekly rule {other.rule_id} ({hours}); change or end that rule instead",
        code="RULE_OVERLAPS",
    )


def create_rule(doctor_id: str, request: RuleCreate) -> RuleCreated:
    """Saves a weekly rule and generates its slots from today (in the doctor's zone) to the horizon."""
    doctor = _approved_doctor(doctor_id)
    entitlements.require_count(doctor_id, "max_weekly_rules", _rule_count(doctor_id) + 1)
    kind = _publishing_for(doctor_id, request.appointment_type_id)
    minutes = int(kind.duration_minutes) if kind else int(request.duration_minutes or 0)
    now = _now()
    today = now.astimezone(ZoneInfo(doctor.timezone)).date()
    first = max(request.valid_from, today)
    if request.valid_until is not None and request.valid_until < first:
        raise RuleViolation("this rule would end before today", code="RULE_IN_PAST")
    if not _fits(request.start_time, request.end_time, minutes):
        raise RuleViolation("no slot of that length fits between start_time and end_time", code="NO_SLOT_FITS")
    zone = ZoneInfo(doctor.timezone)
    checked_until = first + arithmetic.CHECKED_AHEAD
    if request.valid_until is not None:
        checked_until = min(checked_until, request.valid_until)
    days = arithmetic.dates_between(first, checked_until, request.weekdays)
    _refuse_missing(arithmetic.missing_times(days, request.start_time, request.end_time, zone))
    rule = AvailabilityRule(
        doctor_id=doctor_id,
        rule_id=uuid.uuid4().hex,
        weekdays=set(request.weekdays),
        start_time=request.start_time.strftime("%H:%M"),
        end_time=request.end_time.strftime("%H:%M"),
        duration_minutes=minutes,
        buffer_minutes=request.buffer_minutes,
        timezone=doctor.timezone,
        valid_from=request.valid_from.isoformat(),
        valid_until=request.valid_until.isoformat() if request.valid_until else None,
        generated_until=(first - ONE_DAY).isoformat(),
        extend_key=EXTENDING,
        created_at=now,
        appointment_type_id=kind.type_id if kind else None,
    )
    # Saved before its slots: if generating stops half-way, the daily schedule finishes the job.
    _save_rule(rule, doctor)
    written = _generate(rule, now)
    logger.info("availability rule created", extra={"doctor_id": doctor_id, "slots_created": len(written.created)})
    next_free.refresh(doctor_id, now, booking_window())
    return RuleCreated(rule=rule_out(rule), created_count=len(written.created), skipped_count=len(written.overlapping))


def _generate(rule: AvailabilityRule, now: datetime) -> writer.Written:
    """Writes the rule's slots from after ``generated_until`` to the horizon, then records how far it got.

    Idempotent: slots already written are refused by their guards, so re-running creates nothing twice.
    """
    zone = ZoneInfo(rule.timezone)
    today = now.astimezone(zone).date()
    done = date.fromisoformat(rule.generated_until)
    until = date.fromisoformat(rule.valid_until) if rule.valid_until else None
    first = max(done + ONE_DAY, date.fromisoformat(rule.valid_from), today)
    last = _horizon_last(today) if until is None else min(_horizon_last(today), until)
    start, end = time.fromisoformat(rule.start_time), time.fromisoformat(rule.end_time)
    spans: list[Span] = [
        span
        for day in arithmetic.dates_between(first, last, (int(d) for d in rule.weekdays))
        for span in arithmetic.run_of_slots(day, start, end, int(rule.duration_minutes), int(rule.buffer_minutes), zone)
        if span.start > now
    ]
    written = (
        writer.write_slots(rule.doctor_id, spans, rule_id=rule.rule_id, appointment_type_id=rule.appointment_type_id)
        if spans
        else writer.Written()
    )
    _announce_added(written.created, now)
    reached = max(done, last)
    finished = until is not None and reached >= until
    if reached == done and not finished:
        return written
    actions: list[Action] = [AvailabilityRule.generated_until.set(reached.isoformat())]
    if finished:
        actions.append(AvailabilityRule.extend_key.remove())
    try:
        rule.update(actions=actions, condition=AvailabilityRule.rule_id.exists())
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        # The rule was deleted while its slots were being written: take back what this run added.
        _remove_rule_slots(rule.doctor_id, rule.rule_id, now)
        return writer.Written()
    return written


def list_rules(doctor_id: str, *, limit: int | None, cursor: str | None) -> Page[RuleOut]:
    size = page_size(limit, default=MAX_RULES_PAGE, maximum=MAX_RULES_PAGE)
    rows = AvailabilityRule.query(doctor_id, limit=size, last_evaluated_key=decode_cursor(cursor, RULE_KEY))
    items = [rule_out(rule) for rule in read_page(rows, cursor=cursor)]
    return Page[RuleOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))


def delete_rule(doctor_id: str, rule_id: str) -> RuleRemoved:
    """Removes the rule, then its future slots that are neither booked nor held (those stay, and are counted)."""
    try:
        AvailabilityRule(doctor_id=doctor_id, rule_id=rule_id).delete(condition=AvailabilityRule.rule_id.exists())
    except DeleteError as exc:
        if not condition_failed(exc):
            raise
        raise NotFound("no such availability rule", code="RULE_NOT_FOUND") from exc
    removed, kept = _remove_rule_slots(doctor_id, rule_id, _now())
    logger.info(
        "availability rule deleted", extra={"doctor_id": doctor_id, "slots_removed": removed, "slots_kept": kept}
    )
    next_free.refresh(doctor_id, _now(), booking_window())
    return RuleRemoved(rule_id=rule_id, removed_count=removed, kept_count=kept)


def _remove_rule_slots(doctor_id: str, rule_id: str, now: datetime) -> tuple[int, int]:
    """One Query over the doctor's future slots (filtered to the rule's), then conditional removals."""
    future = Slot.query(doctor_id, Slot.start > iso(now), filter_condition=Slot.rule_id == rule_id)
    free: list[SlotRef] = []
    blocked: list[SlotRef] = []
    kept = 0
    for slot in future:
        if slot.booked_by is not None:
            kept += 1
        else:
            free.append(SlotRef(slot.doctor_id, slot.start, int(slot.duration_minutes)))
            if not slot.available:
                blocked.append(free[-1])
    outcome = writer.remove_slots(free, now=now, rule_id=rule_id, blocked=blocked)
    _announce_removed(outcome)
    removed = sum(1 for result in outcome.values() if result is Removal.REMOVED)
    return removed, kept + len(outcome) - removed


@dataclass(frozen=True)
class HorizonReport:
    rules: int
    created: int


def _horizon_bound(now: datetime) -> str:
    """Rules generated up to this date are done: the furthest horizon anywhere on Earth."""
    return _horizon_last((now + LATEST_OFFSET).date()).isoformat()


def doctors_to_extend(now: datetime) -> Iterator[str]:
    """Each doctor with a weekly rule short of the horizon, once, from a sparse index Query (never a Scan): only
    rules with dates left to generate are in it, and only those short of the furthest horizon are read."""
    seen: set[str] = set()
    rules = AvailabilityRule.to_extend.query(
        EXTENDING, AvailabilityRule.generated_until < _horizon_bound(now), attributes_to_get=["doctor_id"]
    )
    for rule in rules:
        if rule.doctor_id not in seen:
            seen.add(rule.doctor_id)
            yield rule.doctor_id


def extend_doctors(doctor_ids: Iterable[str]) -> HorizonReport:
    """One unit of the fan-out (docs/architecture.md, "Fan-out over SQS"): each doctor's rules that are short of the
    horizon generate up to it, then the doctor's next free time is refreshed.

    The rules are read from the table with a consistent Query, not from the index (which lags): a rule another
    delivery of the same unit already extended is seen as done. Delivered twice, even at once, a unit creates no slot
    twice: a slot's conditional Put and its guards refuse a second copy (``_generate``).
    """
    now = _now()
    bound = _horizon_bound(now)
    seen = created = 0
    for doctor_id in doctor_ids:
        touched = False
        for rule in AvailabilityRule.query(doctor_id, consistent_read=True):
            if rule.extend_key != EXTENDING or rule.generated_until >= bound:
                continue
            seen += 1
            created += len(_generate(rule, now).created)
            touched = True
        if touched:
            next_free.refresh(doctor_id, now, booking_window())
    logger.info("slot horizon extended", extra={"rules": seen, "slots_created": created})
    return HorizonReport(rules=seen, created=created)


def extend_horizon() -> HorizonReport:
    """Every doctor's rules to the horizon in this one process, the units one after another: what the daily
    schedule did before the fan-out (``horizon.enqueue``), kept for a manual catch-up, the tests and the bench."""
    return extend_doctors(doctors_to_extend(_now()))
