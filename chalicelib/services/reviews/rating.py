"""The doctor's rating as a running sum and count of the ratings of their visible reviews.

Each review adds its rating and 1 in its own transaction; hiding one takes them off, unhiding puts them back, each
on condition of the review's visibility in the same transaction, so a hide counts once however often it is sent.
The average is read off the two numbers, never recomputed from the reviews."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from chalicelib.contracts.reviews import RatingOut
from chalicelib.models.doctors import Doctor


def average(rating_sum: int, rating_count: int) -> float | None:
    """The mean to one decimal, half up (4.25 -> 4.3); ``None`` without a rating."""
    if rating_count <= 0:
        return None
    mean = Decimal(rating_sum) / Decimal(rating_count)
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def rating_of(doctor: Doctor) -> RatingOut:
    count = int(doctor.rating_count or 0)
    return RatingOut(average=average(int(doctor.rating_sum or 0), count), count=max(count, 0))


def author_name(full_name: str) -> str:
    """First name and the initial of the last: ``Paula Patient`` -> ``Paula P.``; a single name stays as it is."""
    parts = full_name.split()
    if not parts:
        return "A patient"
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0].upper()}."
