"""What the mail-link journey needs from a live stack: its mailbox over HTTP, the links in a mail, fresh people of
its own, and a reminder written for an appointment (the reminder run only mails appointments booked a day ahead)."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx

from local.launch import REPO
from tests.support.browser import LiveStack
from tests.support.stack import DEMO_PASSWORD, bearer

_URL = re.compile(r"https?://[^\s<>\"')]+")


def mailbox(stack: LiveStack) -> list[dict[str, Any]]:
    """Every mail the stack sent, newest first (``/_local/mail.json``)."""
    reply = httpx.get(f"{stack.url}/_local/mail.json", timeout=30, trust_env=False)
    assert reply.status_code == 200, reply.text
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def mail_to(stack: LiveStack, address: str, kind: str, seconds: float = 5.0) -> dict[str, Any]:
    """The newest mail of ``kind`` to ``address``, waiting up to ``seconds`` for it: a booking's mail follows from
    the appointments stream, a moment after the booking's answer."""
    deadline = time.monotonic() + seconds
    while not (found := [m for m in mailbox(stack) if any(address in to for to in m["to"]) and m["kind"] == kind]):
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert found, f"no {kind} mail to {address}: {[(m['kind'], m['to']) for m in mailbox(stack)][:20]}"
    return found[0]


def links_in(stack: LiveStack, mail: dict[str, Any]) -> list[str]:
    """The links into the app in a mail's text, in order, each once, relative to the site."""
    seen: list[str] = []
    for url in _URL.findall(mail["text"]):
        url = url.rstrip(".,;:")
        if url.startswith(stack.url) and url not in seen:
            seen.append(url)
    return [url.removeprefix(stack.url) or "/" for url in seen]


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    email: str
    password: str = DEMO_PASSWORD


def new_patient(stack: LiveStack, name: str, zone: str = "Europe/Berlin") -> Person:
    email = f"{name.lower().replace(' ', '.')}.{secrets.token_hex(4)}@example.com"
    with stack.client() as client:
        reply = client.post(
            "/auth/register",
            json={"role": "patient", "email": email, "password": DEMO_PASSWORD, "name": name, "timezone": zone},
        )
    assert reply.status_code == 201, reply.text
    return Person(user_id=str(reply.json()["user_id"]), name=name, email=email)


def new_doctor(stack: LiveStack, admin_token: str, name: str, zone: str = "Europe/Berlin") -> Person:
    """An approved doctor with a waitlist and a mailbox no other journey shares."""
    tag = secrets.token_hex(4)
    email = f"{name.lower().replace(' ', '.').replace('dr.', 'dr')}.{tag}@example.com"
    with stack.client() as client:
        specialty = client.get("/specialties").json()["items"][0]["specialty_id"]
        reply = client.post(
            "/admin/doctors",
            json={
                "email": email,
                "password": DEMO_PASSWORD,
                "name": name,
                "specialty_id": specialty,
                "license_number": f"ML-{tag}",
                "experience_years": 9,
                "consultation_fee": 95,
                "timezone": zone,
            },
            headers=bearer(admin_token),
        )
    assert reply.status_code == 201, reply.text
    return Person(user_id=str(reply.json()["doctor_id"]), name=name, email=email)


_REMINDER = """
import sys
import time
from datetime import timedelta
from pathlib import Path

from local.moto_backend import apply_environment, stack_environment
from local.state import read_state

state = read_state(Path(sys.argv[1]))
apply_environment(
    stack_environment(moto_endpoint=state["moto_endpoint"], app_url=state["site_url"], jwt_secret=state["jwt_secret"])
)

from chalicelib.adapters.registry import adapters
from chalicelib.models.appointments import Appointment
from chalicelib.services.core import times
from chalicelib.services.core.people import users
from chalicelib.services.mail import reminders

appointment = Appointment.get(sys.argv[2])
people = users([appointment.patient_id, appointment.doctor_id])
start = times.parse_iso(appointment.start)
email = reminders.reminder_email(
    appointment, reminders.DAY_BEFORE, people[appointment.patient_id], people[appointment.doctor_id],
    start - timedelta(hours=23),
)
adapters().mailer.send(email)
"""


def send_day_before_reminder(stack: LiveStack, appointment_id: str) -> None:
    """The 24-hour reminder of an appointment, written and sent by the app's own code against the stack's moto."""
    done = subprocess.run(
        [sys.executable, "-c", _REMINDER, str(stack.stack.state), appointment_id],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
