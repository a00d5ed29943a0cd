"""A slot finder's booking link (/book?slot=<id>&source=) opens the confirm step after signing in, and a link whose
time was taken meanwhile says so and offers the doctor's next free times."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_NAME, LiveStack, fresh_slot, sign_in
from tests.support.portal import book

PATIENT = "paula.patient@docspot.test"
OTHER = "lucia.fernandez@docspot.test"


def test_a_booking_link_signs_in_and_opens_the_confirm_step_of_its_slot(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given a free slot and its booking link, as the slot publication hands it out
    slot = fresh_slot(stack, admin_token)
    page = new_page()

    # When a signed-out visitor follows it
    page.goto(f"/book?slot={slot.slot_id}&source=slot-finder")

    # Then they sign in first and land on the confirm step of that slot, held for them, the source kept
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("E-mail").fill(PATIENT)
    page.get_by_label(re.compile(r"^Password")).fill("docspot-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
    expect(page.get_by_role("timer")).to_be_visible()
    address = urlsplit(page.url)
    assert address.path == f"/book/{slot.slot_id}"
    assert parse_qs(address.query)["source"] == ["slot-finder"]
    shot(page, "deep-link-01-confirm")


def test_a_booking_link_whose_time_was_taken_offers_the_next_free_ones(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given a slot someone else booked after the link was published (the demo doctor has other free times)
    taken = fresh_slot(stack, admin_token)
    book(stack, OTHER, taken.slot_id, "Booked first")
    page = new_page()
    sign_in(page, PATIENT)

    # When the patient follows the link
    page.goto(f"/book?slot={taken.slot_id}")

    # Then the page says the time was taken and offers the doctor's next free times, each opening its confirm step
    expect(page.get_by_role("heading", name="This time was just taken")).to_be_visible()
    expect(page.get_by_text(f"Next free times with {DOCTOR_NAME}")).to_be_visible()
    offered = page.locator('a[href^="/book/"]')
    expect(offered.first).to_be_visible()
    shot(page, "deep-link-02-taken")
    offered.first.click()
    expect(page.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
