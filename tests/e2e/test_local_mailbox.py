"""The local mailbox (/_local/mail): what a newcomer reads after booking or asking for a password reset."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from icalendar import Calendar

from tests.support.stack import PublishedSlot, Stack, bearer, login

PASSWORD = "mailbox-password"


def mailbox(stack: Stack) -> list[dict[str, Any]]:
    reply = httpx.get(f"{stack.url}/_local/mail.json", timeout=30, trust_env=False)
    assert reply.status_code == 200, reply.text
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def mail_to(stack: Stack, email: str, until: Callable[[list[str]], bool], seconds: float = 5.0) -> list[dict[str, Any]]:
    """The mail to ``email``, newest first, once ``until`` holds for their kinds (or ``seconds`` have passed)."""
    deadline = time.monotonic() + seconds
    while True:
        mine = [m for m in mailbox(stack) if any(email in to for to in m["to"])]
        if until([m["kind"] for m in mine]) or time.monotonic() > deadline:
            return mine
        time.sleep(0.1)


def newcomer(http: httpx.Client, zone: str = "America/New_York") -> str:
    email = f"newcomer-{uuid.uuid4().hex[:8]}@example.com"
    body = {"role": "patient", "email": email, "password": PASSWORD, "name": "Nia Newcomer", "timezone": zone}
    assert http.post("/auth/register", json=body).status_code == 201
    return email


def test_the_booking_mail_and_its_invite_can_be_read_in_the_local_mailbox(
    stack: Stack, http: httpx.Client, new_race_slot: Callable[[], PublishedSlot]
) -> None:
    # Given a newcomer books a slot
    email = newcomer(http)
    slot = new_race_slot()
    booked = http.post(
        "/appointments",
        json={"slot_id": slot.slot_id, "reason_for_visit": "private"},
        headers=bearer(login(http, email, PASSWORD)),
    )
    assert booked.status_code == 201, booked.text

    # When they open the mailbox (the booking's mail follows from the appointments stream, moments later)
    mine = mail_to(stack, email, until=lambda kinds: "appointment-booked" in kinds)

    # Then the welcome and the booking are there, newest first, and the booking's invite downloads and parses
    assert [m["kind"] for m in mine] == ["appointment-booked", "welcome"]
    booking = mine[0]
    assert booking["subject"].startswith("Booked: your appointment with")
    assert "private" not in booking["text"]
    page = httpx.get(f"{stack.url}{booking['url']}", timeout=30, trust_env=False)
    assert page.status_code == 200 and booking["subject"] in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.text
    [attachment] = booking["attachments"]
    invite = httpx.get(f"{stack.url}{booking['url']}/attachments/{attachment['index']}", timeout=30, trust_env=False)
    assert invite.status_code == 200
    assert invite.headers["content-type"].startswith("text/calendar")
    assert 'filename="invite.ics"' in invite.headers["content-disposition"]
    calendar = Calendar.from_ical(invite.content)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{booked.json()['appointment_id']}@docspot"
    assert event.decoded("DTSTART") == slot.start


def test_a_password_reset_link_in_the_mailbox_works(stack: Stack, http: httpx.Client) -> None:
    email = newcomer(http)
    assert http.post("/auth/password-reset", json={"email": email}).status_code == 202

    [reset] = [m for m in mailbox(stack) if any(email in to for to in m["to"]) and m["kind"] == "password-reset"]
    [link] = re.findall(r"https?://\S+", reset["text"])
    assert link.startswith(stack.url + "/reset-password?")
    token = parse_qs(urlparse(link).query)["token"][0]
    reply = http.post("/auth/password-reset/confirm", json={"token": token, "password": "another passphrase"})
    assert reply.status_code == 200, reply.text
    assert login(http, email, "another passphrase")


def test_the_mailbox_pages_answer_and_the_old_address_redirects(stack: Stack) -> None:
    with httpx.Client(base_url=stack.url, timeout=30, trust_env=False) as site:
        listing = site.get("/_local/mail")
        assert listing.status_code == 200 and "Local mailbox" in listing.text
        moved = site.get("/_local/emails")
        assert (moved.status_code, moved.headers["location"]) == (308, "/_local/mail")
        assert site.get("/_local/mail/no-such-id").status_code == 404
        assert site.get("/_local/mail/no-such-id/attachments/0").status_code == 404
