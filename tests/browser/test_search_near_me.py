"""A visitor finds doctors near them: "Near me" from the browser's position, cards with the clinic, the distance
and the next free time, a video filter, and the doctor's page with visit types, prices and clinics."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack

BERLIN_MITTE = {"latitude": 52.5219, "longitude": 13.4132}


def near_berlin(page: Page, stack: LiveStack) -> None:
    page.context.grant_permissions(["geolocation"], origin=stack.url)
    page.context.set_geolocation(BERLIN_MITTE)


def test_a_visitor_finds_doctors_near_them_and_sees_their_visits_and_prices(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a visitor in Berlin on the search page
    page = new_page()
    near_berlin(page, stack)
    page.goto("/doctors")
    expect(page.get_by_role("heading", name="Find a doctor")).to_be_visible()

    # When they ask for doctors near them
    page.get_by_test_id("near-me").click()
    expect(page).to_have_url(re.compile(r"near=52\.522%2C13\.413"))

    # Then only the Berlin doctors are listed, nearest first, with their clinic, distance and next free time
    cards = page.get_by_test_id("doctor-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Anna Schmidt")
    expect(cards.first).to_contain_text("Praxis am Hackeschen Markt, Berlin")
    expect(cards.first).to_contain_text(re.compile(r"\d+(\.\d)? km away"))
    expect(cards.first.get_by_test_id("next-free")).to_contain_text("Next free time")
    expect(cards.nth(1)).to_contain_text("Lukas Novák")
    shot(page, "finding-01-near-me")

    # When they keep video visits only, away from the map
    page.get_by_test_id("near-me").click()
    page.get_by_role("textbox", name="Visit").click()
    page.get_by_role("option", name="Video").click()
    expect(cards).to_have_count(8)
    expect(cards.first).to_contain_text("Video consultation")
    shot(page, "finding-02-video")

    # and open a doctor's page: the visits with their length and price, and the clinics
    page.goto("/doctors?near=52.522,13.413&sort=distance")
    cards.first.get_by_role("link", name="Anna Schmidt", exact=True).click()
    expect(page.get_by_role("heading", name="Anna Schmidt")).to_be_visible()
    visits = page.get_by_test_id("visit-types")
    expect(visits).to_contain_text("First consultation")
    expect(visits).to_contain_text("€120.00")
    expect(visits).to_contain_text("Video consultation")
    expect(page.get_by_role("heading", name="Where to find this doctor")).to_be_visible()
    expect(page.get_by_text("Gesundheitszentrum Prenzlauer Berg, Berlin")).to_be_visible()
    shot(page, "finding-03-doctor-visits")


def test_the_search_near_me_fits_a_phone(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = new_page(width=390, height=844)
    near_berlin(page, stack)
    page.goto("/doctors")
    page.get_by_role("button", name="Filters").click()
    page.get_by_test_id("near-me").click()
    page.get_by_role("button", name="Show doctors").click()
    expect(page.get_by_role("dialog", name="Filter doctors")).to_be_hidden()
    cards = page.get_by_test_id("doctor-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("km away")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "finding-04-near-me-phone")
