from __future__ import annotations

from chalicelib.contracts.common import Out


class NotificationOut(Out):
    notification_id: str
    type: str
    title: str
    body: str
    data: dict[str, str]
    created_at: str
    read: bool


class NotificationFeed(Out):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int
