from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.common import Page, Paging
from chalicelib.contracts.reviews import (
    AdminReviewQuery,
    ModerationReason,
    ReportAccepted,
    ReviewAdminOut,
    ReviewCreate,
    ReviewCreated,
    ReviewOut,
    ReviewReply,
    ReviewReportCreate,
)
from chalicelib.handlers._http import api_route, json_headers
from chalicelib.services.core.authz import Principal
from chalicelib.services.reviews import listing, moderation, writing
from chalicelib.vocabulary import Role

reviews = Blueprint(__name__)

NO_REVIEW = {404: ["REVIEW_NOT_FOUND"]}


@api_route(
    reviews,
    "/appointments/{appointment_id}/review",
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=ReviewCreate,
    errors={
        404: ["APPOINTMENT_NOT_FOUND"],
        409: ["ALREADY_REVIEWED", "TRY_AGAIN"],
        422: ["NOT_COMPLETED", "REVIEW_WINDOW_CLOSED"],
    },
)
def create_review(appointment_id: str, principal: Principal, body: ReviewCreate) -> ReviewCreated:
    """Reviews a completed visit of yours, once, within 90 days of it: a rating of 1-5 and a comment (public)."""
    return writing.create(principal, appointment_id, body)


@api_route(
    reviews,
    "/doctors/{doctor_id}/reviews",
    methods=["GET"],
    authorized=False,
    query=Paging,
    errors={404: ["DOCTOR_NOT_FOUND"]},
)
def list_doctor_reviews(doctor_id: str, query: Paging) -> Page[ReviewOut]:
    """The doctor's visible reviews, newest first, each with the doctor's reply; authors as first name and initial."""
    return listing.of_doctor(doctor_id, limit=query.limit, cursor=query.cursor)


@api_route(
    reviews,
    "/reviews/{review_id}/reply",
    methods=["POST"],
    roles=[Role.DOCTOR],
    body=ReviewReply,
    errors={**NO_REVIEW, 409: ["ALREADY_REPLIED"]},
)
def reply_to_review(review_id: str, principal: Principal, body: ReviewReply) -> ReviewOut:
    """Replies to a review of you, once; the reply is shown under it."""
    return writing.reply(principal, review_id, body)


@api_route(
    reviews,
    "/reviews/{review_id}/report",
    methods=["POST"],
    status=202,
    body=ReviewReportCreate,
    response=ReportAccepted,
    errors={**NO_REVIEW, 409: ["TRY_AGAIN"]},
)
def report_review(review_id: str, principal: Principal, body: ReviewReportCreate) -> Response:
    """Reports a visible review to the admins, with a reason; reporting it again changes nothing."""
    writing.report(principal, review_id, body)
    accepted = ReportAccepted(message="thank you: an admin will look at this review")
    return Response(body=accepted.model_dump_json(), status_code=202, headers=json_headers())


@api_route(reviews, "/admin/reviews", methods=["GET"], roles=[Role.ADMIN], query=AdminReviewQuery)
def review_queue(query: AdminReviewQuery) -> Page[ReviewAdminOut]:
    """The moderation queue: reported reviews (oldest report first) or hidden ones (newest first)."""
    return listing.queue(query.status, limit=query.limit, cursor=query.cursor)


@api_route(
    reviews,
    "/admin/reviews/{review_id}/hide",
    methods=["POST"],
    roles=[Role.ADMIN],
    body=ModerationReason,
    errors={**NO_REVIEW, 409: ["ALREADY_HIDDEN", "TRY_AGAIN"]},
)
def hide_review(review_id: str, principal: Principal, body: ModerationReason) -> ReviewAdminOut:
    """Hides a review: it leaves the doctor's page and rating. Audited with the reason."""
    return moderation.hide(principal, review_id, body.reason)


@api_route(
    reviews,
    "/admin/reviews/{review_id}/unhide",
    methods=["POST"],
    roles=[Role.ADMIN],
    errors={**NO_REVIEW, 409: ["NOT_HIDDEN", "TRY_AGAIN"]},
)
def unhide_review(review_id: str, principal: Principal) -> ReviewAdminOut:
    """Shows a hidden review again (back in the rating), or keeps a reported one; its reports are closed. Audited."""
    return moderation.unhide(principal, review_id)
