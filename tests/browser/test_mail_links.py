"""Every link in DocSpot's e-mails leads to a real page: the journey opens each mail as the local mailbox has it
(/_local/mail.json) and follows its links in a browser that is not signed in, signing in when the page asks."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack
from tests.support.mailbox_links import (
    Person,
    links_in,
    mail_to,
    new_doctor,
    new_patient,
    send_day_before_reminder,
)
from tests.support.portal import register_pending_doctor
from tests.support.stack import DEMO_PASSWORD, bearer, login, publish_slot

ZONE = "Europe/Berlin"


def _slot(stack: LiveStack, admin_token: str, doctor: Person, days: int) -> str:
    day = (datetime.now(ZoneInfo(ZONE)) + timedelta(days=days)).date()
    with stack.client() as client:
        return publish_slot(client, admin_token, doctor.user_id, ZONE, day).slot_id


def _book(stack: LiveStack, patient: Person, slot_id: str) -> str:
    with stack.client() as client:
        token = login(client, patient.email)
        reply = client.post(
            "/appointments", json={"slot_id": slot_id, "reason_for_visit": "Check-up"}, headers=bearer(token)
        )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["appointment_id"])


def _follow(page: Page, path: str, person: Person | None) -> None:
    """Opens a mail's link as someone who clicks it in their mail program; signs in if the page asks to."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if person is not None and "/login" in page.url:
        page.get_by_label("E-mail").fill(person.email)
        page.get_by_label(re.compile(r"^Password")).fill(person.password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Page not found")).to_have_count(0)


def test_every_link_in_every_mail_lands_on_a_real_page(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given a doctor, a patient who books, and a second patient on the doctor's waitlist
    doctor = new_doctor(stack, admin_token, "Dr. Mira Link")
    paula = new_patient(stack, "Paula Link")
    wanda = new_patient(stack, "Wanda Waiting")
    first = _book(stack, paula, _slot(stack, admin_token, doctor, 50))
    second = _book(stack, paula, _slot(stack, admin_token, doctor, 51))
    # (A time published while someone waits is offered to them: Wanda joins once Paula's times are booked.)
    with stack.client() as client:
        token = login(client, wanda.email)
        assert client.post(f"/doctors/{doctor.user_id}/waitlist", json={}, headers=bearer(token)).status_code == 201

    # When Paula's bookings are confirmed by mail, a reminder comes, she cancels one, Wanda is offered the time,
    # Paula asks for a new password, and a pending doctor is approved
    send_day_before_reminder(stack, second)
    with stack.client() as client:
        token = login(client, paula.email)
        reply = client.post(f"/appointments/{first}/cancel", json={"reason": "A clash at work"}, headers=bearer(token))
        assert reply.status_code == 200, reply.text
        assert client.post("/auth/password-reset", json={"email": paula.email}).status_code == 202
    applicant = register_pending_doctor(stack, "Ola Approved")
    with stack.client() as client:
        reply = client.post(f"/admin/doctors/{applicant.doctor_id}/approve", json={}, headers=bearer(admin_token))
        assert reply.status_code == 200, reply.text
    approved = Person(user_id=applicant.doctor_id, name=applicant.name, email=applicant.email, password=DEMO_PASSWORD)

    mails = [
        ("booked", paula, mail_to(stack, paula.email, "appointment-booked")),
        ("booked-doctor", doctor, mail_to(stack, doctor.email, "appointment-booked-doctor")),
        ("reminder", paula, mail_to(stack, paula.email, "reminder-24h")),
        ("cancelled", paula, mail_to(stack, paula.email, "appointment-cancelled")),
        ("cancelled-doctor", doctor, mail_to(stack, doctor.email, "appointment-cancelled-doctor")),
        ("waitlist-offer", wanda, mail_to(stack, wanda.email, "waitlist-offer")),
        ("password-reset", paula, mail_to(stack, paula.email, "password-reset")),
        ("doctor-approved", approved, mail_to(stack, approved.email, "doctor-approved")),
    ]

    # Then every link of every mail opens a page of the app (never "Page not found"), signing in first where needed
    followed: dict[str, list[str]] = {}
    for name, person, mail in mails:
        links = links_in(stack, mail)
        assert links, f"the {name} mail has no link into the app:\n{mail['text']}"
        followed[name] = links
        for index, link in enumerate(links):
            page = new_page()
            _follow(page, link, person)
            shot(page, f"mail-links-{name}-{index + 1}")

    # and each lands where it says: the appointment for whoever opens it, the attendance question, the offer
    assert any(link in (f"/appointments/{first}", f"/appointments/{second}") for link in followed["booked"])
    assert any(link.startswith("/attend?token=") for link in followed["reminder"])
    assert any(link.startswith("/reset-password?token=") for link in followed["password-reset"])
    assert any(f"/doctors/{doctor.user_id}?slot=" in link for link in followed["waitlist-offer"])

    patient_view = new_page()
    _follow(patient_view, f"/appointments/{second}", paula)
    expect(patient_view).to_have_url(re.compile(rf"/me/appointments/{second}$"))
    expect(patient_view.get_by_role("heading", name=doctor.name, level=1)).to_be_visible()

    doctor_view = new_page()
    _follow(doctor_view, f"/appointments/{first}", doctor)
    expect(doctor_view).to_have_url(re.compile(rf"/doctor/appointments/{first}$"))
    expect(doctor_view.get_by_role("heading", name=f"Appointment with {paula.name}")).to_be_visible()
    expect(doctor_view.get_by_text("Cancelled by the patient")).to_be_visible()
    expect(doctor_view.get_by_text("Reason given: A clash at work")).to_be_visible()

    [attend] = [link for link in followed["reminder"] if link.startswith("/attend?")]
    attending = new_page()
    _follow(attending, attend, None)
    expect(attending.get_by_role("heading", name="Will you attend?")).to_be_visible()
    attending.get_by_role("button", name="Yes, I will attend").click()
    expect(attending.get_by_text(re.compile(r"^Thank you: you confirmed on"))).to_be_visible()

    [offer] = followed["waitlist-offer"]
    offered = new_page()
    _follow(offered, offer, wanda)
    expect(offered.get_by_role("heading", name=doctor.name, level=1)).to_be_visible()
    offer_box = offered.get_by_role("status").filter(has_text="A time from the waitlist")
    expect(offer_box).to_contain_text("Sign in to book the time offered to you.")
    offer_box.get_by_role("link", name="Sign in").click()
    offered.get_by_label("E-mail").fill(wanda.email)
    offered.get_by_label(re.compile(r"^Password")).fill(wanda.password)
    offered.get_by_role("button", name="Sign in").click()
    expect(offered.get_by_role("heading", name=doctor.name, level=1)).to_be_visible()
    offered.get_by_role("link", name="Book this time").click()
    expect(offered.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
    shot(offered, "mail-links-waitlist-offer-booking")
