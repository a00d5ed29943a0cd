"""What the browser journeys share: the stack, signing in through the UI, publishing a slot, the WebSocket probe,
and skipping (or failing, under make test) when the browser is missing."""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.stack import DEMO_PASSWORD, PublishedSlot, Stack, publish_slot

CHROMIUM = "/usr/bin/chromium"
DOCTOR_NAME = "Anna Schmidt"
DOCTOR_EMAIL = "anna.schmidt@docspot.test"
# Each journey's slot gets a day of its own, away from the demo data and from tests/e2e's race days (20+).
_days = itertools.count(40)


def unavailable(reason: str) -> None:
    """Skips the journeys for want of ``reason``; a failure instead when DOCSPOT_BROWSER_REQUIRED=1 (make test)."""
    if os.environ.get("DOCSPOT_BROWSER_REQUIRED") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class LiveStack:
    stack: Stack

    @property
    def url(self) -> str:
        return self.stack.url

    def client(self) -> httpx.Client:
        return self.stack.client()


def find_doctor(stack: LiveStack, name: str = DOCTOR_NAME) -> tuple[str, str]:
    """A demo doctor's id and time zone."""
    with stack.client() as client:
        items = client.get("/doctors", params={"q": name}).json()["items"]
    doctor = next(d for d in items if d["name"] == name)
    return str(doctor["doctor_id"]), str(doctor["timezone"])


def fresh_slot(stack: LiveStack, admin_token: str, name: str = DOCTOR_NAME) -> PublishedSlot:
    """A free slot of the doctor on a day no other journey uses, published through the admin's endpoint."""
    doctor_id, zone = find_doctor(stack, name)
    day = datetime.now(ZoneInfo(zone)).date() + timedelta(days=next(_days))
    with stack.client() as client:
        return publish_slot(client, admin_token, doctor_id, zone, day)


def slot_day(slot: PublishedSlot, zone: str) -> date:
    return slot.start.astimezone(ZoneInfo(zone)).date()


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD, next_path: str | None = None) -> None:
    """Signs in through the log-in form, as a person does."""
    page.goto(f"/login?next={next_path}" if next_path else "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def wait_live(page: Page, topic: str, timeout: float = 10_000) -> None:
    """Until the server has confirmed the page's subscription to ``topic`` (see realtime/RealtimeProvider)."""
    page.wait_for_function(
        "topic => (document.body.dataset.liveTopics || '').split(' ').includes(topic)", arg=topic, timeout=timeout
    )
