"""iCalendar events for appointments: stable UID, the doctor's TZID, SEQUENCE raised on every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from chalicelib.adapters.registry import adapters
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.services.booking.views import get_appointment, names, role_in
from chalicelib.services.core import times
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import AppointmentStatus, Role

PRODID = "-//DocSpot//Appointments//EN"


def event_uid(appointment_id: str) -> str:
    """One UID per appointment for every calendar it reaches: the mailed invites, the download and the feeds."""
    return f"{appointment_id}@docspot"


@dataclass(frozen=True)
class CalendarLinks:
    """ "Add to calendar" links: the calendars' own URL templates, nothing of theirs loaded on our pages or mails."""

    google: str
    outlook: str


def _compact(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def add_to_calendar_links(*, title: str, start: datetime, end: datetime, details: str) -> CalendarLinks:
    """Google Calendar's event template and Outlook on the web's compose deep link for one appointment (times in
    UTC). They make a separate entry that later changes do not update, unlike the invite; the mail says so."""
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {"action": "TEMPLATE", "text": title, "dates": f"{_compact(start)}/{_compact(end)}", "details": details}
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": times.iso(start),
            "enddt": times.iso(end),
            "body": details,
        }
    )
    return CalendarLinks(google=google, outlook=outlook)


def appointment_event(
    appointment: Appointment,
    *,
    doctor_name: str,
    zone: str,
    method: str = "PUBLISH",
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str, str] | None = None,
    summary: str | None = None,
    with_video: bool = True,
) -> bytes:
    """The event; an e-mailed invite (``REQUEST``/``CANCEL``) also names its ``organizer`` and ``attendee`` as
    (name, address) pairs, as iTIP requires, with RSVP off: nobody should answer DocSpot's sender address.
    ``summary`` replaces the English title (an invite in the recipient's language). The type and price booked
    go into the description; a video visit's room is its ``URL`` and ``LOCATION`` (``with_video``: only the
    patient's and the doctor's copies)."""
    # Imported here: icalendar costs ~25 ms at import, and only this path needs it, not every cold start.
    from icalendar import Calendar, Event, Timezone, vCalAddress

    tz = ZoneInfo(zone)
    start = times.parse_iso(appointment.start).astimezone(tz)
    end = times.parse_iso(appointment.end).astimezone(tz)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    # The range must not be empty: from_tzid(first_date == last_date) writes a VTIMEZONE without any STANDARD or
    # DAYLIGHT rule, which RFC 5545 forbids and calendar clients reject.
    calendar.add_component(Timezone.from_tzid(zone, first_date=start.date(), last_date=end.date() + timedelta(days=1)))
    event = Event()
    event.add("uid", event_uid(appointment.appointment_id))
    event.add("dtstamp", adapters().clock.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    # ``summary`` is the mail's, in the recipient's language; the API's download reads in English.
    event.add("summary", summary or (f"Appointment with {doctor_name}" if doctor_name else "Doctor's appointment"))
    event.add("sequence", int(appointment.sequence))
    if organizer is not None:
        who = vCalAddress(f"mailto:{organizer[1]}")
        who.params["CN"] = organizer[0]
        event.add("organizer", who)
    if attendee is not None:
        guest = vCalAddress(f"mailto:{attendee[1]}")
        guest.params.update({"CN": attendee[0], "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"})
        event.add("attendee", guest)
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")  # iCalendar's STATUS values (RFC 5545)
    lines = []
    if appointment.appointment_type_name:
        lines.append(f"{appointment.appointment_type_name}: {appointment.price_amount} {appointment.price_currency}")
    if appointment.summary and appointment.status == AppointmentStatus.COMPLETED:
        lines.append(appointment.summary)
    if appointment.video_url and with_video and not cancelled:
        event.add("url", appointment.video_url)
        event.add("location", appointment.video_url)
        lines.append(f"Video: {appointment.video_url}")
    if lines:
        event.add("description", "\n\n".join(lines))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def for_reader(principal: Principal, appointment_id: str) -> bytes:
    """The owner's or the doctor's calendar event (admins may fetch it too)."""
    appointment = get_appointment(appointment_id)
    part = role_in(appointment, principal)
    doctor = Doctor.get(appointment.doctor_id, attributes_to_get=["timezone"])
    method = "CANCEL" if appointment.status == AppointmentStatus.CANCELLED else "PUBLISH"
    doctor_name = names([appointment.doctor_id]).get(appointment.doctor_id, "")
    return appointment_event(
        appointment, doctor_name=doctor_name, zone=doctor.timezone, method=method, with_video=part != Role.ADMIN
    )
