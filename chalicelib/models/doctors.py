from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class DoctorsBySpecialty(GlobalSecondaryIndex["Doctor"]):
    Meta = table_meta("doctors", index_name="specialty-index", projection=AllProjection())
    specialty_id = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class DoctorsByStatus(GlobalSecondaryIndex["Doctor"]):
    """The onboarding queue (PENDING) and the directory of every APPROVED doctor, sorted by name."""

    Meta = table_meta("doctors", index_name="status-index", projection=AllProjection())
    status = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class Doctor(Model):
    """A doctor's professional profile; ``doctor_id`` is the doctor's ``user_id``."""

    Meta = table_meta("doctors")
    doctor_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    name_sort = UnicodeAttribute()
    specialty_id = UnicodeAttribute()
    status = UnicodeAttribute()
    license_number = UnicodeAttribute()
    experience_years = NumberAttribute(default=0)
    consultation_fee = NumberAttribute(default=0)
    # The sum and the number of the doctor's visible review ratings, moved in the transaction of each review, hide
    # and unhide (services/reviews): the average is sum / count, never recomputed by reading the reviews.
    rating_sum = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    # ISO 639-1 codes of the languages the doctor consults in (their own edit).
    languages = ListAttribute[str](null=True)
    # The modes of the doctor's active appointment types (in_person, video), kept by availability/appointment_types
    # whenever a type is created or changed: what ``GET /doctors?mode=`` filters on.
    modes = ListAttribute[str](null=True)
    # The start of the doctor's earliest free slot (UTC ISO), recomputed where slots are written, booked and freed
    # (services/core/next_free.py); the same value is copied onto each of the doctor's ``doctor_places`` items.
    next_available_at = UnicodeAttribute(null=True)
    bio = UnicodeAttribute(default="")
    photo_url = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(default="UTC")
    created_at = UTCDateTimeAttribute()
    decided_at = UTCDateTimeAttribute(null=True)
    decision_reason = UnicodeAttribute(null=True)
    # When a rejected doctor last sent the application back for review (the decision above stays, for the admin).
    resubmitted_at = UTCDateTimeAttribute(null=True)
    # Set while the doctor is SUSPENDED because their account was disabled: enabling it approves them again.
    suspended_with_account = BooleanAttribute(null=True)
    # Moved by every new weekly rule in the rule's own transaction: two rules saved at once cannot both have read
    # the version they move, so two overlapping rules never both stay (availability/slots.py, create_rule).
    rules_version = NumberAttribute(null=True)
    # The doctor's booking page (``/d/{slug}``) and when it last changed (at most once in 30 days; old slugs stay
    # claimed by the doctor in ``unique_keys`` and redirect).
    slug = UnicodeAttribute(null=True)
    slug_changed_at = UTCDateTimeAttribute(null=True)
    by_specialty = DoctorsBySpecialty()
    by_status = DoctorsByStatus()


def name_sort_key(name: str, doctor_id: str) -> str:
    """Sort key that orders by name and stays unique for namesakes."""
    return " ".join(name.lower().split()) + "#" + doctor_id
