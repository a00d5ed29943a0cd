"""A patient finds a doctor, holds a slot, confirms the booking and sees it under My appointments."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_NAME, LiveStack, find_doctor, fresh_slot, sign_in, slot_day

PATIENT = "paula.patient@docspot.test"


def test_a_patient_books_a_slot_and_sees_it_under_my_appointments(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given a free slot of a demo doctor and a signed-out visitor on the home page
    doctor_id, zone = find_doctor(stack)
    slot = fresh_slot(stack, admin_token)
    day = slot_day(slot, zone).isoformat()
    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Specialties")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r": see doctors$")).first).to_be_visible()
    shot(page, "patient-01-home")

    # When they search for the doctor by name
    page.get_by_label("Doctor or specialty").fill("Schmidt")
    page.get_by_role("button", name="Search").click()
    card = page.get_by_test_id("doctor-card").filter(has_text=DOCTOR_NAME)
    expect(card).to_be_visible()
    shot(page, "patient-02-search")

    # and sign in, coming back to the doctor's week with the new slot
    sign_in(page, PATIENT, next_path=f"/doctors/{doctor_id}?week={day}")
    expect(page.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    choice = page.locator(f'[data-slot-id="{slot.slot_id}"]')
    expect(choice).to_have_attribute("data-state", "free")
    shot(page, "patient-03-doctor-week")

    # and choose it: the slot is held for them with a five-minute countdown
    choice.click()
    expect(page.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
    timer = page.get_by_role("timer")
    expect(timer).to_contain_text(re.compile(r"Held for you for [45]:\d\d"))
    page.get_by_label("Reason for the visit").fill("Follow-up on blood pressure")
    shot(page, "patient-04-confirm")
    page.get_by_role("button", name="Confirm booking").click()

    # Then the confirmation offers the calendar file, fetched with their token
    expect(page.get_by_role("heading", name="You are booked")).to_be_visible()
    expect(page.get_by_text(DOCTOR_NAME)).to_be_visible()
    shot(page, "patient-05-booked")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add to calendar").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VCALENDAR" in ics
    assert download.value.suggested_filename.endswith(".ics")

    # and the appointment is listed under My appointments
    page.get_by_role("link", name="My appointments").first.click()
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    booked = (
        page.get_by_test_id("appointment-card")
        .filter(has_text=DOCTOR_NAME)
        .filter(has_text="Follow-up on blood pressure")
    )
    expect(booked).to_have_count(1)
    expect(booked.get_by_text("Booked")).to_be_visible()
    shot(page, "patient-06-my-appointments")

    # and its slot is gone from the doctor's week
    page.goto(f"/doctors/{doctor_id}?week={day}")
    expect(page.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    expect(page.get_by_role("list", name="Available times this week")).to_be_visible()
    expect(page.locator(f'[data-slot-id="{slot.slot_id}"]')).to_have_count(0)

    # and when they cancel it with a reason from its page, the time is offered again
    page.goto("/me/appointments")
    booked.get_by_role("link", name=re.compile(r"^Details")).click()
    expect(page.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    shot(page, "patient-07-appointment")
    page.get_by_role("button", name="Cancel appointment").click()
    dialog = page.get_by_role("dialog", name="Cancel this appointment?")
    dialog.get_by_label("Reason (optional)").fill("Feeling better")
    dialog.get_by_role("button", name="Cancel appointment").click()
    expect(page.get_by_text("Cancelled by you", exact=True)).to_be_visible()
    expect(page.get_by_text("Reason given: Feeling better")).to_be_visible()
    expect(page.get_by_role("link", name=f"Book again with {DOCTOR_NAME}")).to_be_visible()
    shot(page, "patient-08-cancelled")

    # and it leaves Upcoming for Cancelled
    page.goto("/me/appointments")
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(booked).to_have_count(0)
    page.get_by_role("tab", name="Cancelled").click()
    expect(booked).to_have_count(1)
    expect(booked.get_by_text("Cancelled")).to_be_visible()
    page.goto(f"/doctors/{doctor_id}?week={day}")
    expect(page.locator(f'[data-slot-id="{slot.slot_id}"]')).to_have_attribute("data-state", "free")


def test_the_app_fits_a_360_pixel_phone(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a phone-sized window
    doctor_id, _ = find_doctor(stack)
    page = new_page(width=360, height=740)

    # When the home page and a doctor's week are shown
    for path, name in (("/", "phone-01-home"), (f"/doctors/{doctor_id}", "phone-02-doctor-week")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        # Then nothing is wider than the screen
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        shot(page, name)

    # and the menu is behind a burger that opens it
    page.get_by_role("button", name="Open menu").click()
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Find a doctor")).to_be_visible()
    shot(page, "phone-03-menu")
