"""What one appointment or one published slot contributes to the daily counters: pure functions over plain
values, so that a change's effect is the difference of two contributions and a recount is their sum."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SHARDS = 8  # platform, specialty and clinic items of one day are spread over this many keys (hot keys)
COUNTS = (
    "published_minutes",
    "booked_minutes",
    "appointments",
    "completed",
    "no_shows",
    "cancelled_patient",
    "cancelled_doctor",
    "cancelled_admin",
    "cancelled_late",
)
CANCELLED, COMPLETED, NO_SHOW = "CANCELLED", "COMPLETED", "NO_SHOW"
BY_WHOM = {"patient": "cancelled_patient", "doctor": "cancelled_doctor", "admin": "cancelled_admin"}


@dataclass(frozen=True)
class Visit:
    """The facts of an appointment the counters read."""

    doctor_id: str
    day: str
    minutes: int
    status: str
    specialty_id: str | None = None
    clinic_id: str | None = None
    cancelled_by: str | None = None
    late: bool = False
    price_amount: str | None = None
    price_currency: str | None = None


@dataclass(frozen=True)
class Published:
    doctor_id: str
    day: str
    minutes: int
    specialty_id: str | None = None
    clinic_id: str | None = None


Key = tuple[str, str]  # (scope, day or day#currency)
Deltas = dict[Key, dict[str, int | Decimal]]


def shard(doctor_id: str) -> int:
    """A doctor's shard: stable, so one doctor's changes never meet another doctor's on a shared item more often
    than ``1/SHARDS`` of the time; the doctor's own item already orders that doctor's changes."""
    return zlib.crc32(doctor_id.encode()) % SHARDS


def scopes(doctor_id: str, specialty_id: str | None, clinic_id: str | None) -> list[str]:
    part = shard(doctor_id)
    found = [f"doctor#{doctor_id}", f"platform#{part}"]
    if specialty_id:
        found.append(f"specialty#{specialty_id}#{part}")
    if clinic_id:
        found.append(f"clinic#{clinic_id}#{part}")
    return found


def doctor_scopes(doctor_id: str) -> list[str]:
    return [f"doctor#{doctor_id}"]


def platform_scopes() -> list[str]:
    return [f"platform#{part}" for part in range(SHARDS)]


def group_scopes(kind: str, group_id: str) -> list[str]:
    return [f"{kind}#{group_id}#{part}" for part in range(SHARDS)]


def _visit_counts(visit: Visit) -> tuple[dict[str, int], tuple[str, Decimal] | None]:
    if visit.status == CANCELLED:
        counts = {BY_WHOM.get(visit.cancelled_by or "", "cancelled_admin"): 1}
        if visit.late:
            counts["cancelled_late"] = 1
        return counts, None
    counts = {"appointments": 1, "booked_minutes": visit.minutes}
    revenue = None
    if visit.status == COMPLETED:
        counts["completed"] = 1
        if visit.price_amount and visit.price_currency:
            revenue = (visit.price_currency, Decimal(visit.price_amount))
    elif visit.status == NO_SHOW:
        counts["no_shows"] = 1
    return counts, revenue


def _add(deltas: Deltas, visit_scopes: list[str], day: str, counts: dict[str, int], sign: int) -> None:
    for scope in visit_scopes:
        row = deltas[(scope, day)]
        for name, value in counts.items():
            row[name] = row.get(name, 0) + sign * value


def contribute(deltas: Deltas, visit: Visit, sign: int = 1) -> None:
    """Adds (``sign`` 1) or takes away (-1) what ``visit`` counts."""
    counts, revenue = _visit_counts(visit)
    visit_scopes = scopes(visit.doctor_id, visit.specialty_id, visit.clinic_id)
    _add(deltas, visit_scopes, visit.day, counts, sign)
    if revenue is not None:
        currency, amount = revenue
        for scope in visit_scopes:
            row = deltas[(scope, f"{visit.day}#{currency}")]
            row["revenue"] = row.get("revenue", Decimal(0)) + sign * amount


def contribute_published(deltas: Deltas, published: Published, sign: int = 1) -> None:
    visit_scopes = scopes(published.doctor_id, published.specialty_id, published.clinic_id)
    _add(deltas, visit_scopes, published.day, {"published_minutes": published.minutes}, sign)


def change(before: Visit | None, after: Visit | None) -> Deltas:
    """The counters' moves from ``before`` to ``after`` (zero moves left out; an unchanged key disappears)."""
    deltas: Deltas = defaultdict(dict)
    if before is not None:
        contribute(deltas, before, -1)
    if after is not None:
        contribute(deltas, after, 1)
    return prune(deltas)


def prune(deltas: Deltas) -> Deltas:
    kept: Deltas = {}
    for key, row in deltas.items():
        moves = {name: value for name, value in row.items() if value != 0}
        if moves:
            kept[key] = moves
    return kept


def recount(visits: Iterable[Visit], published: Iterable[Published]) -> Deltas:
    """Every counter from scratch: what the maintained items must add up to."""
    deltas: Deltas = defaultdict(dict)
    for visit in visits:
        contribute(deltas, visit)
    for slot in published:
        contribute_published(deltas, slot)
    return prune(deltas)
