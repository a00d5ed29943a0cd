"""Calendar feeds (docs/api.md, "Calendar feeds"): the owner makes, replaces and removes the secret URL; calendar
apps fetch it without signing in (the token in the path is the credential).

The feed's route is ``/calendar/{feed}`` with ``feed`` = ``<token>.ics``: an API Gateway path parameter is a whole
path segment, so ``{token}.ics`` cannot be a route of its own; the service refuses a name without ``.ics``.
"""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import CalendarFeedOut, CalendarFeedState
from chalicelib.handlers._http import api_route, caller
from chalicelib.services.booking import feeds
from chalicelib.services.core.authz import require
from chalicelib.services.core.etags import etag_matches
from chalicelib.vocabulary import Role

calendar_feeds = Blueprint(__name__)


@api_route(calendar_feeds, "/me/calendar-feed", methods=["GET"])
def feed_state() -> CalendarFeedState:
    return feeds.state(require(caller(calendar_feeds.current_request), Role.PATIENT, Role.DOCTOR))


@api_route(calendar_feeds, "/me/calendar-feed", methods=["POST"], status=201)
def create_feed() -> CalendarFeedOut:
    return feeds.create(require(caller(calendar_feeds.current_request), Role.PATIENT, Role.DOCTOR))


@api_route(calendar_feeds, "/me/calendar-feed", methods=["DELETE"], status=204)
def remove_feed() -> None:
    feeds.remove(require(caller(calendar_feeds.current_request), Role.PATIENT, Role.DOCTOR))


@api_route(calendar_feeds, "/calendar/{feed}", methods=["GET"], authorized=False)
def calendar_feed(feed: str) -> Response:
    answer = feeds.feed(feed)
    headers: dict[str, str | list[str]] = {"ETag": answer.etag, "Cache-Control": "private, no-cache"}
    if etag_matches(calendar_feeds.current_request.headers.get("if-none-match"), answer.etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(
        body=answer.body.decode(),
        status_code=200,
        headers={"Content-Type": "text/calendar; charset=utf-8", **headers},
    )
