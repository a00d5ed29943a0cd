"""The e-mails DocSpot writes: one function per kind, each rendering its templates for one recipient.

Times are shown on the recipient's own clock (``users.timezone``). No health data travels by e-mail: never the
reason for a visit, visit notes or a cancellation's reason; the app shows them to whoever may see them.
Sending goes through the outbox (``send``): a failure is kept and retried, never raised to the caller.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from chalicelib.adapters.mailer import Attachment, Email
from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.models.users import User
from chalicelib.services.accounts import mail_preferences as preferences
from chalicelib.services.core.links import app_link
from chalicelib.services.mail import outbox
from chalicelib.services.mail._templates import render, render_line
from chalicelib.vocabulary import DEFAULT_LOCALE, AccountStatus

INVITE_NAME = "invite.ics"


def application_url() -> str:
    """Where a doctor's web app opens: a doctor not yet approved sees the application there, to read and correct."""
    return app_link("/doctor")


def send(email: Email, *, stale_after: datetime | None = None) -> bool:
    """Sends now or keeps it for a retry (services/outbox.py); never raises."""
    return outbox.deliver(email, stale_after=stale_after)


def send_if_wanted(user: User, category: str, email: Email, *, stale_after: datetime | None = None) -> bool:
    """Sends unless ``user`` switched this category off (essential mail always goes) or the account is disabled."""
    if user.status != AccountStatus.ACTIVE or not preferences.wants(user, category):
        return False
    return send(email, stale_after=stale_after)


def locale_of(user: User) -> str:
    """The language the recipient reads (``users.locale``), English for accounts that never chose."""
    return str(user.locale or DEFAULT_LOCALE)


def compose(user: User, kind: str, template: str, attachments: tuple[Attachment, ...] = (), **context: Any) -> Email:
    """The mail of ``template`` for ``user``: in their language, times on their clock."""
    app_url = get_settings().app_url
    rendered = render(template, locale=locale_of(user), name=user.name, app_url=app_url, zone=user.timezone, **context)
    return Email(
        to=user.email,
        to_name=user.name,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        kind=kind,
        date=adapters().clock.now(),
        attachments=attachments,
    )


def invite(ics: bytes, method: str) -> Attachment:
    return Attachment(
        filename=INVITE_NAME,
        content_type="text/calendar",
        data=ics,
        params=(("method", method), ("charset", "utf-8")),
    )


# Account and security mail ---------------------------------------------------------------------------------------


def summary(user: User, doctor_name: str) -> str:
    """An invite's summary in the recipient's language (``Termin bei Dr. ...``)."""
    return render_line("invite_summary", locale=locale_of(user), doctor_name=doctor_name)


def welcome(user: User, *, pending_doctor: bool) -> Email:
    return compose(user, "welcome", "welcome", pending=pending_doctor, application_url=application_url())


def password_reset(user: User, token: str, minutes: int) -> Email:
    link = app_link(f"/reset-password?token={quote(token)}")
    return compose(user, "password-reset", "password_reset", link=link, minutes=minutes)


def login_code(user: User, code: str, minutes: int) -> Email:
    return compose(user, "login-code", "login_code", code=code, minutes=minutes)


def plan_downgraded(user: User, invoice_number: str) -> Email:
    """Essential (billing) mail: sent whatever the optional-mail choices."""
    return compose(
        user, "plan-downgraded", "plan_downgraded", invoice_number=invoice_number, plan_url=app_link("/doctor/plan")
    )


def doctor_decision(user: User, approved: bool, reason: str | None) -> Email:
    if approved:
        return compose(user, "doctor-approved", "doctor_approved", note=reason)
    return compose(user, "doctor-rejected", "doctor_rejected", reason=reason, application_url=application_url())


# Text messages (SMS) -------------------------------------------------------------------------------------------


def sms_code(user: User, code: str, minutes: int) -> str:
    """The confirmation code's SMS, in the user's language."""
    return render_line("sms_code", locale=locale_of(user), code=code, minutes=minutes)


def sms_reminder(patient: User, doctor_name: str, start: datetime) -> str:
    """A reminder by SMS: the doctor and the local time only. No reason for visit, no link (a text message is read
    on lock screens and kept by carriers; DocSpot opens after signing in)."""
    return render_line(
        "sms_reminder", locale=locale_of(patient), doctor_name=doctor_name, start=start, zone=patient.timezone
    )
