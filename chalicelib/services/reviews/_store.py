from __future__ import annotations

from chalicelib.contracts.reviews import ReplyOut, ReviewOut
from chalicelib.errors import NotFound
from chalicelib.models.reviews import Review

REVIEW_NOT_FOUND = "REVIEW_NOT_FOUND"
# What a page cursor of the doctor index holds: the table's key and the index's key.
DOCTOR_INDEX_KEY = {"review_id": "S", "listed_doctor_id": "S", "created_key": "S"}
MODERATION_INDEX_KEY = {"review_id": "S", "moderation": "S", "moderated_at": "S"}


def get(review_id: str) -> Review:
    try:
        return Review.get(review_id, consistent_read=True)
    except Review.DoesNotExist as exc:
        raise NotFound("no such review", code=REVIEW_NOT_FOUND) from exc


def public(review: Review) -> ReviewOut:
    reply = ReplyOut(body=review.reply, at=review.replied_at) if review.reply and review.replied_at else None
    return ReviewOut(
        review_id=review.review_id,
        rating=int(review.rating),
        comment=review.comment,
        author=review.author,
        created_at=review.created_at,
        reply=reply,
    )
