"""The mails of conversations and urgent requests, for the capabilities that own them (services/messaging,
services/urgent) to send when their schedules decide so.

None carries health data: a new-message notice names the sender and links to the conversation, never the text;
an urgent request's mails never contain the symptoms.
"""

from __future__ import annotations

from chalicelib.models.users import User
from chalicelib.services import settings as platform
from chalicelib.services.accounts import mail_preferences as preferences
from chalicelib.services.core.links import app_link
from chalicelib.services.mail import _messages as messages
from chalicelib.vocabulary import Role


def conversation_url(user: User, conversation_id: str) -> str:
    portal = "/doctor/messages" if user.role == Role.DOCTOR else "/messages"
    return app_link(f"{portal}/{conversation_id}")


def urgent_url(user: User, request_id: str) -> str:
    if user.role == Role.ADMIN:
        # The admins' live monitor (it shows the escalation as it happens); the request itself is
        # GET /api/urgent-requests/{id} until the admin portal has a page of its own for it.
        return app_link("/admin")
    return app_link(f"/urgent/{request_id}")


def new_message(user: User, sender_name: str, conversation_id: str) -> bool:
    """ "New message from Dr X" to ``user``, unless they switched ``messages`` mail off. Whether it went."""
    email = messages.compose(
        user,
        "new-message",
        "new_message",
        sender_name=sender_name,
        conversation_url=conversation_url(user, conversation_id),
    )
    return messages.send_if_wanted(user, preferences.MESSAGES, email)


def urgent_escalated(admin: User, request_id: str) -> bool:
    email = messages.compose(
        admin,
        "urgent-escalated",
        "urgent_escalated",
        minutes=platform.current().urgent_escalation_minutes,
        request_url=urgent_url(admin, request_id),
    )
    return messages.send_if_wanted(admin, preferences.ACCOUNT, email)


def urgent_escalated_to_patient(patient: User, request_id: str) -> bool:
    email = messages.compose(
        patient,
        "urgent-escalated-patient",
        "urgent_escalated_patient",
        emergency_number=platform.current().emergency_number,
        request_url=urgent_url(patient, request_id),
    )
    return messages.send_if_wanted(patient, preferences.ACCOUNT, email)
