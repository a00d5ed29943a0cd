"""The patient's, the doctor's and the admin's home at 390 and 1280 px in English and German (screenshots in
frontend/test-results/), each fitting its window, German chosen in Settings; and the language switch changes the
page at once and keeps the choice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.axe import axe_findings, blocking
from tests.support.browser import DOCTOR_EMAIL, LiveStack, sign_in
from tests.support.mailbox_links import new_patient
from tests.support.portal import overflow
from tests.support.stack import ADMIN, DEMO_PASSWORD, bearer, login

PATIENT = "paula.patient@docspot.test"
HEADINGS = {
    "en": {"patient": "My appointments", "doctor": "Dashboard", "admin": "Today's appointments"},
    "de": {"patient": "Meine Termine", "doctor": "Übersicht", "admin": "Termine heute"},
}
PEOPLE = {"patient": (PATIENT, DEMO_PASSWORD), "doctor": (DOCTOR_EMAIL, DEMO_PASSWORD), "admin": ADMIN}


def _sign_in_as_anyone(page: Page, email: str, password: str) -> None:
    """The log-in form by its fields' types, whatever language it speaks."""
    page.goto("/login")
    page.locator('input[type="email"]').fill(email)
    page.locator('input[type="password"]').fill(password)
    page.locator('button[type="submit"]').click()
    expect(page.locator('input[type="password"]')).to_have_count(0)


def _choose_language(page: Page, language: str) -> None:
    """Settings' language switch (kept on the profile where the API takes `locale`, else on this device)."""
    page.goto("/settings")
    page.get_by_text("Deutsch" if language == "de" else "English", exact=True).click()
    expect(
        page.get_by_role("heading", name="Einstellungen" if language == "de" else "Settings", level=1)
    ).to_be_visible()


def _back_to_english(stack: LiveStack, email: str, password: str) -> None:
    """The demo accounts serve other journeys in English: their profile's language goes back (a 400 from an API
    without `locale` means it was never stored)."""
    with stack.client() as client:
        token = login(client, email, password)
        reply = client.patch("/me", json={"locale": "en"}, headers=bearer(token))
    assert reply.status_code in (200, 400), reply.text


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("portal", ["patient", "doctor", "admin"])
def test_each_home_fits_a_phone_and_a_desktop_in_english_and_german(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], portal: str, language: str
) -> None:
    try:
        _homes(stack, new_page, shot, portal, language)
    finally:
        if language == "de":
            _back_to_english(stack, *PEOPLE[portal])


def _homes(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], portal: str, language: str
) -> None:
    for width, height in ((390, 844), (1280, 900)):
        page = new_page(width=width, height=height, locale="de-DE" if language == "de" else "en-GB")
        _sign_in_as_anyone(page, *PEOPLE[portal])
        if language == "de":
            _choose_language(page, "de")
            page.goto({"patient": "/me/appointments", "doctor": "/doctor", "admin": "/admin"}[portal])
        expect(page.get_by_role("heading", name=HEADINGS[language][portal], level=1)).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.wait_for_load_state("networkidle")
        assert overflow(page) <= 0, f"the {portal} home is {overflow(page)}px wider than {width}px"
        serious = blocking(axe_findings(page))
        assert not serious, f"the {portal} home at {width}px in {language}: {serious}"
        if width == 390:
            # The account menu says what it is, also on a phone.
            expect(page.get_by_role("button", name=re.compile(r"^(Account menu|Kontomenü)"))).to_be_visible()
        shot(page, f"home-{portal}-{language}-{width}")


def test_the_language_switch_in_settings_changes_the_page_and_keeps_the_choice(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a patient who reads English
    patient = new_patient(stack, "Greta Sprache")
    page = new_page()
    sign_in(page, patient.email)
    page.goto("/settings")
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()

    # When they choose Deutsch
    page.get_by_text("Deutsch", exact=True).click()

    # Then the page speaks German at once, and still does after a reload
    expect(page.get_by_role("heading", name="Einstellungen", level=1)).to_be_visible()
    shot(page, "settings-de")
    page.reload()
    expect(page.get_by_role("heading", name="Einstellungen", level=1)).to_be_visible()
    page.goto("/me/appointments")
    expect(page.get_by_role("heading", name="Meine Termine", level=1)).to_be_visible()
    expect(page.get_by_role("tab", name="Abgesagt")).to_be_visible()
