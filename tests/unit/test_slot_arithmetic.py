"""Slot arithmetic across time zones (services/rules.py, services/slot_keys.py), property-based.

A run of slots is laid out in real (UTC) time between the instants its two wall-clock times mean that day, so on
a day when clocks change the run has the real length of that day's hours: nothing skipped, nothing doubled.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.services.availability._arithmetic import (
    MissingTime,
    WeeklyHours,
    dates_between,
    end_day,
    missing_times,
    run_of_slots,
    skipped,
)
from chalicelib.services.core.slot_ids import decode_slot_id, doctor_guard_keys, slot_ref
from chalicelib.services.core.times import Span, quanta, to_utc

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
ZONES = [BERLIN, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Asia/Kathmandu"), ZoneInfo("Australia/Lord_Howe")]
# The days clocks change: spring forward and fall back, in both zones the issue names.
DST_DAYS = {
    BERLIN: [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)],
    NEW_YORK: [date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7)],
}

grid_times = st.builds(time, st.integers(0, 23), st.sampled_from(range(0, 60, 5)))
durations = st.sampled_from(range(5, 241, 5))
buffers = st.sampled_from(range(0, 121, 5))
days = st.one_of(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    st.sampled_from([d for ds in DST_DAYS.values() for d in ds]),
)
dst_cases = st.sampled_from([(zone, day) for zone, ds in DST_DAYS.items() for day in ds])


def expected_count(first: datetime, last: datetime, duration: int, buffer: int) -> int:
    """How many slots of ``duration`` separated by ``buffer`` fit in the real time between two instants."""
    real = (last - first).total_seconds() / 60
    return 0 if real < duration else int((real - duration) // (duration + buffer)) + 1


def check_run(day: date, start: time, end: time, duration: int, buffer: int, zone: ZoneInfo) -> list[Span]:
    spans = run_of_slots(day, start, end, duration, buffer, zone)
    first, last = to_utc(day, start, zone), to_utc(end_day(day, end), end, zone)
    assert len(spans) == expected_count(first, last, duration, buffer)
    for span in spans:
        assert span.end - span.start == timedelta(minutes=duration)
        assert first <= span.start and span.end <= last
    for earlier, later in pairwise(spans):
        assert later.start - earlier.start == timedelta(minutes=duration + buffer)
        assert not earlier.overlaps(later)
    assert len({span.start for span in spans}) == len(spans)
    return spans


@given(day=days, start=grid_times, end=grid_times, duration=durations, buffer=buffers, zone=st.sampled_from(ZONES))
@settings(max_examples=400, deadline=None)
def test_a_run_never_overlaps_and_fills_the_real_length_of_the_hours(
    day: date, start: time, end: time, duration: int, buffer: int, zone: ZoneInfo
) -> None:
    spans = check_run(day, start, end, duration, buffer, zone)

    # every slot starts on the 5-minute grid, so its guard quanta are exactly the time it covers
    for span in spans:
        assert span.start.minute % 5 == 0 and span.start.second == 0
        assert len(quanta(span)) == duration // 5


@given(case=dst_cases, start=grid_times, end=grid_times, duration=durations, buffer=buffers)
@settings(max_examples=400, deadline=None)
def test_on_a_clock_change_day_no_slot_is_skipped_or_doubled(
    case: tuple[ZoneInfo, date], start: time, end: time, duration: int, buffer: int
) -> None:
    zone, day = case
    check_run(day, start, end, duration, buffer, zone)


def test_spring_forward_in_berlin_gives_the_five_real_hours_between_midnight_and_six() -> None:
    spans = run_of_slots(date(2026, 3, 29), time(0), time(6), 60, 0, BERLIN)

    walls = [span.start.astimezone(BERLIN).strftime("%H:%M") for span in spans]
    assert walls == ["00:00", "01:00", "03:00", "04:00", "05:00"]


def test_fall_back_in_berlin_gives_the_seven_real_hours_and_the_repeated_hour_twice() -> None:
    spans = run_of_slots(date(2026, 10, 25), time(0), time(6), 60, 0, BERLIN)

    walls = [span.start.astimezone(BERLIN).strftime("%H:%M%z") for span in spans]
    assert walls == ["00:00+0200", "01:00+0200", "02:00+0200", "02:00+0100", "03:00+0100", "04:00+0100", "05:00+0100"]
    assert len({span.start for span in spans}) == 7


def test_new_york_clock_changes_keep_real_hours() -> None:
    spring = run_of_slots(date(2026, 3, 8), time(0), time(6), 30, 0, NEW_YORK)
    autumn = run_of_slots(date(2026, 11, 1), time(0), time(6), 30, 0, NEW_YORK)

    assert len(spring) == 10  # 5 real hours
    assert len(autumn) == 14  # 7 real hours
    assert spring[-1].end == datetime(2026, 3, 8, 10, 0, tzinfo=UTC)  # 06:00 EDT
    assert autumn[-1].end == datetime(2026, 11, 1, 11, 0, tzinfo=UTC)  # 06:00 EST


def test_a_wall_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    assert to_utc(date(2026, 3, 29), time(2, 30), BERLIN).astimezone(BERLIN).strftime("%H:%M") == "03:30"
    assert to_utc(date(2026, 3, 8), time(2, 30), NEW_YORK).astimezone(NEW_YORK).strftime("%H:%M") == "03:30"


def test_a_repeated_wall_time_means_its_first_occurrence() -> None:
    assert to_utc(date(2026, 10, 25), time(2, 30), BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert to_utc(date(2026, 11, 1), time(1, 30), NEW_YORK) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


aligned_spans = st.builds(
    lambda minutes, length: Span(
        datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=5 * minutes),
        datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=5 * (minutes + length)),
    ),
    st.integers(0, 2 * 24 * 12),
    st.integers(1, 48),
)


@given(a=aligned_spans, b=aligned_spans)
@settings(max_examples=500, deadline=None)
def test_two_slots_overlap_exactly_when_they_share_a_guard_key(a: Span, b: Span) -> None:
    shared = set(doctor_guard_keys("doc", a)) & set(doctor_guard_keys("doc", b))

    assert bool(shared) == a.overlaps(b)
    assert not set(doctor_guard_keys("doc", a)) & set(doctor_guard_keys("other", b))


@given(span=aligned_spans)
def test_a_slot_id_decodes_to_its_key_and_length(span: Span) -> None:
    ref = slot_ref("doctor-1", span.start, span.minutes)

    assert decode_slot_id(ref.slot_id) == ref
    assert ref.span == span


@given(
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    length=st.integers(0, 120),
    weekdays=st.sets(st.integers(1, 7), min_size=1),
)
def test_weekly_dates_are_exactly_the_chosen_weekdays(first: date, length: int, weekdays: set[int]) -> None:
    last = first + timedelta(days=length)

    chosen = list(dates_between(first, last, weekdays))

    every_day = [first + timedelta(days=n) for n in range(length + 1)]
    assert chosen == [day for day in every_day if day.isoweekday() in weekdays]


@given(
    case=st.sampled_from(list(DST_DAYS.items())),
    start=grid_times,
    end=grid_times,
    duration=durations,
    buffer=buffers,
)
@settings(max_examples=100, deadline=None)
def test_a_weekly_rule_across_clock_changes_never_overlaps_itself(
    case: tuple[ZoneInfo, list[date]], start: time, end: time, duration: int, buffer: int
) -> None:
    zone, changes = case
    spans = [
        span
        for change in changes
        for day in dates_between(change - timedelta(days=3), change + timedelta(days=3), range(1, 8))
        for span in run_of_slots(day, start, end, duration, buffer, zone)
    ]

    keys = [key for span in spans for key in doctor_guard_keys("doc", span)]
    assert len(keys) == len(set(keys))  # one transaction may carry them all: no item twice


def test_the_skipped_hour_is_named_and_its_edges_are_not():
    sunday = date(2027, 3, 14)
    assert skipped(sunday, time(2, 0), NEW_YORK) and skipped(sunday, time(2, 55), NEW_YORK)
    assert not skipped(sunday, time(1, 55), NEW_YORK) and not skipped(sunday, time(3, 0), NEW_YORK)
    assert not skipped(date(2027, 11, 7), time(1, 30), NEW_YORK)  # happens twice, but happens
    assert list(missing_times([sunday], time(1, 0), time(2, 30), NEW_YORK)) == [
        MissingTime(sunday, time(2, 30), "America/New_York")
    ]
    assert (
        "02:30 does not exist in America/New_York on 2027-03-14"
        in MissingTime(sunday, time(2, 30), "America/New_York").sentence()
    )


def test_an_end_at_midnight_is_the_end_of_the_day():
    spans = run_of_slots(date(2026, 12, 2), time(22, 0), time(0), 60, 0, BERLIN)
    assert [s.start.hour for s in spans] == [21, 22]
    assert spans[-1].end == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)


def hours(weekdays: set[int], start: str, end: str, since: date, until: date | None = None) -> WeeklyHours:
    return WeeklyHours(frozenset(weekdays), time.fromisoformat(start), time.fromisoformat(end), since, until)


DEC = date(2026, 12, 1)


def test_weekly_rules_overlap_when_weekday_dates_and_hours_all_meet():
    base = hours({1, 3}, "09:00", "11:00", DEC)
    assert base.overlaps(hours({1, 3}, "09:00", "11:00", DEC))
    assert base.overlaps(hours({3}, "10:55", "12:00", DEC))
    assert base.overlaps(hours({1}, "08:00", "00:00", date(2027, 1, 1)))
    assert not base.overlaps(hours({1}, "11:00", "12:00", DEC))  # touching
    assert not base.overlaps(hours({2, 4}, "09:00", "11:00", DEC))
    assert not hours({1}, "09:00", "11:00", DEC, date(2026, 12, 9)).overlaps(
        hours({1}, "09:00", "11:00", date(2026, 12, 10))
    )
    assert hours({1}, "22:00", "00:00", DEC).overlaps(hours({1}, "23:00", "23:30", DEC))
