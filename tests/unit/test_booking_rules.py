"""The pure booking rules: the state machine exhaustively, booking windows, quanta and slot ids."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import NotFound
from chalicelib.services.booking import _policy as policy
from chalicelib.services.core import times
from chalicelib.services.core.booking_window import BookingWindow, booking_problem
from chalicelib.services.core.slot_ids import decode_slot_id, doctor_guard_keys, slot_ref
from chalicelib.vocabulary import AppointmentStatus

ALLOWED = {
    ("SCHEDULED", "CONFIRMED"): {"doctor", "admin"},
    ("CONFIRMED", "IN_PROGRESS"): {"doctor", "admin"},
    ("IN_PROGRESS", "COMPLETED"): {"doctor", "admin"},
    ("SCHEDULED", "NO_SHOW"): {"doctor", "admin"},
    ("CONFIRMED", "NO_SHOW"): {"doctor", "admin"},
    ("SCHEDULED", "CANCELLED"): {"patient", "doctor", "admin"},
    ("CONFIRMED", "CANCELLED"): {"patient", "doctor", "admin"},
}


@pytest.mark.parametrize(
    ("current", "target", "role"),
    list(itertools.product(tuple(AppointmentStatus), tuple(AppointmentStatus), ("patient", "doctor", "admin"))),
)
def test_every_move_is_allowed_exactly_as_specified(current: str, target: str, role: str):
    expected = role in ALLOWED.get((current, target), set())
    assert policy.may_move(current, target, role) is expected
    assert (current in policy.sources_of(target, role)) is expected


def test_finished_appointments_never_move_again():
    for current in (AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW):
        for target in tuple(AppointmentStatus):
            assert not any(policy.may_move(current, target, role) for role in ("patient", "doctor", "admin"))


NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WINDOW = BookingWindow(min_notice=timedelta(hours=1), max_advance=timedelta(days=90))


@pytest.mark.parametrize(
    ("start", "bookable"),
    [
        (NOW + timedelta(minutes=59), False),
        (NOW + timedelta(hours=1), True),
        (NOW + timedelta(days=90), True),
        (NOW + timedelta(days=90, minutes=1), False),
        (NOW - timedelta(hours=1), False),
    ],
)
def test_booking_window(start: datetime, bookable: bool):
    assert (booking_problem(start, NOW, WINDOW) is None) is bookable


def test_patients_cancel_up_to_the_notice():
    start = NOW + timedelta(hours=2)
    assert policy.patient_may_cancel(start, NOW, timedelta(hours=2))
    assert not policy.patient_may_cancel(start, NOW + timedelta(seconds=1), timedelta(hours=2))


def test_spans_overlap_exactly_when_they_share_a_quantum():
    base = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    for offset in range(-60, 65, 5):
        for minutes in (5, 15, 30, 45):
            a = times.Span(base, base + timedelta(minutes=30))
            b = times.Span(base + timedelta(minutes=offset), base + timedelta(minutes=offset + minutes))
            shared = set(times.quanta(a)) & set(times.quanta(b))
            assert bool(shared) is a.overlaps(b)


def test_a_slot_id_round_trips_and_guards_cover_the_slot():
    start = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    ref = slot_ref("doc-1", start, 30)
    assert decode_slot_id(ref.slot_id) == ref
    assert doctor_guard_keys("doc-1", ref.span) == [f"slotq#doc-1#2026-12-02T10:{m:02d}:00Z" for m in range(0, 30, 5)]


@pytest.mark.parametrize("bad", ["", "x", "bm90LWEtc2xvdA", slot_ref("d", NOW, 30).slot_id + "A"])
def test_garbage_slot_ids_are_not_found(bad: str):
    with pytest.raises(NotFound):
        decode_slot_id(bad)


START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
END = START + timedelta(minutes=30)
EARLY, NOTICE = timedelta(minutes=15), timedelta(hours=2)


@pytest.mark.parametrize(
    ("now", "code"),
    [
        (START - timedelta(days=1), "TOO_EARLY"),
        (START - timedelta(minutes=16), "TOO_EARLY"),
        (START - timedelta(minutes=15), None),
        (END + timedelta(hours=2), None),  # a visit recorded after the fact
    ],
)
def test_a_visit_starts_from_fifteen_minutes_before(now: datetime, code: str | None):
    refusal = policy.status_change_refusal(AppointmentStatus.IN_PROGRESS, START, now, early=EARLY)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    ("part", "now", "code"),
    [
        ("patient", START - NOTICE, None),
        ("patient", START - NOTICE + timedelta(minutes=1), "TOO_LATE"),
        ("patient", END, "APPOINTMENT_OVER"),
        ("doctor", END - timedelta(minutes=1), None),
        ("doctor", END, "APPOINTMENT_OVER"),
        ("admin", END + timedelta(days=3), "APPOINTMENT_OVER"),
    ],
)
def test_cancelling_and_moving_end_with_the_appointment(part: str, now: datetime, code: str | None):
    for rule in (policy.cancel_refusal, policy.move_refusal):
        refusal = rule(part, START, END, now, notice=NOTICE)
        assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    ("status", "end", "upcoming"),
    [
        ("SCHEDULED", END, True),
        ("IN_PROGRESS", END, True),
        ("CONFIRMED", START, False),  # ended
        ("CANCELLED", END, False),
        ("COMPLETED", END, False),
    ],
)
def test_upcoming_means_active_and_not_ended(status: str, end: datetime, upcoming: bool):
    assert policy.is_upcoming(status, end, START + timedelta(minutes=1)) is upcoming


def test_an_appointment_that_is_over_says_so_instead_of_changed_meanwhile():
    assert policy.status_refusal("SCHEDULED", "moved") is None
    assert "cancelled" in (policy.status_refusal("CANCELLED", "moved") or "")
    assert "completed" in (policy.status_refusal("COMPLETED", "moved") or "")
    assert policy.status_refusal("IN_PROGRESS", "cancelled") is not None
