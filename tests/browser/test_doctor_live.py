"""The doctor sees a new appointment arrive live on the dashboard and confirms it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_EMAIL, LiveStack, find_doctor, sign_in
from tests.support.portal import appointment_status, book, slot_days_ahead

PATIENT = "marco.rossi@docspot.test"
PATIENT_NAME = "Marco Rossi"
REASON = "Chest tightness when climbing stairs"


def test_the_doctor_sees_the_new_appointment_arrive_live_and_confirms_it(
    stack: LiveStack,
    new_page: Callable[..., Page],
    shot: Callable[[Page, str], Path],
    admin_token: str,
) -> None:
    # Given the doctor's dashboard open and live, and a free slot of theirs three days ahead
    doctor_id, zone = find_doctor(stack)
    slot = slot_days_ahead(stack, admin_token, doctor_id, zone, days=3)
    page = new_page()
    sign_in(page, DOCTOR_EMAIL)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_test_id("live-status")).to_have_text("Live")
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming.get_by_test_id("appointment-row").filter(has_text=PATIENT_NAME)).to_have_count(0)
    shot(page, "doctor-01-dashboard")

    # When a patient books that slot from their own device
    appointment = book(stack, PATIENT, slot.slot_id, REASON)

    # Then it appears on the dashboard without a reload, marked new, with a toast
    row = upcoming.get_by_test_id("appointment-row").filter(has_text=PATIENT_NAME)
    expect(row).to_have_count(1, timeout=5_000)
    expect(row.get_by_text("New", exact=True)).to_be_visible()
    expect(row).to_contain_text("Scheduled")
    expect(page.get_by_text("A patient booked an appointment")).to_be_visible()
    expect(page.get_by_test_id("count-SCHEDULED")).not_to_have_text("0")
    shot(page, "doctor-02-new-appointment-arrived")

    # When the doctor opens it and confirms it
    row.click()
    expect(page.get_by_role("heading", name=f"Appointment with {PATIENT_NAME}")).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    shot(page, "doctor-03-appointment")
    page.get_by_role("button", name="Confirm", exact=True).click()

    # Then it is confirmed, the next step is starting the visit, and the server agrees
    expect(page.get_by_text("Appointment confirmed. The patient has been told.")).to_be_visible()
    actions = page.get_by_role("group", name="Appointment actions")
    expect(actions.get_by_role("button", name="Start visit")).to_be_visible()
    expect(actions.get_by_role("button", name="Confirm", exact=True)).to_have_count(0)
    expect(page.locator("header, main").get_by_text(re.compile(r"^Confirmed$")).first).to_be_visible()
    assert appointment_status(stack, admin_token, appointment["appointment_id"]) == "CONFIRMED"
    shot(page, "doctor-04-confirmed")
