"""Who has a free slot on a date, from the per-day summary (core/day_summary): ``GET /doctors?date=``.

Without a name query or a narrowing, a page is read from a sparse index of the summary (``day-index``, or
``specialty-day-index`` with a specialty), in name order, a few Queries at most whatever the number of doctors.
With a name query or a narrowing the directory decides who and in which order, and the summaries of the next
candidates are fetched with BatchGetItem, 100 a request. Each item found is checked against the cached directory
(still approved, the same specialty and zone) and its slots against the clock (unheld, inside the booking window),
so a page may come out short; its cursor goes on from where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.models.day_summaries import DaySummary
from chalicelib.models.doctors import Doctor
from chalicelib.services.core.booking_window import BookingWindow, booking_problem
from chalicelib.services.core.day_summary import DayView, view
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor
from chalicelib.services.core.times import parse_iso

MAX_QUERIES = 3  # index Queries one page may make
MAX_BATCHES = 3  # BatchGetItem requests one page may make (100 keys each)
BATCH_KEYS = 100
DAY_INDEX_KEY = {"doctor_id": "S", "day": "S", "free_day": "S", "name_sort": "S"}
SPECIALTY_INDEX_KEY = {"doctor_id": "S", "day": "S", "free_specialty_day": "S", "name_sort": "S"}


@dataclass(frozen=True)
class Found:
    doctor: Doctor
    slots: list[tuple[datetime, int]]  # start, minutes


def _open(summary: DayView, doctor: Doctor | None, now: datetime, window: BookingWindow) -> Found | None:
    """The doctor's bookable slots of the summary's date, or None when the doctor is not listed any more, is in
    another zone now (the summary's date is then another one: a rebuild puts it right), or has none."""
    if doctor is None or (summary.timezone or "UTC") != (doctor.timezone or "UTC"):
        return None
    slots = [
        (moment, minutes)
        for start, minutes in summary.open_slots(now)
        if booking_problem(moment := parse_iso(start), now, window) is None
    ]
    return Found(doctor, slots) if slots else None


def by_index(
    day: str,
    specialty_id: str | None,
    *,
    size: int,
    cursor: str | None,
    listed: dict[str, Doctor],
    now: datetime,
    window: BookingWindow,
) -> tuple[list[Found], str | None]:
    """A page of doctors with a bookable slot on ``day``, by name, from the sparse index."""
    if specialty_id:
        index, hash_key, schema = "specialty-day-index", f"{specialty_id}#{day}", SPECIALTY_INDEX_KEY
    else:
        index, hash_key, schema = "day-index", day, DAY_INDEX_KEY
    start_key = decode_cursor(cursor, schema)
    connection = DaySummary._get_connection()
    found: list[Found] = []
    for _ in range(MAX_QUERIES):
        answer = connection.query(
            hash_key, index_name=index, exclusive_start_key=start_key, limit=max(2 * (size - len(found)), 10)
        )
        for raw in answer.get("Items", []):
            summary = view(raw)
            doctor = listed.get(summary.doctor_id)
            if doctor is not None and specialty_id and doctor.specialty_id != specialty_id:
                continue
            hit = _open(summary, doctor, now, window)
            if hit is not None:
                found.append(hit)
                if len(found) == size:
                    return found, encode_cursor({name: raw[name] for name in schema})
        start_key = answer.get("LastEvaluatedKey")
        if not start_key:
            return found, None
    return found, encode_cursor(start_key)


def by_candidates(
    day: str, doctors: Sequence[Doctor], *, size: int, now: datetime, window: BookingWindow
) -> tuple[list[Found], int]:
    """The first ``size`` of ``doctors`` (in their order) with a bookable slot on ``day``, and how many of them
    were looked at: at most ``MAX_BATCHES`` BatchGetItem requests of ``BATCH_KEYS`` summaries each."""
    found: list[Found] = []
    looked = 0
    for batch, summaries in _batches(day, doctors):
        for doctor in batch:
            looked += 1
            summary = summaries.get(doctor.doctor_id)
            hit = _open(summary, doctor, now, window) if summary is not None else None
            if hit is not None:
                found.append(hit)
                if len(found) == size:
                    return found, looked
    return found, looked


def _batches(day: str, doctors: Sequence[Doctor]) -> Iterator[tuple[Sequence[Doctor], dict[str, DayView]]]:
    connection = DaySummary._get_connection()
    table = DaySummary.Meta.table_name
    for first in range(0, min(len(doctors), MAX_BATCHES * BATCH_KEYS), BATCH_KEYS):
        batch = doctors[first : first + BATCH_KEYS]
        keys: list[Any] = [{"doctor_id": {"S": d.doctor_id}, "day": {"S": day}} for d in batch]
        summaries: dict[str, DayView] = {}
        while keys:
            answer = connection.batch_get_item(keys)
            for raw in answer.get("Responses", {}).get(table, []):
                summary = view(raw)
                summaries[summary.doctor_id] = summary
            keys = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        yield batch, summaries
