"""Calendar feeds (docs/api.md, "Calendar feeds"): the owner makes, replaces and removes the secret URL; calendar
apps fetch it without signing in (the token in the path is the credential).

The feed's route is ``/calendar/{feed}`` with ``feed`` = ``<token>.ics``: an API Gateway path parameter is a whole
path segment, so ``{token}.ics`` cannot be a route of its own; the service refuses a name without ``.ics``.
"""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import CalendarFeedOut, CalendarFeedState
from chalicelib.handlers._http import api_route
from chalicelib.services.booking import feeds
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.etags import etag_matches
from chalicelib.vocabulary import Role

calendar_feeds = Blueprint(__name__)

OWNERS = [Role.PATIENT, Role.DOCTOR]
PATH = "/me/calendar-feed"


@api_route(calendar_feeds, PATH, methods=["GET"], roles=OWNERS)
def feed_state(principal: Principal) -> CalendarFeedState:
    """Whether you have a calendar feed URL (the URL itself is shown only when made)."""
    return feeds.state(principal)


@api_route(calendar_feeds, PATH, methods=["POST"], roles=OWNERS, status=201, errors={409: ["TRY_AGAIN"]})
def create_feed(principal: Principal) -> CalendarFeedOut:
    """Makes your calendar feed URL; any earlier one stops working at once."""
    return feeds.create(principal)


@api_route(calendar_feeds, PATH, methods=["DELETE"], roles=OWNERS, errors={409: ["TRY_AGAIN"]})
def remove_feed(principal: Principal) -> None:
    """Removes your calendar feed URL."""
    feeds.remove(principal)


@api_route(
    calendar_feeds,
    "/calendar/{feed}",
    methods=["GET"],
    authorized=False,
    response=str,
    media_type="text/calendar",
    headers={"If-None-Match": "the ETag of the copy you have: 304 when the feed has not changed"},
    errors={404: ["CALENDAR_NOT_FOUND"]},
)
def calendar_feed(feed: str) -> Response:
    """The owner's appointments as an iCalendar feed, 30 days back to 90 ahead (`feed` is `<token>.ics`)."""
    answer = feeds.feed(feed)
    headers: dict[str, str | list[str]] = {"ETag": answer.etag, "Cache-Control": "private, no-cache"}
    if etag_matches(calendar_feeds.current_request.headers.get("if-none-match"), answer.etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(
        body=answer.body.decode(),
        status_code=200,
        headers={"Content-Type": "text/calendar; charset=utf-8", **headers},
    )
