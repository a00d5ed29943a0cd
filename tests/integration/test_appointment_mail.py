"""Appointment e-mail read back from moto's SES: recipients, subjects, MIME parts, the invite parsed with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_string, policy
from typing import Any

import pytest

from tests.support.accounts import PASSWORD, login
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock
from tests.support.mail import SesMailbox, content_type_params, invite_of, words

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PATIENT = "nina@example.com"
DOCTOR = "approved@example.com"
REASON = "recurring chest pain since March"


def register(api: Api, email: str, name: str, timezone: str) -> str:
    body = {"role": "patient", "email": email, "password": PASSWORD, "name": name, "timezone": timezone}
    assert api.post("/auth/register", body).status == 201
    return str(login(api, email)["access_token"])


@pytest.fixture
def nina(api: Api, mailbox: SesMailbox) -> str:
    """A patient in New York: her mail shows New York times, the doctor's Berlin times."""
    return register(api, PATIENT, "Nina Newyork", "America/New_York")


def book(api: Api, token: str, slot_id: str) -> dict[str, Any]:
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": REASON}, token)
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def test_booking_mails_the_patient_an_invite_and_the_doctor_a_notice(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    # Given
    slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)

    # When
    appointment = book(api, nina, slot)

    # Then the patient's confirmation: her clock, the invite attached as a REQUEST in the doctor's zone
    mail = mailbox.one(PATIENT, "appointment-booked")
    assert mail.to == ["Nina Newyork <nina@example.com>"]
    assert mail.subject == "Booked: your appointment with Anna Smith"
    assert "Wednesday, 2 December 2026 at 05:00 (America/New_York)" in mail.text
    assert mail.html is not None and "Wednesday, 2 December 2026 at 05:00 (America/New_York)" in mail.html
    calendar, event = invite_of(mail)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert content_type_params(mail, "invite.ics")["method"] == "REQUEST"
    assert str(event["UID"]) == f"{appointment['appointment_id']}@docspot"
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == TOMORROW_10
    assert event.decoded("DTEND") == TOMORROW_10 + timedelta(minutes=30)
    assert str(event["ATTENDEE"]) == "mailto:nina@example.com"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin" and zone.walk("STANDARD"), "a VTIMEZONE needs its rules"
    # and the doctor's notice: Berlin time, no invite
    notice = mailbox.one(DOCTOR, "appointment-booked-doctor")
    assert notice.subject.startswith("New appointment: Nina Newyork")
    assert "Wednesday, 2 December 2026 at 11:00 (Europe/Berlin)" in notice.text
    assert notice.attachments == []


