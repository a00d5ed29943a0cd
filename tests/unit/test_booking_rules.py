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
