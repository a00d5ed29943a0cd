"""E-mail rendering: every template in both forms, escaping, local times, and the MIME message SES receives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from chalicelib.adapters.mailer import KIND_HEADER, Attachment, Email, mime_message
from chalicelib.services.mail import outbox
from chalicelib.services.mail._templates import TEMPLATES, local_time, render

START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CONTEXT = {
    "name": "Ann <b>& co</b>",
    "app_url": "http://app.test",
    "zone": "Europe/Berlin",
    "pending": False,
    "note": None,
    "reason": "Licence <expired>",
    "link": "http://app.test/reset-password?token=a&b",
    "minutes": 60,
    "code": "042917",
    "doctor_name": "Dr <i>Who</i>",
    "patient_name": "Pat <script>",
    "start": START,
    "previous_start": START - timedelta(hours=2),
    "expires_at": START - timedelta(hours=20),
    "appointment_url": "http://app.test/appointments/1",
    "book_url": "http://app.test/doctors/1?slot=2",
    "attend_link": "http://app.test/attend?token=t",
    "reminder": "24h",
    "days": 1,
    "by": "patient",
    "may_change": True,
    "by_you": True,
    "to_requester": True,
    "application_url": "http://app.test/doctor",
    "sender_name": "Dr <i>Who</i>",
    "conversation_url": "http://app.test/messages/c1",
    "request_url": "http://app.test/urgent/r1",
    "emergency_number": "112",
    "invoice_number": "2026-000001",
    "plan_url": "http://app.test/doctor/plan",
    "calendar_links": {
        "google": "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Dr+%3Ci%3E",
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?rru=addevent&subject=Dr",
    },
}
# Partials (``_*``), the frame (``base``) and pieces that are not a mail of their own (a summary, text messages).
KINDS = sorted(
    p.stem
    for p in TEMPLATES.glob("*.txt")
    if not p.stem.startswith(("base", "optional", "_", "invite_summary", "sms_"))
)
GREETING = {"en": "Hello", "de": "Hallo"}


def test_every_text_template_has_its_html_twin() -> None:
    html = {p.stem for p in TEMPLATES.glob("*.html") if not p.stem.startswith(("base", "_"))}
    assert set(KINDS) == html
    assert len(KINDS) == 20


@pytest.mark.parametrize("locale", ["en", "de"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_a_one_line_subject_text_and_escaped_html(kind: str, locale: str) -> None:
    rendered = render(kind, locale=locale, **CONTEXT)

    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text.startswith(f"{GREETING[locale]} Ann <b>& co</b>,")
    assert f"{GREETING[locale]} Ann &lt;b&gt;&amp; co&lt;/b&gt;," in rendered.html
    assert "<script>" not in rendered.html and "<i>Who</i>" not in rendered.html
    assert rendered.html.lstrip().startswith("<!doctype html>")
    assert f'<html lang="{locale}">' in rendered.html
    assert all(len(line) <= 76 or line.startswith(" ") or "://" in line for line in rendered.text.splitlines())


@pytest.mark.parametrize("kind", KINDS)
def test_the_german_mail_is_german(kind: str) -> None:
    english, german = render(kind, locale="en", **CONTEXT), render(kind, locale="de", **CONTEXT)

    assert german.subject != english.subject
    assert german.text != english.text
    assert "Ihr DocSpot-Team" in german.text and "The DocSpot team" not in german.text


def test_times_are_written_the_readers_way() -> None:
    assert local_time(START, "Europe/Berlin", "de") == "Mittwoch, 2. Dezember 2026 um 11:00 Uhr (Europe/Berlin)"
    assert local_time(START, "Europe/Berlin", "en") == "Wednesday, 2 December 2026 at 11:00 (Europe/Berlin)"


def test_a_reminder_inside_the_notice_does_not_offer_cancelling_or_moving() -> None:
    for locale in ("en", "de"):
        allowed = render("reminder", locale=locale, **CONTEXT)
        too_late = render("reminder", locale=locale, **{**CONTEXT, "may_change": False, "reminder": "1h"})
        assert ("cancel or move it so" in allowed.text) or ("verschieben Sie ihn" in allowed.text)
        assert "cancel or move it so" not in too_late.text and "verschieben Sie ihn" not in too_late.text
        assert "Cancel or move it" not in too_late.html and "Absagen oder verschieben" not in too_late.html
        assert ("too late" in too_late.text) or ("zu spät" in too_late.text)


def test_a_missing_variable_fails_instead_of_sending_a_blank() -> None:
    with pytest.raises(UndefinedError):
        render("reminder", name="Ann", app_url="http://app.test", zone="UTC")


def test_times_are_shown_on_the_recipients_clock_with_the_zone_named() -> None:
    assert local_time(START, "Europe/Berlin") == "Wednesday, 2 December 2026 at 11:00 (Europe/Berlin)"
    assert local_time(START, "America/Los_Angeles") == "Wednesday, 2 December 2026 at 02:00 (America/Los_Angeles)"
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert local_time(summer, "Europe/Berlin") == "Wednesday, 1 July 2026 at 12:00 (Europe/Berlin)"


def invite_email(**changes: object) -> Email:
    email = Email(
        to="pat@example.com",
        to_name="Pat Patient",
        subject="Booked",
        text="plain words",
        html="<p>html words</p>",
        kind="appointment-booked",
        date=START,
        attachments=(
            Attachment(
                "invite.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", (("method", "REQUEST"),)
            ),
        ),
    )
    return Email(**{**email.__dict__, **changes})  # type: ignore[arg-type]


def test_the_mime_message_is_mixed_alternatives_then_the_invite() -> None:
    message = message_from_bytes(mime_message(invite_email(), "no-reply@docspot.test"), policy=policy.default)

    assert message["To"] == "Pat Patient <pat@example.com>"
    assert message["From"] == "DocSpot <no-reply@docspot.test>"
    assert message[KIND_HEADER] == "appointment-booked"
    assert message["Date"] == "Wed, 02 Dec 2026 10:00:00 +0000"
    assert message.get_content_type() == "multipart/mixed"
    alternative, invite = message.get_payload()  # type: ignore[misc]
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
    assert (invite.get_content_type(), invite.get_filename(), invite.get_param("method")) == (
        "text/calendar",
        "invite.ics",
        "REQUEST",
    )
    assert invite.get_payload(decode=True) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_a_mail_without_attachments_is_just_the_alternatives() -> None:
    raw = mime_message(invite_email(attachments=()), "no-reply@docspot.test")

    assert message_from_bytes(raw, policy=policy.default).get_content_type() == "multipart/alternative"


def test_a_name_with_a_line_break_cannot_add_a_header() -> None:
    with pytest.raises(ValueError):
        mime_message(invite_email(subject="Hi\r\nBcc: victim@example.com"), "no-reply@docspot.test")


def test_a_kept_mail_comes_back_exactly_as_it_was_written() -> None:
    email = invite_email()

    assert outbox.decode(outbox.encode(email)) == email


def test_retries_back_off_from_five_minutes_to_six_hours() -> None:
    waits = [outbox.backoff(n) for n in range(1, 10)]

    assert [int(w.total_seconds() // 60) for w in waits] == [5, 10, 20, 40, 80, 160, 320, 360, 360]


def test_templates_live_in_the_package() -> None:
    assert Path(TEMPLATES).is_dir() and TEMPLATES.parts[-3:] == ("chalicelib", "templates", "email")


def headers_of(raw: bytes) -> list[str]:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii").split("\r\n")


@pytest.mark.parametrize("length", range(60, 90))
@pytest.mark.parametrize(
    "words",
    [
        "New appointment: Paula Patient, Wednesday, 2 December 2026 at 11:00 (Europe/Berlin) and more words",
        "Booked: your appointment with Dr. Zoë Ångström-Müller on Wednesday, 2 December 2026 at 11:00",
        "Neuer Termin: Grete Groß, Mittwoch, 2. Dezember 2026 um 11:00 Uhr (Europe/Berlin) und weitere Wörter",
    ],
    ids=["ascii", "zoe", "german"],
)
def test_long_subjects_fold_and_read_back_exactly(words: str, length: int) -> None:
    # Given a subject of about a line's length (where folding used to move it whole onto a line of its own)
    subject = words[:length].strip()
    # When it is written into a message
    raw = mime_message(invite_email(subject=subject), "no-reply@docspot.test")
    # Then it reads back exactly, without a leading space, and no header line outgrows 78 characters
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
    lines = headers_of(raw)
    subject_line = next(line for line in lines if line.startswith("Subject:"))
    assert subject_line.startswith("Subject: ") and len(subject_line) > len("Subject: ")
    assert all(len(line) <= 78 for line in lines)


def test_a_non_ascii_recipient_name_is_encoded_and_reads_back() -> None:
    raw = mime_message(
        invite_email(
            to_name="Dr. Zoë Ångström-Müller", subject="Booked: your appointment with Dr. Zoë Ångström-Müller"
        ),
        "no-reply@docspot.test",
    )
    message = message_from_bytes(raw, policy=policy.default)

    assert message["To"].addresses[0].display_name == "Dr. Zoë Ångström-Müller"
    assert message["To"].addresses[0].addr_spec == "pat@example.com"
    assert message["Subject"] == "Booked: your appointment with Dr. Zoë Ångström-Müller"
    assert all(line.isascii() and len(line) <= 78 for line in headers_of(raw))


def test_a_name_with_a_line_break_cannot_add_a_to_header() -> None:
    with pytest.raises(ValueError):
        mime_message(invite_email(to_name="Pat\r\nBcc: victim@example.com"), "no-reply@docspot.test")
