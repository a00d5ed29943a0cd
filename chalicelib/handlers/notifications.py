from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.notifications import NotificationFeed, NotificationOut
from chalicelib.handlers._http import api_route, caller, query, query_bool, query_int
from chalicelib.services.notifications import feed as service

notifications = Blueprint(__name__)


@api_route(notifications, "/notifications", methods=["GET"])
def feed() -> NotificationFeed:
    request = notifications.current_request
    return service.feed(
        caller(request).user_id,
        unread_only=query_bool(request, "unread"),
        limit=query_int(request, "limit"),
        cursor=query(request, "cursor"),
    )


@api_route(notifications, "/notifications/{notification_id}/read", methods=["POST"])
def mark_read(notification_id: str) -> NotificationOut:
    return service.mark_read(caller(notifications.current_request).user_id, notification_id)


@api_route(notifications, "/notifications/read-all", methods=["POST"])
def mark_all_read() -> dict[str, int]:
    return {"marked_read": service.mark_all_read(caller(notifications.current_request).user_id)}
