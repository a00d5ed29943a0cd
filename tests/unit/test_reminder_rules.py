"""Which reminder is due when: a pure function of the start, when it was booked, now, and what went already."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.mail._templates import environment
from chalicelib.services.mail.reminders import DAY_BEFORE, HOUR_BEFORE, distance, due_reminder

START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
LONG_AGO = START - timedelta(days=7)
NOTHING: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("before", "sent", "expected"),
    [
        (timedelta(hours=30), NOTHING, None),
        (timedelta(hours=24, seconds=1), NOTHING, None),
        (timedelta(hours=24), NOTHING, DAY_BEFORE),
        (timedelta(hours=5), NOTHING, DAY_BEFORE),
        (timedelta(hours=1, seconds=1), NOTHING, DAY_BEFORE),
        (timedelta(hours=5), frozenset({DAY_BEFORE}), None),
        (timedelta(hours=1), frozenset({DAY_BEFORE}), HOUR_BEFORE),
        (timedelta(hours=1), NOTHING, HOUR_BEFORE),  # a late run: the day-before one is not sent any more
        (timedelta(minutes=1), NOTHING, HOUR_BEFORE),
        (timedelta(minutes=1), frozenset({DAY_BEFORE, HOUR_BEFORE}), None),
        (timedelta(0), NOTHING, None),
        (-timedelta(minutes=5), NOTHING, None),
    ],
)
def test_the_due_reminder_depends_on_the_time_left_and_what_went(
    before: timedelta, sent: frozenset[str], expected: str | None
) -> None:
    assert due_reminder(START, LONG_AGO, START - before, sent) == expected


def test_a_time_booked_inside_a_window_gets_no_reminder_for_that_window() -> None:
    booked = START - timedelta(hours=10)

    assert due_reminder(START, booked, START - timedelta(hours=9), NOTHING) is None
    assert due_reminder(START, booked, START - timedelta(hours=1), NOTHING) == HOUR_BEFORE


def test_a_time_booked_exactly_at_the_windows_opening_is_reminded() -> None:
    booked = START - timedelta(hours=24)

    assert due_reminder(START, booked, booked, NOTHING) == DAY_BEFORE


@pytest.mark.parametrize(
    ("kind", "before", "zone", "expected"),
    [
        (DAY_BEFORE, timedelta(hours=24), "UTC", "Tomorrow"),
        (DAY_BEFORE, timedelta(hours=5), "UTC", "Today"),
        (DAY_BEFORE, timedelta(hours=5), "America/Los_Angeles", "Tomorrow"),
        (HOUR_BEFORE, timedelta(hours=1), "UTC", "In one hour"),
        (HOUR_BEFORE, timedelta(minutes=40), "UTC", "In 40 minutes"),
    ],
)
def test_the_heading_says_when_on_the_patients_clock(kind: str, before: timedelta, zone: str, expected: str) -> None:
    assert heading_in("en", kind, before, zone) == expected


@pytest.mark.parametrize(
    ("kind", "before", "expected"),
    [
        (DAY_BEFORE, timedelta(hours=24), "Morgen"),
        (DAY_BEFORE, timedelta(hours=5), "Heute"),
        (HOUR_BEFORE, timedelta(hours=1), "In einer Stunde"),
        (HOUR_BEFORE, timedelta(minutes=40), "In 40 Minuten"),
    ],
)
def test_the_heading_speaks_german_to_a_german_reader(kind: str, before: timedelta, expected: str) -> None:
    assert heading_in("de", kind, before, "Europe/Berlin") == expected


def heading_in(locale: str, kind: str, before: timedelta, zone: str) -> str:
    minutes, days = distance(kind, START, START - before, zone)
    macro = environment(locale).get_template("_sentences.txt").module.heading  # type: ignore[attr-defined]
    return str(macro(kind, minutes, days, START, zone))