def test_the_booking_mail_is_text_and_html_alternatives_plus_the_invite(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    book(api, nina, make_slot(approved_doctor["doctor_id"], TOMORROW_10))

    raw = mailbox.one(PATIENT, "appointment-booked").raw
    message = message_from_string(raw, policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    alternative, calendar = message.get_payload()  # type: ignore[misc]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
    assert (calendar.get_content_type(), calendar.get_filename()) == ("text/calendar", "invite.ics")
    assert calendar.get_content_disposition() == "attachment"


def test_no_mail_carries_the_reason_for_the_visit(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    appointment = book(api, nina, make_slot(approved_doctor["doctor_id"], TOMORROW_10))
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {"reason": "pain is gone"}, nina)

    sent = mailbox.all()
    assert len(sent) >= 4
    for mail in sent:
        assert REASON not in mail.raw and "pain is gone" not in mail.raw, mail.kind


def test_rescheduling_and_cancelling_update_the_same_calendar_entry(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    # Given
    doctor_id = approved_doctor["doctor_id"]
    appointment = book(api, nina, make_slot(doctor_id, TOMORROW_10))
    later = make_slot(doctor_id, TOMORROW_10 + timedelta(hours=2))
    uid = f"{appointment['appointment_id']}@docspot"

    # When the patient moves it, then cancels it
    moved = api.post(f"/appointments/{appointment['appointment_id']}/reschedule", {"slot_id": later}, nina)
    assert moved.status == 200, moved.body
    cancelled = api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, nina)
    assert cancelled.status == 200, cancelled.body

    # Then the invite's UID stays, its SEQUENCE rises, the last one cancels
    invites = [invite_of(m) for m in mailbox.to(PATIENT) if m.attachments]
    assert [str(c["METHOD"]) for c, _ in invites] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [str(e["UID"]) for _, e in invites] == [uid, uid, uid]
    assert [int(e["SEQUENCE"]) for _, e in invites] == [0, 1, 2]
    assert [e.decoded("DTSTART") for _, e in invites][1] == TOMORROW_10 + timedelta(hours=2)
    assert str(invites[2][1]["STATUS"]) == "CANCELLED"
    moved_mail = mailbox.one(PATIENT, "appointment-rescheduled")
    assert moved_mail.subject == "Moved: your appointment with Anna Smith"
    assert "You moved your appointment" in moved_mail.text
    assert "07:00 (America/New_York)" in moved_mail.text and "05:00 (America/New_York)" in moved_mail.text
    cancel_mail = mailbox.one(PATIENT, "appointment-cancelled")
    assert content_type_params(cancel_mail, "invite.ics")["method"] == "CANCEL"
    # and the doctor heard of both, since the patient made them
    assert mailbox.kinds(DOCTOR) == [
        "appointment-booked-doctor",
        "appointment-rescheduled-doctor",
        "appointment-cancelled-doctor",
    ]


def test_a_doctor_who_cancels_is_not_mailed_about_it_but_the_patient_is(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    appointment = book(api, nina, make_slot(approved_doctor["doctor_id"], TOMORROW_10))

    reply = api.post(
        f"/appointments/{appointment['appointment_id']}/cancel", {"reason": "ill"}, approved_doctor["token"]
    )

    assert reply.status == 200, reply.body
    mail = mailbox.one(PATIENT, "appointment-cancelled")
    assert "Anna Smith cancelled your appointment" in words(mail.text)
    assert "reason" not in mail.text.lower()
    assert str(invite_of(mail)[0]["METHOD"]) == "CANCEL"
    assert mailbox.kinds(DOCTOR) == ["appointment-booked-doctor"]


def test_the_doctors_confirmation_is_mailed_to_the_patient(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    appointment = book(api, nina, make_slot(approved_doctor["doctor_id"], TOMORROW_10))

    reply = api.post(
        f"/appointments/{appointment['appointment_id']}/status", {"status": "CONFIRMED"}, approved_doctor["token"]
    )

    assert reply.status == 200, reply.body
    mail = mailbox.one(PATIENT, "appointment-confirmed")
    assert mail.subject == "Confirmed by Anna Smith: your appointment"
    assert mail.attachments == []


def test_a_waitlist_offer_is_mailed_with_the_end_of_its_hold(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox, clock: FakeClock
) -> None:
    # Given Nina holds the only slot and Tom, in Tokyo, waits
    doctor_id = approved_doctor["doctor_id"]
    appointment = book(api, nina, make_slot(doctor_id, TOMORROW_10))
    tom = register(api, "tom@example.com", "Tom Tokyo", "Asia/Tokyo")
    assert api.post(f"/doctors/{doctor_id}/waitlist", {}, tom).status == 201

    # When Nina cancels
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, nina)

    # Then Tom is offered the slot until the hold ends, on his clock
    mail = mailbox.one("tom@example.com", "waitlist-offer")
    assert mail.subject == "A time with Anna Smith is held for you"
    assert "Wednesday, 2 December 2026 at 19:00 (Asia/Tokyo)" in mail.text
    hold_end = clock.now() + timedelta(minutes=15)
    assert f"until Tuesday, 1 December 2026 at {hold_end.astimezone(_tokyo()):%H:%M} (Asia/Tokyo)" in mail.text
    assert f"/doctors/{doctor_id}?slot=" in mail.text


def test_names_are_escaped_in_html_and_kept_in_text(
    api: Api, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    token = register(api, "eve@example.com", "<script>alert(1)</script>", "UTC")

    book(api, token, make_slot(approved_doctor["doctor_id"], TOMORROW_10))

    notice = mailbox.one(DOCTOR, "appointment-booked-doctor")
    assert notice.html is not None
    assert "<script>" not in notice.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in notice.html
    assert "<script>alert(1)</script> booked an appointment" in notice.text


def _tokyo() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Tokyo")


def test_a_german_patient_gets_the_booking_in_german_with_a_german_invite(
    api: Api, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    # Given a German-speaking patient with a name beyond ASCII
    body = {
        "role": "patient",
        "email": "zoe@example.com",
        "password": PASSWORD,
        "name": "Zoë Ångström-Müller",
        "timezone": "Europe/Berlin",
        "locale": "de",
    }
    assert api.post("/auth/register", body).status == 201
    # When she books
    book(api, str(login(api, "zoe@example.com")["access_token"]), make_slot(approved_doctor["doctor_id"], TOMORROW_10))
    # Then the confirmation is German throughout: subject, text, HTML, date, and the invite's summary
    mail = mailbox.one("zoe@example.com", "appointment-booked")
    assert mail.subject == "Gebucht: Ihr Termin bei Anna Smith"
    assert mail.text.startswith("Hallo Zoë Ångström-Müller,")
    assert "Mittwoch, 2. Dezember 2026 um 11:00 Uhr (Europe/Berlin)" in mail.text
    assert "Termin ansehen, verschieben oder absagen:" in mail.text
    assert mail.html is not None and '<html lang="de">' in mail.html and "Termin ansehen" in mail.html
    assert str(invite_of(mail)[1]["SUMMARY"]) == "Termin bei Anna Smith"
    # And the doctor, who reads English, gets the notice in English
    assert mailbox.one(DOCTOR, "appointment-booked-doctor").subject.startswith("New appointment: Zoë Ångström-Müller")


def test_the_booking_mail_offers_google_and_outlook_links_for_the_appointment(
    api: Api, nina: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    import re
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    # Given a booked appointment
    appointment = book(api, nina, make_slot(approved_doctor["doctor_id"], TOMORROW_10))

    # When the confirmation arrives
    mail = mailbox.one(PATIENT, "appointment-booked")

    # Then its text and its HTML carry both links, built from the appointment's times in UTC, never the reason
    google = re.search(r"https://calendar\.google\.com/\S+", mail.text).group(0)
    outlook = re.search(r"https://outlook\.live\.com/\S+", mail.text).group(0)
    assert mail.html is not None
    for link in (google, outlook):
        assert unescape(link) in unescape(mail.html)
        assert "chest" not in link.lower()
    g = parse_qs(urlsplit(google).query)
    assert g["action"] == ["TEMPLATE"]
    assert g["dates"] == ["20261202T100000Z/20261202T103000Z"]
    assert g["text"] == ["Appointment with Anna Smith"]
    assert g["details"][0].endswith(f"/appointments/{appointment['appointment_id']}")
    o = parse_qs(urlsplit(outlook).query)
    assert (o["startdt"], o["enddt"], o["subject"]) == (
        ["2026-12-02T10:00:00Z"],
        ["2026-12-02T10:30:00Z"],
        ["Appointment with Anna Smith"],
    )
