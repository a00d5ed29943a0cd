"""The e-mails this part of DocSpot sends. A failure to send is logged and never fails the caller's change."""

from __future__ import annotations

from urllib.parse import quote

from chalicelib.adapters.mailer import Email
from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.observability import logger


def send(email: Email, *, kind: str) -> bool:
    try:
        adapters().mailer.send(email)
    except Exception:
        logger.exception("e-mail not sent", extra={"mail_kind": kind})
        return False
    return True


def password_reset(to: str, name: str, token: str, minutes: int) -> Email:
    link = f"{get_settings().app_url}/reset-password?token={quote(token)}"
    return Email(
        to=to,
        subject="Reset your DocSpot password",
        text=(
            f"Hello {name},\n\nSomeone asked to reset the password of your DocSpot account. If it was you, open\n\n"
            f"  {link}\n\nwithin {minutes} minutes and choose a new password. The link works once.\n\n"
            "If it was not you, ignore this message: your password stays as it is.\n"
        ),
    )


def doctor_decision(to: str, name: str, approved: bool, reason: str | None) -> Email:
    if approved:
        subject = "Your DocSpot doctor account is approved"
        text = (
            f"Hello {name},\n\nYour doctor account is approved. Patients can now find you on DocSpot; "
            f"log in at {get_settings().app_url} to publish your availability.\n"
        )
    else:
        subject = "Your DocSpot doctor application"
        text = f"Hello {name},\n\nWe could not approve your doctor account."
        text += f"\n\nReason: {reason}\n" if reason else "\n"
    if reason and approved:
        text += f"\nNote from the reviewer: {reason}\n"
    return Email(to=to, subject=subject, text=text)
