from __future__ import annotations

from pydantic import Field

from chalicelib.contracts.common import Out, Paging
from chalicelib.vocabulary import NotificationType


class NotificationOut(Out):
    notification_id: str
    type: NotificationType
    title: str
    body: str
    data: dict[str, str]
    created_at: str
    read: bool


class NotificationFeed(Out):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int


class NotificationQuery(Paging):
    unread: bool = Field(default=False, description="only unread notifications")


class MarkedRead(Out):
    marked_read: int
