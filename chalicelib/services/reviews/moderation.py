"""Admins hide a review (it leaves the public listing and the doctor's rating) or unhide it (it comes back, its
reports cleared; on a reported, visible review unhide keeps it and closes the report). Each is one transaction:
the review's change on condition of the state the admin saw, the rating's move, and the audit entry."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.reviews import ReviewAdminOut
from chalicelib.errors import Conflict
from chalicelib.models.doctors import Doctor
from chalicelib.models.reviews import HIDDEN, REPORTED, Review
from chalicelib.services import audit
from chalicelib.services.core import directory_version
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.times import iso
from chalicelib.services.reviews import _store
from chalicelib.services.reviews.listing import admin_view


def hide(admin: Principal, review_id: str, reason: str) -> ReviewAdminOut:
    review = _store.get(review_id)
    if review.listed_doctor_id is None:
        raise Conflict("this review is already hidden", code="ALREADY_HIDDEN")
    now = adapters().clock.now()
    try:
        with transaction() as tx:
            # Visible is the condition: of two hides only one takes the rating off.
            tx.update(
                Review(review_id=review_id),
                actions=[
                    Review.listed_doctor_id.remove(),
                    Review.moderation.set(HIDDEN),
                    Review.moderated_at.set(f"{iso(now)}#{review_id}"),
                    Review.hidden_reason.set(reason),
                ],
                condition=Review.listed_doctor_id.exists(),
                part="review",
            )
            tx.update(
                Doctor(doctor_id=review.doctor_id),
                actions=[Doctor.rating_sum.add(-int(review.rating)), Doctor.rating_count.add(-1)],
                condition=Doctor.doctor_id.exists(),
                part="doctor",
            )
            entry = audit.entry(
                entity=f"review#{review_id}", actor=admin.user_id, action="review.hide", detail={"reason": reason}
            )
            tx.save(entry, part="audit")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("review"):
            raise Conflict("this review is already hidden", code="ALREADY_HIDDEN") from exc
        raise unexplained(exc) from exc
    directory_version.changed()
    return admin_view(_store.get(review_id))


def unhide(admin: Principal, review_id: str) -> ReviewAdminOut:
    review = _store.get(review_id)
    if review.moderation not in (HIDDEN, REPORTED):
        raise Conflict("this review is neither hidden nor reported", code="NOT_HIDDEN")
    was_hidden = review.moderation == HIDDEN
    try:
        with transaction() as tx:
            actions = [
                Review.moderation.remove(),
                Review.moderated_at.remove(),
                Review.hidden_reason.remove(),
                Review.reports.remove(),
                Review.report_count.set(0),
            ]
            if was_hidden:
                actions.append(Review.listed_doctor_id.set(review.doctor_id))
            # The state the admin acted on is the condition: of two unhides only one puts the rating back.
            tx.update(
                Review(review_id=review_id),
                actions=actions,
                condition=Review.moderation == review.moderation,
                part="review",
            )
            if was_hidden:
                tx.update(
                    Doctor(doctor_id=review.doctor_id),
                    actions=[Doctor.rating_sum.add(int(review.rating)), Doctor.rating_count.add(1)],
                    condition=Doctor.doctor_id.exists(),
                    part="doctor",
                )
            action = "review.unhide" if was_hidden else "review.keep"
            tx.save(audit.entry(entity=f"review#{review_id}", actor=admin.user_id, action=action), part="audit")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("review"):
            raise Conflict("this review is neither hidden nor reported", code="NOT_HIDDEN") from exc
        raise unexplained(exc) from exc
    if was_hidden:
        directory_version.changed()
    return admin_view(_store.get(review_id))
