"""Ratings and reviews in the browser: a patient reviews a completed visit and finds it on the doctor's page; an
admin hides a reported review; and signing in with a code read from the local mailbox."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.mailbox_links import mail_to
from tests.support.stack import ADMIN

PAULA = "paula.patient@docspot.test"
MARCO = "marco.rossi@docspot.test"
COMMENT = "Clear explanations and no rush: I left knowing what to do."


def test_a_patient_reviews_a_completed_visit_and_sees_it_on_the_doctor_s_page(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given Paula, whose visit with Anna Schmidt (demo data) is completed and not yet reviewed
    for width in (390, 1280):
        page = new_page(width=width)
        sign_in(page, PAULA)
        page.get_by_role("tab", name="Past").click()
        card = page.get_by_test_id("appointment-card").filter(has_text="Anna Schmidt")
        expect(card.get_by_test_id("review-hint")).to_be_visible()
        shot(page, f"reviews-01-hint-{width}")
        if width == 390:
            continue

        # When she opens the visit and rates it four stars with a comment
        card.get_by_role("link", name=re.compile("Anna Schmidt")).click()
        panel = page.get_by_test_id("review-panel")
        expect(panel).to_be_visible()
        panel.get_by_role("button", name="Publish the review").click()
        expect(panel.get_by_text("Choose from 1 to 5 stars.")).to_be_visible()
        four = panel.locator('input[type="radio"][value="4"]').get_attribute("id")
        panel.locator(f'label[for="{four}"]').click()
        panel.get_by_label("Your comment (optional)").fill(COMMENT)
        shot(page, "reviews-02-form")
        panel.get_by_role("button", name="Publish the review").click()

        # Then she is thanked, and the review is on the doctor's page under the rating, as "Paula P."
        done = page.get_by_test_id("review-done")
        expect(done).to_contain_text("Your review is on Anna Schmidt's page")
        done.get_by_role("link", name="See the doctor's page").click()
        review = page.get_by_test_id("review").filter(has_text=COMMENT)
        expect(review).to_be_visible()
        expect(review).to_contain_text("Paula P.")
        expect(review).to_contain_text("4 out of 5")
        expect(page.get_by_test_id("rating").first).to_contain_text("4 reviews")
        review.scroll_into_view_if_needed()
        shot(page, "reviews-03-on-the-doctor-page")

    # And the visit no longer asks for a review
    page = new_page(width=390)
    sign_in(page, PAULA)
    page.get_by_role("tab", name="Past").click()
    expect(page.get_by_test_id("appointment-card").filter(has_text="Anna Schmidt").first).to_be_visible()
    expect(page.get_by_test_id("review-hint")).to_have_count(0)
    page.goto("/doctors?q=schmidt")
    expect(page.get_by_test_id("doctor-card").filter(has_text="Anna Schmidt").get_by_test_id("rating")).to_be_visible()
    shot(page, "reviews-04-card-390")


def test_an_admin_hides_a_reported_review(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given Lucía's review of Anna Schmidt, which Paula reported (demo data)
    admin = new_page()
    sign_in(admin, *ADMIN)
    # (the review queue is in the account menu: the header keeps five buttons)
    admin.get_by_role("button", name="Account menu").click()
    admin.get_by_role("menuitem", name="Reviews").click()
    expect(admin.get_by_role("heading", name="Review moderation")).to_be_visible()
    reported = admin.get_by_test_id("moderated-review").filter(has_text="Lucía F.")
    expect(reported).to_contain_text("Names and judges a member of staff.")
    expect(admin.get_by_role("alert")).to_have_count(0)
    shot(admin, "reviews-05-queue")

    # When the admin hides it with a reason
    reported.get_by_role("button", name="Hide").click()
    dialog = admin.get_by_role("dialog", name="Hide this review")
    dialog.get_by_label("Reason (kept in the audit trail)").fill("Names a member of staff.")
    shot(admin, "reviews-06-hide-dialog")
    dialog.get_by_role("button", name="Hide the review").click()

    # Then it leaves the reported queue and shows under Hidden with the reason
    expect(reported).to_have_count(0)
    admin.get_by_text("Hidden", exact=True).click()
    hidden = admin.get_by_test_id("moderated-review").filter(has_text="Lucía F.")
    expect(hidden).to_contain_text("Hidden: Names a member of staff.")
    shot(admin, "reviews-07-hidden")

    # And the doctor's page no longer shows it
    visitor = new_page(width=390)
    visitor.goto("/doctors?q=schmidt")
    card = visitor.get_by_test_id("doctor-card").filter(has_text="Anna Schmidt")
    card.get_by_role("link", name="Anna Schmidt", exact=True).click()
    expect(visitor.get_by_test_id("review").first).to_be_visible()
    expect(visitor.get_by_test_id("review").filter(has_text="receptionist")).to_have_count(0)
    shot(visitor, "reviews-08-doctor-page-390")


def test_signing_in_with_a_code_from_the_mailbox(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for width in (390, 1280):
        page = new_page(width=width)
        page.goto("/login")
        page.get_by_role("button", name="E-mail me a code instead").click()
        page.get_by_label("E-mail").fill(MARCO)
        page.get_by_role("button", name="E-mail me a code").click()
        expect(page.get_by_text(f"If an account uses {MARCO}, a code is on its way.")).to_be_visible()
        shot(page, f"reviews-09-code-asked-{width}")

        [code] = re.findall(r"\b[0-9]{6}\b", mail_to(stack, MARCO, "login-code")["text"])
        page.get_by_test_id("code-input").locator("input").first.click()
        page.keyboard.type(code)
        page.get_by_role("button", name="Sign in").click()

        expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
        shot(page, f"reviews-10-signed-in-{width}")


def test_the_review_pages_have_no_serious_accessibility_findings(
    stack: LiveStack, new_page: Callable[..., Page], results_dir: Path
) -> None:
    from tests.support.axe import axe_findings, blocking, record
    from tests.support.browser import DOCTOR_EMAIL

    found: dict[str, list[dict[str, Any]]] = {}

    def check(page: Page, path: str, heading: str) -> None:
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        found[path] = axe_findings(page)

    doctor = new_page()
    sign_in(doctor, DOCTOR_EMAIL)
    check(doctor, "/doctor/reviews", "Reviews")
    doctor.get_by_role("button", name="Reply").first.click()
    found["/doctor/reviews (replying)"] = axe_findings(doctor)
    admin = new_page()
    sign_in(admin, *ADMIN)
    check(admin, "/admin/reviews", "Review moderation")
    visitor = new_page()
    visitor.goto("/login")
    visitor.get_by_role("button", name="E-mail me a code instead").click()
    found["/login (code)"] = axe_findings(visitor)
    record(results_dir, "reviews", found)
    serious = {path: blocking(findings) for path, findings in found.items() if blocking(findings)}
    assert not serious, f"serious or critical axe findings: {serious}"
