from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.notifications import MarkedRead, NotificationFeed, NotificationOut, NotificationQuery
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.notifications import feed as service

notifications = Blueprint(__name__)


@api_route(notifications, "/notifications", methods=["GET"], query=NotificationQuery, errors={400: ["INVALID_CURSOR"]})
def feed(principal: Principal, query: NotificationQuery) -> NotificationFeed:
    """Your feed, newest first, with the number of unread notifications."""
    return service.feed(principal.user_id, unread_only=query.unread, limit=query.limit, cursor=query.cursor)


@api_route(notifications, "/notifications/{notification_id}/read", methods=["POST"])
def mark_read(notification_id: str, principal: Principal) -> NotificationOut:
    """Marks one of your notifications read."""
    return service.mark_read(principal.user_id, notification_id)


@api_route(notifications, "/notifications/read-all", methods=["POST"])
def mark_all_read(principal: Principal) -> MarkedRead:
    """Marks all your notifications read."""
    return MarkedRead(marked_read=service.mark_all_read(principal.user_id))
