"""A doctor publishes a run of slots, sees why a repeat is skipped, and blocks and reopens a slot on the week."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, find_doctor, sign_in
from tests.support.portal import overflow

DOCTOR = "Lukas Novák"
DOCTOR_EMAIL = "lukas.novak@docspot.test"
# The calendar writes a time range with an en dash, as typeset text does.
NINE_PM = "21:00\u201321:30"


def _slot_state(stack: LiveStack, doctor_id: str, day: str, start_utc: str) -> str:
    with stack.client() as client:
        items = client.get(f"/doctors/{doctor_id}/slots", params={"from": day, "to": day}).json()["items"]
    return str(next(s["state"] for s in items if s["start"].startswith(start_utc)))


def test_a_doctor_publishes_slots_and_blocks_one_on_the_week(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given the doctor on their availability page, and a day two days ahead on their calendar
    doctor_id, zone = find_doctor(stack, DOCTOR)
    day = (datetime.now(ZoneInfo(zone)) + timedelta(days=2)).date()
    page = new_page()
    sign_in(page, DOCTOR_EMAIL)
    page.get_by_role("link", name="Manage availability").click()
    expect(page.get_by_role("heading", name="Availability")).to_be_visible()

    # When they publish 21:00 to 22:00 in 30-minute slots that day
    page.get_by_role("tab", name="Add slots for a day").click()
    page.get_by_label(re.compile(r"^Day")).click()
    page.get_by_role("button", name=f"{day.day} {day:%B %Y}", exact=True).click()
    page.get_by_label(re.compile(r"^From")).fill("21:00")
    page.get_by_label(re.compile(r"^Until")).fill("22:00")
    page.get_by_label(re.compile(r"^Slot length")).fill("30")
    expect(page.get_by_text("2 slots fit in these hours")).to_be_visible()
    page.get_by_role("button", name="Publish slots").click()

    # Then two slots are published
    expect(page.get_by_text("2 slots published.")).to_be_visible()
    shot(page, "doctor-availability-01-published")

    # When they publish the same hours again
    page.get_by_role("button", name="Publish slots").click()

    # Then nothing new is made, and each skipped slot says why
    result = page.get_by_test_id("run-result")
    expect(result.get_by_text("Every slot of this run was skipped")).to_be_visible()
    expect(result.get_by_role("cell", name="Overlaps a slot you already have")).to_have_count(2)
    shot(page, "doctor-availability-02-skipped")

    # When they block the 21:00 slot from the week calendar
    page.get_by_role("tab", name="Week calendar").click()
    label = day.strftime("%a ") + str(day.day) + day.strftime(" %b")
    nine = page.get_by_role("button", name=re.compile(rf"^{label} {NINE_PM}, Free"))
    expect(nine).to_be_visible()
    start_utc = datetime(day.year, day.month, day.day, 21, tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
    start_prefix = start_utc.strftime("%Y-%m-%dT%H:%M")
    nine.click()
    page.get_by_role("menuitem", name="Block (stop bookings)").click()

    # Then it shows as blocked and patients can no longer book it
    blocked = page.get_by_role("button", name=re.compile(rf"^{label} {NINE_PM}, Blocked"))
    expect(blocked).to_be_visible()
    assert _slot_state(stack, doctor_id, day.isoformat(), start_prefix) == "unavailable"
    shot(page, "doctor-availability-03-blocked")

    # When they reopen it, then it is free again
    blocked.click()
    page.get_by_role("menuitem", name="Unblock (open for booking)").click()
    expect(page.get_by_role("button", name=re.compile(rf"^{label} {NINE_PM}, Free"))).to_be_visible()
    assert _slot_state(stack, doctor_id, day.isoformat(), start_prefix) == "available"


def test_the_doctor_pages_fit_a_360_pixel_phone(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a doctor on a phone-sized window
    page = new_page(width=360, height=740)
    sign_in(page, DOCTOR_EMAIL)

    # When each doctor page is shown, then nothing is wider than the screen
    for path, heading, name in (
        ("/doctor", "Dashboard", "doctor-phone-01-dashboard"),
        ("/doctor/availability", "Availability", "doctor-phone-02-availability"),
        ("/doctor/appointments", "Appointments", "doctor-phone-03-appointments"),
        ("/doctor/profile", "Practice profile", "doctor-phone-04-profile"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert overflow(page) <= 0, f"{path} is {overflow(page)}px wider than the phone"
        shot(page, name)
