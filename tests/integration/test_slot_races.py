"""Real races over a doctor's calendar: threads call the availability services directly (never one Chalice app
object shared by threads, whose ``current_request`` is shared), each DynamoDB request atomic as in DynamoDB, the
interleaving between requests left to chance. Whatever it is, no two slots of a doctor may overlap.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib import caches
from chalicelib.config import get_settings
from chalicelib.contracts.availability import RuleCreate, SlotRunRequest
from chalicelib.errors import Conflict
from chalicelib.models.availability_rules import AvailabilityRule
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.availability import _writer as slot_writer
from chalicelib.services.availability import slots as availability
from chalicelib.services.availability._arithmetic import run_of_slots
from chalicelib.services.core.slot_ids import SlotRef, doctor_guard_keys
from chalicelib.services.core.times import Span, iso, parse_iso
from tests.support.fakes import FakeClock

T = TypeVar("T")
DOCTOR = "doctor-race"
ZONE = "Europe/Berlin"
LATENCY = 0.005  # seconds, at most, each way
pytestmark = pytest.mark.usefixtures("atomic_requests", "one_backup_per_transaction", "small_transactions")


@pytest.fixture
def atomic_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request to moto runs alone, as each DynamoDB request is atomic.

    moto's in-process DynamoDB is not safe under threads (``transact_write_items`` deep-copies whole tables and
    restores them on failure, losing whatever another thread wrote meanwhile), so without this the races would
    test moto. The lock is held around one request only: between requests the threads interleave freely, and a
    random pause on the way there and back (network latency, in effect) varies who goes first from step to step.
    """
    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def atomic(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        time.sleep(random.uniform(0, LATENCY))
        with lock:
            response = original(self, event_name, request, **kwargs)
        time.sleep(random.uniform(0, LATENCY))
        return response

    monkeypatch.setattr(BotocoreStubber, "__call__", atomic)


@pytest.fixture
def small_transactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """One 30-minute slot per transaction, so a run takes eight and two runs can interleave."""
    monkeypatch.setattr(slot_writer, "MAX_ITEMS", 7)


@pytest.fixture
def short_horizon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two weeks of horizon instead of eight: fewer slots, the same races."""
    settings = replace(get_settings(), horizon_weeks=2)
    monkeypatch.setattr(availability, "get_settings", lambda: settings)


@pytest.fixture
def doctor(aws: None, clock: FakeClock) -> str:
    Doctor(
        doctor_id=DOCTOR,
        name="Rita Race",
        name_sort=f"rita race#{DOCTOR}",
        specialty_id="cardiology",
        status="APPROVED",
        license_number="LIC-RACE",
        timezone=ZONE,
        created_at=clock.now(),
    ).save()
    caches.reset_all()
    return DOCTOR


def together(*calls: Callable[[], T]) -> list[T]:
    """Runs the calls in threads released at the same instant; returns their results in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def stored_spans(doctor_id: str) -> dict[str, Span]:
    """Every stored slot of the doctor by slot id."""
    return {
        SlotRef(slot.doctor_id, slot.start, int(slot.duration_minutes)).slot_id: Span(
            parse_iso(slot.start), parse_iso(slot.end)
        )
        for slot in Slot.query(doctor_id, consistent_read=True)
    }


def assert_one_consistent_calendar(doctor_id: str) -> dict[str, Span]:
    """No two stored slots overlap, and every quantum guard of the doctor is owned by exactly one stored slot,
    the one that covers it: no slot without its guards, no guard left behind by a losing transaction."""
    slots = stored_spans(doctor_id)
    ordered = sorted(slots.values())
    assert all(not a.overlaps(b) for a, b in pairwise(ordered))

    expected = {key: slot_id for slot_id, span in slots.items() for key in doctor_guard_keys(doctor_id, span)}
    assert sum(len(doctor_guard_keys(doctor_id, span)) for span in slots.values()) == len(expected)
    # A test may look at the whole table: the app never scans.
    guards = {g.key: g.owner_id for g in UniqueKey.scan(UniqueKey.key.startswith(f"slotq#{doctor_id}#"))}
    assert guards == expected
    return slots


def run(day: str, start: str, end: str) -> SlotRunRequest:
    return SlotRunRequest.model_validate(
        {"date": day, "start_time": start, "end_time": end, "duration_minutes": 30, "buffer_minutes": 0}
    )


def planned(request: SlotRunRequest) -> set[datetime]:
    spans = run_of_slots(
        request.date, request.start_time, request.end_time, request.duration_minutes, 0, ZoneInfo(ZONE)
    )
    return {span.start for span in spans}


@pytest.mark.parametrize("day", [f"2026-12-{d:02d}" for d in range(2, 14)])
def test_two_overlapping_runs_racing_give_one_calendar_without_overlaps(doctor: str, day: str) -> None:
    # Given two runs, each slot of the second overlapping two slots of the first
    first, second = run(day, "09:00", "13:00"), run(day, "09:15", "13:15")

    # When both are published at the same instant
    a, b = together(
        lambda: availability.publish_run(doctor, first),
        lambda: availability.publish_run(doctor, second),
    )

    # Then one calendar: what each created is stored, nothing else, and no two slots overlap
    slots = assert_one_consistent_calendar(doctor)
    created_a = {slot.slot_id for slot in a.created}
    created_b = {slot.slot_id for slot in b.created}
    assert not created_a & created_b
    assert created_a | created_b == set(slots)
    # and each run accounts for every slot it planned: created, or skipped because the other took the time
    for request, result in ((first, a), (second, b)):
        assert all(s.reason == "overlaps_existing_slot" for s in result.skipped)
        assert {s.start for s in result.created} | {s.start for s in result.skipped} == planned(request)
        # skipped only for a real reason: a slot that is stored overlaps it
        for skipped in result.skipped:
            assert any(Span(skipped.start, skipped.end).overlaps(span) for span in slots.values())


def test_the_same_run_published_four_times_at_once_creates_each_slot_once(doctor: str) -> None:
    request = run("2026-12-03", "08:00", "12:00")

    results = together(*[lambda: availability.publish_run(doctor, request)] * 4)

    created = [slot.start for result in results for slot in result.created]
    assert len(created) == len(set(created)) == 8
    assert set(created) == planned(request)
    assert len(assert_one_consistent_calendar(doctor)) == 8


def test_two_overlapping_weekly_rules_created_at_once_never_overlap(doctor: str) -> None:
    early = RuleCreate.model_validate(
        {
            "weekdays": [2, 4],
            "start_time": "09:00",
            "end_time": "12:00",
            "duration_minutes": 30,
            "valid_from": "2026-12-01",
            "valid_until": "2026-12-31",
        }
    )
    late = early.model_copy(update={"start_time": early.start_time.replace(minute=15)})

    def create(rule: RuleCreate) -> Any:
        try:
            return availability.create_rule(doctor, rule)
        except Conflict as exc:
            return exc

    outcomes = together(lambda: create(early), lambda: create(late))

    # Exactly one rule stays (the other is refused as overlapping it), and its slots are one consistent calendar
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    [kept] = [o for o in outcomes if not isinstance(o, Conflict)]
    assert [r.code for r in refused] == ["RULE_OVERLAPS"]
    assert [r.rule_id for r in AvailabilityRule.query(doctor, consistent_read=True)] == [kept.rule.rule_id]
    slots = assert_one_consistent_calendar(doctor)
    assert kept.created_count == len(slots)
    # ten Tuesdays and Thursdays in December, today's (1 Dec, 10:00 in Berlin) only from 10:30 on
    assert kept.created_count + kept.skipped_count in (9 * 6 + 3, 9 * 5 + 3)


@pytest.mark.usefixtures("short_horizon")
def test_two_schedulers_extending_at_once_create_each_slot_once(doctor: str, clock: FakeClock) -> None:
    rule = RuleCreate.model_validate(
        {"weekdays": [1, 2, 3, 4, 5], "start_time": "09:00", "end_time": "11:00", "duration_minutes": 30,
         "valid_from": "2026-12-01"}
    )  # fmt: skip
    availability.create_rule(doctor, rule)
    before = len(stored_spans(doctor))
    clock.advance(days=14)

    reports = together(availability.extend_horizon, availability.extend_horizon)

    # two more weeks of weekdays, 4 slots each, but today's (15 Dec, 10:00 in Berlin) only from 10:30 on
    assert sum(report.created for report in reports) == 9 * 4 + 1
    assert len(assert_one_consistent_calendar(doctor)) == before + 9 * 4 + 1


@pytest.mark.usefixtures("short_horizon")
def test_a_rule_deleted_while_the_schedule_extends_it_leaves_none_of_its_future_slots(
    doctor: str, clock: FakeClock
) -> None:
    rule = RuleCreate.model_validate(
        {"weekdays": [1, 2, 3, 4, 5], "start_time": "09:00", "end_time": "11:00", "duration_minutes": 30,
         "valid_from": "2026-12-01"}
    )  # fmt: skip
    rule_id = availability.create_rule(doctor, rule).rule.rule_id
    clock.advance(days=14)

    together(availability.extend_horizon, lambda: availability.delete_rule(doctor, rule_id))

    assert list(Slot.query(doctor, Slot.start > iso(clock.now()))) == []
    assert_one_consistent_calendar(doctor)
