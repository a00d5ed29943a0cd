"""An admin adds a clinic; a doctor adds a visit type with its price and finds that clinic by city: the doctor's
visit types and clinics page and the admin's clinics page, on a wide screen and on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.stack import ADMIN

# A demo doctor at one clinic (Midtown, New York) whose visit types no other journey counts.
DOCTOR_EMAIL = "james.okafor@docspot.test"


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_admin_adds_a_clinic_and_a_doctor_adds_a_visit_type(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given an admin on their clinics page, reached from the header
    admin = new_page()
    sign_in(admin, *ADMIN)
    admin.get_by_role("navigation", name="Main", exact=True).get_by_role("link", name="Clinics").click()
    expect(admin.get_by_role("heading", name="Clinics", exact=True)).to_be_visible()
    expect(admin.get_by_role("cell", name="Praxis am Hackeschen Markt", exact=True)).to_be_visible()

    # When they add a clinic in Leipzig
    admin.get_by_role("button", name="Add a clinic").click()
    form = admin.get_by_role("form", name="New clinic")
    form.get_by_label(re.compile(r"^Name")).fill("Praxisklinik Leipzig Zentrum")
    form.get_by_label("Street and number").fill("Grimmaische Str. 2")
    form.get_by_label("Postal code").fill("04109")
    form.get_by_label(re.compile(r"^City")).fill("Leipzig")
    form.get_by_label("Latitude").fill("51.3397")
    form.get_by_label("Longitude").fill("12.3731")
    form.get_by_label("Phone (optional)").fill("+49 341 1234567")
    form.get_by_role("button", name="Add clinic").click()
    expect(admin.get_by_text("Praxisklinik Leipzig Zentrum added.")).to_be_visible()

    # Then the city filter shows it with its whole address
    admin.get_by_role("textbox", name="City").fill("leipzig")
    admin.get_by_role("button", name="Show").click()
    row = admin.get_by_role("row", name="Praxisklinik Leipzig Zentrum")
    expect(row).to_contain_text("Grimmaische Str. 2, 04109 Leipzig, DE")
    expect(row).to_contain_text("+493411234567")
    expect(admin.get_by_role("cell", name="Praxis am Hackeschen Markt", exact=True)).to_have_count(0)
    fits(admin, 1280)
    shot(admin, "finding-05-admin-clinics")

    # Given a doctor on a phone, who opens their visit types from the menu
    doctor = new_page(width=390, height=844)
    sign_in(doctor, DOCTOR_EMAIL)
    doctor.get_by_role("button", name="Open menu").click()
    doctor.get_by_role("navigation", name="Main menu").get_by_role("link", name="Visit types and clinics").click()
    expect(doctor.get_by_role("heading", name="Visit types", exact=True)).to_be_visible()
    expect(doctor.get_by_role("checkbox", name="Midtown Heart & Family Practice, New York")).to_be_checked()

    # When they add an in-person visit at their clinic, priced in dollars
    doctor.get_by_role("button", name="Add a visit type").click()
    form = doctor.get_by_role("form", name="New visit type")
    form.get_by_label(re.compile(r"^Name")).fill("Blood pressure check")
    form.get_by_label("Length (minutes)").fill("20")
    form.get_by_label(re.compile(r"^Price")).fill("65")
    form.get_by_role("textbox", name="Currency").click()
    doctor.get_by_role("option", name="USD", exact=True).click()
    expect(form.get_by_role("textbox", name="Clinic")).to_have_value("Midtown Heart & Family Practice, New York")
    form.get_by_role("button", name="Add visit type").click()

    # Then it is listed with its length, its price in the reader's format and its clinic
    card = doctor.get_by_test_id("type-card").filter(has_text="Blood pressure check")
    expect(card).to_contain_text("20 min")
    expect(card).to_contain_text(re.compile(r"\$65\.00"))
    expect(card).to_contain_text("Midtown Heart & Family Practice")

    # and the clinic the admin added is found by its city
    doctor.get_by_role("textbox", name="City").fill("Leipzig")
    doctor.get_by_role("button", name="Find clinics").click()
    expect(
        doctor.get_by_role("checkbox", name="Praxisklinik Leipzig Zentrum, Grimmaische Str. 2, 04109 Leipzig")
    ).to_be_visible()
    fits(doctor, 390)
    shot(doctor, "finding-06-doctor-visit-types-phone")

    # and on a wide screen the page shows the same
    wide = new_page()
    sign_in(wide, DOCTOR_EMAIL, next_path="/doctor/profile/visits")
    expect(wide.get_by_test_id("type-card").filter(has_text="Blood pressure check")).to_be_visible()
    fits(wide, 1280)
    shot(wide, "finding-07-doctor-visit-types")
