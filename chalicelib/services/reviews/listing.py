"""What is read: a doctor's visible reviews (public, newest first, one Query of the sparse doctor index) and the
admins' queues (one Query of the sparse moderation index). Neither scans nor filters."""

from __future__ import annotations

from chalicelib.contracts.common import Page
from chalicelib.contracts.reviews import ReportOut, ReviewAdminOut, ReviewOut
from chalicelib.errors import NotFound
from chalicelib.models.doctors import Doctor
from chalicelib.models.reviews import HIDDEN, REPORTED, Review
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor, page_size, read_page
from chalicelib.services.core.people import users
from chalicelib.services.core.times import parse_iso
from chalicelib.services.reviews import _store
from chalicelib.vocabulary import DoctorStatus


def of_doctor(doctor_id: str, *, limit: int | None, cursor: str | None) -> Page[ReviewOut]:
    try:
        doctor = Doctor.get(doctor_id, attributes_to_get=["doctor_id", "status"])
    except Doctor.DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc
    if doctor.status != DoctorStatus.APPROVED:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    rows = Review.of_doctor.query(
        doctor_id,
        scan_index_forward=False,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, _store.DOCTOR_INDEX_KEY),
    )
    items = [_store.public(r) for r in read_page(rows, cursor=cursor)]
    return Page[ReviewOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))


def _state(review: Review) -> str:
    if review.moderation == HIDDEN:
        return "hidden"
    if review.moderation == REPORTED:
        return "reported"
    return "visible"


def admin_view(review: Review, doctor_name: str | None = None) -> ReviewAdminOut:
    if doctor_name is None:
        doctor = users([review.doctor_id]).get(review.doctor_id)
        doctor_name = doctor.name if doctor else ""
    return ReviewAdminOut(
        **_store.public(review).model_dump(),
        doctor_id=review.doctor_id,
        doctor_name=doctor_name,
        state=_state(review),  # type: ignore[arg-type]
        report_count=int(review.report_count or 0),
        reports=[ReportOut(reason=r.reason, at=parse_iso(r.at)) for r in (review.reports or [])],
        hidden_reason=review.hidden_reason,
    )


def queue(status: str, *, limit: int | None, cursor: str | None) -> Page[ReviewAdminOut]:
    """The reported queue oldest first (the order to work through it), the hidden ones newest first."""
    rows = Review.by_moderation.query(
        REPORTED if status == "reported" else HIDDEN,
        scan_index_forward=status == "reported",
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, _store.MODERATION_INDEX_KEY),
    )
    found = read_page(rows, cursor=cursor)
    names = {user_id: user.name for user_id, user in users({r.doctor_id for r in found}).items()}
    items = [admin_view(r, names.get(r.doctor_id, "")) for r in found]
    return Page[ReviewAdminOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))
