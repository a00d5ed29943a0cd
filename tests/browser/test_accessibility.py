"""axe-core on every page of the three portals and the public pages: no serious or critical finding; and a
booking made with the keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.axe import axe_findings, blocking, record
from tests.support.browser import DOCTOR_EMAIL, DOCTOR_NAME, LiveStack, find_doctor, fresh_slot, sign_in, slot_day
from tests.support.mailbox_links import new_patient
from tests.support.portal import book, slot_days_ahead
from tests.support.stack import ADMIN

PATIENT = "lucia.fernandez@docspot.test"


def _check(page: Page, path: str, heading: str | re.Pattern[str] | None = None) -> list[dict[str, Any]]:
    page.goto(path)
    if heading is None:
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
    else:
        expect(page.get_by_role("heading", name=heading, level=1).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    return axe_findings(page)


def _audit(page: Page, pages: list[tuple[str, str | re.Pattern[str] | None]]) -> dict[str, list[dict[str, Any]]]:
    return {path: _check(page, path, heading) for path, heading in pages}


def _assert_clean(found: dict[str, list[dict[str, Any]]]) -> None:
    serious = {path: blocking(findings) for path, findings in found.items() if blocking(findings)}
    assert not serious, f"serious or critical axe findings: {serious}"


def test_the_public_pages_have_no_serious_accessibility_findings(
    stack: LiveStack, new_page: Callable[..., Page], results_dir: Path
) -> None:
    doctor_id, _ = find_doctor(stack)
    page = new_page()
    found = _audit(
        page,
        [
            ("/", "Find a doctor and book in minutes"),
            ("/doctors", "Find a doctor"),
            (f"/doctors/{doctor_id}", DOCTOR_NAME),
            ("/d/dr-anna-schmidt", DOCTOR_NAME),
            ("/embed/d/dr-anna-schmidt", DOCTOR_NAME),
            ("/login", "Sign in"),
            ("/signup", "Create your account"),
            ("/signup?role=doctor", "Create your account"),
            ("/forgot-password", "Reset your password"),
            ("/reset-password?token=not-a-real-token", "Choose a new password"),
            ("/attend?token=not-a-real-token", "Will you attend?"),
            ("/no-such-page", "Page not found"),
        ],
    )
    record(results_dir, "public", found)
    _assert_clean(found)


def test_the_patient_pages_have_no_serious_accessibility_findings(
    stack: LiveStack, new_page: Callable[..., Page], results_dir: Path, admin_token: str
) -> None:
    doctor_id, _ = find_doctor(stack)
    booked = book(stack, PATIENT, fresh_slot(stack, admin_token).slot_id, "Axe check-up")
    held = fresh_slot(stack, admin_token)
    page = new_page()
    sign_in(page, PATIENT)
    found = _audit(
        page,
        [
            ("/me/appointments", "My appointments"),
            ("/me/appointments?tab=past", "My appointments"),
            ("/me/appointments?tab=cancelled", "My appointments"),
            (f"/me/appointments/{booked['appointment_id']}", DOCTOR_NAME),
            (f"/me/appointments/{booked['appointment_id']}/booked", "You are booked"),
            (f"/book/{held.slot_id}?doctor={doctor_id}", "Confirm your appointment"),
            ("/book?slot=not-a-slot&source=axe", "This time is no longer offered"),
            ("/messages", "Messages"),
            ("/urgent", "Urgent help"),
            ("/notifications", "Notifications"),
            ("/settings", "Settings"),
            ("/support", "Support"),
        ],
    )
    page.get_by_role("button", name=re.compile(r"^Account menu")).click()
    found["/settings (account menu open)"] = axe_findings(page)
    record(results_dir, "patient", found)
    _assert_clean(found)


def test_the_doctor_pages_have_no_serious_accessibility_findings(
    stack: LiveStack, new_page: Callable[..., Page], results_dir: Path, admin_token: str
) -> None:
    doctor_id, zone = find_doctor(stack)
    slot = slot_days_ahead(stack, admin_token, doctor_id, zone, days=4)
    booked = book(stack, PATIENT, slot.slot_id, "Axe for the doctor")
    page = new_page()
    sign_in(page, DOCTOR_EMAIL)
    found = _audit(
        page,
        [
            ("/doctor", "Dashboard"),
            ("/doctor/appointments", "Appointments"),
            (f"/doctor/appointments/{booked['appointment_id']}", re.compile(r"^Appointment with")),
            ("/doctor/availability", "Availability"),
            ("/doctor/profile", "Practice profile"),
            ("/notifications", "Notifications"),
            ("/settings", "Settings"),
            ("/doctor/messages", "Messages"),
            ("/doctor/urgent", "Urgent requests"),
        ],
    )
    page.goto("/doctor/messages")
    page.get_by_test_id("conversation-item").first.click()
    expect(page.get_by_label("Your message")).to_be_visible()
    page.wait_for_load_state("networkidle")
    found["/doctor/messages/{conversation}"] = axe_findings(page)
    page.goto("/doctor/availability")
    for tab in ("Add slots for a day", "Weekly hours"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_load_state("networkidle")
        found[f"/doctor/availability ({tab})"] = axe_findings(page)
    record(results_dir, "doctor", found)
    _assert_clean(found)


def test_the_admin_pages_have_no_serious_accessibility_findings(
    stack: LiveStack, new_page: Callable[..., Page], results_dir: Path, admin_token: str
) -> None:
    booked = book(stack, PATIENT, fresh_slot(stack, admin_token).slot_id, "Axe for the admin")
    page = new_page()
    sign_in(page, *ADMIN)
    found = _audit(
        page,
        [
            ("/admin", "Today's appointments"),
            ("/admin/doctors", "Doctors"),
            ("/admin/doctors?status=APPROVED", "Doctors"),
            ("/admin/doctors/new", "Create a doctor"),
            ("/admin/specialties", "Specialties"),
            ("/admin/users", "Users"),
            ("/admin/support", "Support queue"),
            (f"/admin/appointments/{booked['appointment_id']}", "Appointment"),
            ("/notifications", "Notifications"),
            ("/settings", "Settings"),
        ],
    )
    record(results_dir, "admin", found)
    _assert_clean(found)


def _tab_to(page: Page, selector: str, limit: int = 250) -> None:
    """Presses Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def test_a_patient_books_with_the_keyboard_alone(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given a new patient signed in and a free slot of the doctor
    doctor_id, zone = find_doctor(stack)
    slot = fresh_slot(stack, admin_token)
    patient = new_patient(stack, "Kim Keys")
    page = new_page()
    sign_in(page, patient.email, next_path=f"/doctors/{doctor_id}?week={slot_day(slot, zone).isoformat()}")
    expect(page.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    expect(page.locator(f'[data-slot-id="{slot.slot_id}"]')).to_have_attribute("data-state", "free")

    # When they Tab to the time and press Enter
    page.locator("body").focus()
    _tab_to(page, f'[data-slot-id="{slot.slot_id}"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Confirm your appointment")).to_be_visible()

    # and Tab to the reason, type it, Tab to Confirm booking and press Enter
    _tab_to(page, "textarea")
    page.keyboard.type("Booked without a mouse")
    shot(page, "keyboard-01-confirm")
    _tab_to(page, 'button[type="submit"]')
    page.keyboard.press("Enter")

    # Then they are booked, and the focus is visible where they are
    expect(page.get_by_role("heading", name="You are booked")).to_be_visible()
    expect(page.get_by_text("Booked without a mouse")).to_be_visible()
    shot(page, "keyboard-02-booked")
