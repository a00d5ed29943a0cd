"""Ratings and reviews of visits: what a patient writes, what everyone reads, what admins moderate."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import Out, Paging, Request, example

ReviewState = Literal["visible", "reported", "hidden"]


class RatingOut(Out):
    """A doctor's rating: the mean of their visible reviews to one decimal (``null`` without any) and how many."""

    average: float | None
    count: int


class ReviewCreate(Request):
    model_config = example(rating=5, comment="Took her time and explained everything.")

    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent)")
    comment: str = Field(default="", max_length=2000, description="public once posted; may be empty")


class ReviewReply(Request):
    model_config = example(body="Thank you, glad it helped.")

    body: str = Field(min_length=1, max_length=2000)


class ReviewReportCreate(Request):
    model_config = example(reason="Names another patient.")

    reason: str = Field(min_length=1, max_length=500)


class ModerationReason(Request):
    model_config = example(reason="Contains personal data of a third person.")

    reason: str = Field(min_length=1, max_length=500)


class ReplyOut(Out):
    body: str
    at: datetime


class ReviewOut(Out):
    """A review as anyone reads it: the author as first name and initial, nothing about the visit."""

    review_id: str
    rating: int
    comment: str
    author: str
    created_at: datetime
    reply: ReplyOut | None


class ReviewCreated(ReviewOut):
    """The new review, and the doctor's rating with it."""

    doctor_id: str
    doctor_rating: RatingOut


class ReportOut(Out):
    reason: str
    at: datetime


class ReviewAdminOut(ReviewOut):
    """A review as an admin moderates it: its doctor, its state, the reports (newest last) and why it is hidden."""

    doctor_id: str
    doctor_name: str
    state: ReviewState
    report_count: int
    reports: list[ReportOut]
    hidden_reason: str | None


class ReportAccepted(Out):
    message: str


class AdminReviewQuery(Paging):
    status: Literal["reported", "hidden"] = Field(default="reported", description="the queue: reported or hidden")
