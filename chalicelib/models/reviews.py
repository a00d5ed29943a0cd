from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

# ``moderation`` values: what the admin's queue lists.
REPORTED = "reported"
HIDDEN = "hidden"


class ReviewsOfDoctor(GlobalSecondaryIndex["Review"]):
    """A doctor's visible reviews, newest first. Sparse: ``listed_doctor_id`` is set only while the review is
    visible, so a hidden review leaves the index and the public listing never filters."""

    Meta = table_meta("reviews", index_name="doctor-index", projection=AllProjection())
    listed_doctor_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ReviewsByModeration(GlobalSecondaryIndex["Review"]):
    """The admin's queues: ``reported`` (visible, with an open report) and ``hidden``. Sparse: a review nobody
    reported has no ``moderation``."""

    Meta = table_meta("reviews", index_name="moderation-index", projection=AllProjection())
    moderation = UnicodeAttribute(hash_key=True)
    moderated_at = UnicodeAttribute(range_key=True)


class ReviewReport(MapAttribute[str, str]):
    reporter_id = UnicodeAttribute()
    reason = UnicodeAttribute()
    at = UnicodeAttribute()


class Review(Model):
    """A patient's rating (1-5) and comment on one COMPLETED visit; one per appointment (the appointment's
    ``reviewed_at`` decides). ``author`` is the public name, first name and initial, fixed when written."""

    Meta = table_meta("reviews")
    review_id = UnicodeAttribute(hash_key=True)
    appointment_id = UnicodeAttribute()
    doctor_id = UnicodeAttribute()
    patient_id = UnicodeAttribute()
    author = UnicodeAttribute()
    rating = NumberAttribute()
    comment = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()
    # ``<created_at ISO>#<review_id>``: the doctor index's sort key, unique for two reviews of one instant.
    created_key = UnicodeAttribute()
    listed_doctor_id = UnicodeAttribute(null=True)
    moderation = UnicodeAttribute(null=True)
    moderated_at = UnicodeAttribute(null=True)
    hidden_reason = UnicodeAttribute(null=True)
    reply = UnicodeAttribute(null=True)
    replied_at = UTCDateTimeAttribute(null=True)
    report_count = NumberAttribute(default=0)
    reports = ListAttribute[ReviewReport](of=ReviewReport, null=True)
    of_doctor = ReviewsOfDoctor()
    by_moderation = ReviewsByModeration()
