"""A patient's review of a visit, the doctor's reply, and anyone's report.

One review per visit: the review's transaction sets the appointment's ``reviewed_at`` on condition that it is not
set yet (and that the visit is the caller's and COMPLETED), so of two racing reviews one commits and the other is
409 ``ALREADY_REVIEWED``. The same transaction moves the doctor's rating sum and count. Comments are public once
posted and are never logged."""

from __future__ import annotations

import secrets

from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.reviews import ReviewCreate, ReviewCreated, ReviewOut, ReviewReply, ReviewReportCreate
from chalicelib.errors import Conflict, NotFound, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.models.reviews import REPORTED, Review, ReviewReport
from chalicelib.models.unique_keys import UniqueKey, review_report_key
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.core import directory_version
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import condition_failed, transaction, unexplained
from chalicelib.services.core.review_window import review_closes
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.reviews import _store
from chalicelib.services.reviews.rating import author_name, rating_of
from chalicelib.vocabulary import AppointmentStatus

# Reports kept on a review for the admin to read (the count goes on); a flood of reports cannot grow the item.
KEPT_REPORTS = 20

ALREADY_REVIEWED = "ALREADY_REVIEWED"


def _own_visit(principal: Principal, appointment_id: str) -> Appointment:
    try:
        appointment = Appointment.get(appointment_id, consistent_read=True)
    except Appointment.DoesNotExist as exc:
        raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND") from exc
    if appointment.patient_id != principal.user_id:
        raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND")
    return appointment


def create(principal: Principal, appointment_id: str, body: ReviewCreate) -> ReviewCreated:
    appointment = _own_visit(principal, appointment_id)
    if appointment.status != AppointmentStatus.COMPLETED:
        raise RuleViolation("only a completed visit can be reviewed", code="NOT_COMPLETED")
    now = adapters().clock.now()
    if now > review_closes(parse_iso(appointment.end)):
        raise RuleViolation("a visit can be reviewed within 90 days of it", code="REVIEW_WINDOW_CLOSED")
    if appointment.reviewed_at is not None:
        raise Conflict("you have already reviewed this visit", code=ALREADY_REVIEWED)
    patient = User.get(principal.user_id)
    review_id = secrets.token_hex(12)
    review = Review(
        review_id=review_id,
        appointment_id=appointment.appointment_id,
        doctor_id=appointment.doctor_id,
        patient_id=principal.user_id,
        author=author_name(patient.name),
        rating=body.rating,
        comment=body.comment,
        created_at=now,
        created_key=f"{iso(now)}#{review_id}",
        listed_doctor_id=appointment.doctor_id,
    )
    try:
        with transaction() as tx:
            # The condition that makes a visit's review unique: whoever sets reviewed_at first wins.
            tx.update(
                Appointment(appointment_id=appointment.appointment_id),
                actions=[Appointment.reviewed_at.set(now)],
                condition=Appointment.reviewed_at.does_not_exist()
                & (Appointment.patient_id == principal.user_id)
                & (Appointment.status == AppointmentStatus.COMPLETED),
                part="appointment",
            )
            tx.save(review, condition=Review.review_id.does_not_exist(), part="review")
            tx.update(
                Doctor(doctor_id=appointment.doctor_id),
                actions=[Doctor.rating_sum.add(body.rating), Doctor.rating_count.add(1)],
                condition=Doctor.doctor_id.exists(),
                part="doctor",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("appointment"):
            raise Conflict("you have already reviewed this visit", code=ALREADY_REVIEWED) from exc
        raise unexplained(exc) from exc
    directory_version.changed()
    logger.info("review written", extra={"appointment_id": appointment.appointment_id, "review_id": review_id})
    doctor = Doctor.get(appointment.doctor_id, consistent_read=True)
    return ReviewCreated(
        **_store.public(review).model_dump(), doctor_id=appointment.doctor_id, doctor_rating=rating_of(doctor)
    )


def reply(principal: Principal, review_id: str, body: ReviewReply) -> ReviewOut:
    """The doctor's one reply to a review of theirs (409 ``ALREADY_REPLIED`` after it)."""
    review = _store.get(review_id)
    if review.doctor_id != principal.user_id:
        raise NotFound("no such review", code=_store.REVIEW_NOT_FOUND)
    now = adapters().clock.now()
    try:
        review.update(
            actions=[Review.reply.set(body.body), Review.replied_at.set(now)],
            condition=Review.reply.does_not_exist() & (Review.doctor_id == principal.user_id),
        )
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict("you have already replied to this review", code="ALREADY_REPLIED") from exc
        raise
    logger.info("review replied", extra={"review_id": review_id, "doctor_id": principal.user_id})
    return _store.public(review)


def report(principal: Principal, review_id: str, body: ReviewReportCreate) -> None:
    """Puts a visible review in the admins' queue; a second report by the same person changes nothing."""
    review = _store.get(review_id)
    if review.listed_doctor_id is None:
        raise NotFound("no such review", code=_store.REVIEW_NOT_FOUND)
    now = adapters().clock.now()
    entry = ReviewReport(reporter_id=principal.user_id, reason=body.reason, at=iso(now))  # type: ignore[no-untyped-call]
    actions = [
        Review.report_count.add(1),
        # Reported stays reported (its place in the queue is the first report's); a hidden review is not listed.
        Review.moderation.set(Review.moderation | REPORTED),
        Review.moderated_at.set(Review.moderated_at | f"{iso(now)}#{review_id}"),
    ]
    if int(review.report_count or 0) < KEPT_REPORTS:
        actions.append(Review.reports.set((Review.reports | []).append([entry])))
    try:
        with transaction() as tx:
            tx.save(
                UniqueKey(key=review_report_key(review_id, principal.user_id), owner_id=principal.user_id),
                condition=UniqueKey.key.does_not_exist(),
                part="once",
            )
            tx.update(
                Review(review_id=review_id),
                actions=actions,
                condition=Review.listed_doctor_id.exists(),
                part="review",
            )
    except TransactWriteError as exc:
        cancelled = tx.cancellation(exc)
        if cancelled.failed("once"):
            return
        if cancelled.failed("review"):
            raise NotFound("no such review", code=_store.REVIEW_NOT_FOUND) from exc
        raise unexplained(exc) from exc
    logger.info("review reported", extra={"review_id": review_id})
