"""What the doctor and admin journeys add to tests/support/browser.py: accounts made through the API, bookings,
and a check that a page fits a phone."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Page

from tests.support.browser import LiveStack
from tests.support.stack import DEMO_PASSWORD, PublishedSlot, bearer, login, publish_slot


@dataclass(frozen=True)
class Applicant:
    name: str
    email: str
    doctor_id: str


def register_pending_doctor(stack: LiveStack, name: str, specialty: str = "Neurology") -> Applicant:
    """A doctor who signed up and waits in the admin's queue, with an e-mail and licence no other test uses."""
    tag = secrets.token_hex(4)
    email = f"{name.lower().replace(' ', '.')}.{tag}@docspot.test"
    with stack.client() as client:
        specialty_id = next(
            s["specialty_id"] for s in client.get("/specialties").json()["items"] if s["name"] == specialty
        )
        reply = client.post(
            "/auth/register",
            json={
                "role": "doctor",
                "email": email,
                "password": DEMO_PASSWORD,
                "name": name,
                "specialty_id": specialty_id,
                "license_number": f"SE-{tag}",
                "experience_years": 8,
                "consultation_fee": 90,
                "bio": "Neurologist for headaches and sleep disorders.",
                "timezone": "Europe/Stockholm",
            },
        )
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    assert body["doctor_status"] == "PENDING", body
    return Applicant(name=name, email=email, doctor_id=str(body["user_id"]))


def slot_days_ahead(stack: LiveStack, admin_token: str, doctor_id: str, zone: str, days: int) -> PublishedSlot:
    """A free evening slot of the doctor ``days`` ahead on their calendar (inside the dashboard's fortnight)."""
    day: date = (datetime.now(ZoneInfo(zone)) + timedelta(days=days)).date()
    with stack.client() as client:
        return publish_slot(client, admin_token, doctor_id, zone, day)


def book(stack: LiveStack, patient_email: str, slot_id: str, reason: str) -> dict[str, Any]:
    """A patient books through the API, as a second person would from their own device."""
    with stack.client() as client:
        token = login(client, patient_email)
        reply = client.post(
            "/appointments", json={"slot_id": slot_id, "reason_for_visit": reason}, headers=bearer(token)
        )
    assert reply.status_code == 201, reply.text
    booked: dict[str, Any] = reply.json()
    return booked


def appointment_status(stack: LiveStack, admin_token: str, appointment_id: str) -> str:
    with stack.client() as client:
        reply = client.get(f"/appointments/{appointment_id}", headers=bearer(admin_token))
    assert reply.status_code == 200, reply.text
    return str(reply.json()["status"])


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 or less: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
