"""Calendar feeds: a secret URL per user that calendar apps subscribe to (iCalendar over HTTPS, no sign-in).

The token is the credential, so only its SHA-256 is stored, in ``unique_keys`` (``calfeed#{hash}`` -> the user),
beside a pointer to the user's one live token (``calfeedof#{user}``). Creating a feed again replaces the token in
one transaction: the old item is deleted with the pointer's move, so the old URL answers 404 at once. The feed
holds the owner's appointments from 30 days back to the furthest a booking may be (``DOCSPOT_MAX_ADVANCE_DAYS``),
with the same UID and SEQUENCE as the per-appointment invites; a doctor's events name the patient by first name
and initial and never carry the reason for the visit. See docs/architecture.md, "Calendar feeds".
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.booking import CalendarFeedOut, CalendarFeedState
from chalicelib.errors import Conflict, NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.models.unique_keys import UniqueKey, calendar_feed_key, calendar_feed_pointer_key
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import settings as platform
from chalicelib.services.booking.calendar import PRODID, event_uid
from chalicelib.services.booking.views import names
from chalicelib.services.core import times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.etags import etag_of
from chalicelib.services.core.links import app_link
from chalicelib.vocabulary import AppointmentStatus, Role

PAST = timedelta(days=30)
REFRESH = timedelta(minutes=15)  # REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook, Apple) say the same
FEED_SUFFIX = ".ics"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    return app_link(f"/api/calendar/{token}{FEED_SUFFIX}")


def _pointer(user_id: str) -> UniqueKey | None:
    try:
        return UniqueKey.get(calendar_feed_pointer_key(user_id), consistent_read=True)
    except DoesNotExist:
        return None


def state(principal: Principal) -> CalendarFeedState:
    return CalendarFeedState(active=_pointer(principal.user_id) is not None)


def create(principal: Principal) -> CalendarFeedOut:
    """A new feed URL; one made before stops working in the same transaction (a rotation)."""
    token = secrets.token_urlsafe(32)
    digest = _hash(token)
    previous = _pointer(principal.user_id)
    tx = transaction()
    try:
        with tx:
            tx.save(
                UniqueKey(key=calendar_feed_key(digest), owner_id=principal.user_id),
                condition=UniqueKey.key.does_not_exist(),
                part="token",
            )
            pointer_condition: Condition
            if previous is None:
                pointer_condition = UniqueKey.key.does_not_exist()
            else:
                # The pointer still names the token read above: a rotation racing this one makes one of them lose.
                pointer_condition = UniqueKey.owner_id == previous.owner_id
                tx.delete(UniqueKey(key=calendar_feed_key(previous.owner_id)), part="old")
            tx.save(
                UniqueKey(key=calendar_feed_pointer_key(principal.user_id), owner_id=digest),
                condition=pointer_condition,
                part="pointer",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("pointer"):
            raise Conflict("your calendar link changed at the same moment; please try again", code="TRY_AGAIN") from exc
        raise unexplained(exc) from exc
    logger.info("calendar feed created", extra={"rotated": previous is not None})
    url = feed_url(token)
    return CalendarFeedOut(url=url, webcal_url="webcal://" + url.split("://", 1)[1])


def remove(principal: Principal) -> None:
    """Ends the user's feed (its URL answers 404 from now on); no feed is not an error."""
    previous = _pointer(principal.user_id)
    if previous is None:
        return
    tx = transaction()
    try:
        with tx:
            tx.delete(
                UniqueKey(key=calendar_feed_pointer_key(principal.user_id)),
                condition=UniqueKey.owner_id == previous.owner_id,
                part="pointer",
            )
            tx.delete(UniqueKey(key=calendar_feed_key(previous.owner_id)), part="token")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("pointer"):
            raise Conflict("your calendar link changed at the same moment; please try again", code="TRY_AGAIN") from exc
        raise unexplained(exc) from exc
    logger.info("calendar feed removed")


# The feed ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str


def short_name(name: str) -> str:
    """First name and the initial of the last: what a doctor's subscribed calendar shows of a patient."""
    parts = name.split()
    if len(parts) < 2:
        return parts[0] if parts else ""
    return f"{parts[0]} {parts[-1][0]}."


def _owner(token: str) -> User:
    """The active user whose feed token this is, or 404 (unknown, rotated, removed, or the account disabled)."""
    if not token.endswith(FEED_SUFFIX):
        raise NotFound("no such calendar", code="CALENDAR_NOT_FOUND")
    secret = token.removesuffix(FEED_SUFFIX)
    if not 20 <= len(secret) <= 100:
        raise NotFound("no such calendar", code="CALENDAR_NOT_FOUND")
    try:
        claim = UniqueKey.get(calendar_feed_key(_hash(secret)), consistent_read=True)
        user = User.get(claim.owner_id)
    except DoesNotExist as exc:
        raise NotFound("no such calendar", code="CALENDAR_NOT_FOUND") from exc
    if user.status != "active" or user.role not in (Role.PATIENT, Role.DOCTOR):
        raise NotFound("no such calendar", code="CALENDAR_NOT_FOUND")
    return user


def _appointments(user: User, now: datetime) -> list[Appointment]:
    first = times.iso(now - PAST)
    last = times.iso(now + timedelta(days=platform.current().max_advance_days))
    if user.role == Role.DOCTOR:
        rows = Appointment.by_doctor.query(user.user_id, Appointment.start.between(first, last))
    else:
        rows = Appointment.by_patient.query(user.user_id, Appointment.start.between(first, last))
    return list(rows)


def _calendar(user: User, appointments: list[Appointment]) -> bytes:
    from icalendar import Calendar, Event  # ~25 ms at import: only this path needs it

    doctor_view = user.role == Role.DOCTOR
    others = names(a.patient_id if doctor_view else a.doctor_id for a in appointments)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "DocSpot")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X- property has no type icalendar knows, so it would write the timedelta as "0:15:00": spelled out here.
    calendar.add("x-published-ttl", "PT15M")
    for appointment in sorted(appointments, key=lambda a: (a.start, a.appointment_id)):
        other = others.get(appointment.patient_id if doctor_view else appointment.doctor_id, "")
        if doctor_view:
            summary = short_name(other) or "Patient"
        else:
            summary = f"Appointment with {other}" if other else "Doctor's appointment"
        link = app_link(f"/appointments/{appointment.appointment_id}")  # the web app opens each reader's own page
        event = Event()
        event.add("uid", event_uid(appointment.appointment_id))
        # Stable for an unchanged appointment, so an unchanged feed keeps its ETag.
        event.add("dtstamp", appointment.updated_at)
        event.add("last-modified", appointment.updated_at)
        event.add("dtstart", times.parse_iso(appointment.start))
        event.add("dtend", times.parse_iso(appointment.end))
        event.add("summary", summary)
        event.add("sequence", int(appointment.sequence))
        cancelled = appointment.status == AppointmentStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # The DocSpot status and a link; never the reason for the visit, notes or a summary.
        event.add("description", f"Status: {appointment.status}\n{link}")
        event.add("url", link)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def feed(token: str) -> Feed:
    """The owner's calendar as iCalendar, and its ETag (the hash of the bytes)."""
    user = _owner(token)
    now = adapters().clock.now()
    body = _calendar(user, _appointments(user, now))
    return Feed(body=body, etag=etag_of(body))
