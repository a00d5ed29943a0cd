"""The persisted notification feed. Push over WebSocket is a fast path added on top; this feed is the truth.

Booking flows build their notification with ``entry()`` and save it inside their own transaction, so a booking
and the doctor's notice of it are written together or not at all.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from datetime import datetime
from typing import Any

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.notifications import NotificationFeed, NotificationOut
from chalicelib.errors import NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.models.notifications import Notification
from chalicelib.services.core import times
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor, page_size
from chalicelib.vocabulary import NotificationType


def about(appointment: Appointment, **more: str | datetime | None) -> dict[str, str]:
    """The facts a notice about an appointment carries in ``data`` (docs/api.md, "Notifications"): the same keys
    with the same meaning in every type, every time ISO 8601 in UTC (``Z``), as the API writes times. Clients
    format them on the reader's clock and in the reader's language; ``title`` and ``body`` are plain English for
    clients that do not. Empty values are left out."""
    facts: dict[str, str | datetime | None] = {
        "appointment_id": appointment.appointment_id,
        "doctor_id": appointment.doctor_id,
        "patient_id": appointment.patient_id,
        "start": appointment.start,
        "end": appointment.end,
        "status": appointment.status,
        **more,
    }
    return {
        key: times.iso(value) if isinstance(value, datetime) else str(value) for key, value in facts.items() if value
    }


def entry(user_id: str, kind: str, title: str, body: str = "", data: dict[str, str] | None = None) -> Notification:
    """A new unread notification (not yet saved). Its id is its ``created`` key: ISO time + a nonce."""
    created = f"{adapters().clock.now().isoformat()}#{secrets.token_hex(4)}"
    return Notification(
        user_id=user_id,
        created=created,
        type=kind,
        title=title,
        body=body,
        # Plain strings: a StrEnum member is a str subclass that PynamoDB cannot serialise in a map.
        data={key: str(value) for key, value in (data or {}).items()},
        unread_user_id=user_id,
    )


def record(user_id: str, kind: str, title: str, body: str = "", data: dict[str, str] | None = None) -> Notification:
    item = entry(user_id, kind, title, body, data)
    item.save()
    return item


def notification_id(created: str) -> str:
    """URL-safe form of the ``created`` key (which holds ``#``, ``:`` and ``+``)."""
    return base64.urlsafe_b64encode(created.encode()).decode().rstrip("=")


_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")
_CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.]+(?:[+-]\d{2}:\d{2}|Z)?#[0-9a-f]{8}")


def _no_such_notification() -> NotFound:
    return NotFound("no such notification", code="NOT_FOUND")


def _created(notification_id: str) -> str:
    """The ``created`` key an id stands for. Anything that is not the form ``notification_id`` makes is a miss:
    decoding leniently turned ``[]`` into an empty key, which DynamoDB refuses with an error, not a miss."""
    if not _ID.fullmatch(notification_id):
        raise _no_such_notification()
    try:
        created = base64.urlsafe_b64decode(notification_id + "=" * (-len(notification_id) % 4)).decode()
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise _no_such_notification() from exc
    if not _CREATED.fullmatch(created):
        raise _no_such_notification()
    return created


def _plain(data: Any) -> dict[str, str]:
    """A raw MapAttribute as the plain strings it was written with."""
    return {str(k): str(v) for k, v in (data.as_dict() if data is not None else {}).items()}


def notification_out(item: Notification) -> NotificationOut:
    return NotificationOut(
        notification_id=notification_id(item.created),
        type=NotificationType(item.type),
        title=item.title,
        body=item.body,
        data=_plain(item.data),
        created_at=item.created.split("#", 1)[0],
        read=item.unread_user_id is None,
    )


def unread_count(user_id: str) -> int:
    return Notification.unread.count(user_id)


def feed(user_id: str, *, unread_only: bool, limit: int | None, cursor: str | None) -> NotificationFeed:
    size = page_size(limit)
    rows = Notification.query(
        user_id,
        scan_index_forward=False,
        filter_condition=Notification.unread_user_id.exists() if unread_only else None,
        limit=size,
        last_evaluated_key=decode_cursor(cursor, {"user_id": "S", "created": "S"}),
    )
    items = [notification_out(n) for n in rows]
    return NotificationFeed(
        items=items, next_cursor=encode_cursor(rows.last_evaluated_key), unread_count=unread_count(user_id)
    )


def mark_read(user_id: str, notification_key: str) -> NotificationOut:
    try:
        item = Notification.get(user_id, _created(notification_key))
    except Notification.DoesNotExist as exc:
        raise _no_such_notification() from exc
    if item.unread_user_id is not None:
        item.update(
            actions=[Notification.unread_user_id.remove(), Notification.read_at.set(adapters().clock.now().isoformat())]
        )
    return notification_out(item)


def mark_all_read(user_id: str) -> int:
    """Marks every unread notification read; returns how many were."""
    now = adapters().clock.now().isoformat()
    count = 0
    for key in Notification.unread.query(user_id):
        Notification(user_id=user_id, created=key.created).update(
            actions=[Notification.unread_user_id.remove(), Notification.read_at.set(now)],
            condition=Notification.user_id.exists(),
        )
        count += 1
    return count
