"""The admin approves a pending doctor, who then appears in search; a rejection needs a reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.portal import overflow, register_pending_doctor
from tests.support.stack import ADMIN


def _search(page: Page, name: str) -> None:
    page.goto(f"/doctors?q={name.split()[-1]}")
    expect(page.get_by_role("heading", name="Find a doctor")).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_the_admin_approves_a_pending_doctor_who_then_appears_in_search(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a doctor who signed up and is not yet found by patients
    applicant = register_pending_doctor(stack, "Nora Lindqvist")
    visitor = new_page()
    _search(visitor, applicant.name)
    expect(visitor.get_by_test_id("doctor-card").filter(has_text=applicant.name)).to_have_count(0)

    # When the admin opens the onboarding queue
    admin = new_page()
    sign_in(admin, *ADMIN)
    expect(admin.get_by_role("heading", name="Today's appointments")).to_be_visible()
    shot(admin, "admin-01-today")
    admin.get_by_role("navigation", name="Main", exact=True).get_by_role("link", name="Doctors").click()
    card = admin.get_by_test_id("doctor-card").filter(has_text=applicant.name)
    expect(card).to_be_visible()
    expect(card).to_contain_text(applicant.email)
    shot(admin, "admin-02-queue")

    # and approves the doctor with a note
    card.get_by_role("button", name=f"Approve {applicant.name}").click()
    dialog = admin.get_by_role("dialog", name=f"Approve {applicant.name}?")
    dialog.get_by_label("Note to the doctor (optional)").fill("Welcome to DocSpot.")
    shot(admin, "admin-03-approve-dialog")
    dialog.get_by_role("button", name="Approve doctor").click()

    # Then the doctor leaves the queue and is listed as approved
    expect(admin.get_by_text(f"{applicant.name} can now publish slots and appears in search.")).to_be_visible()
    expect(card).to_have_count(0)
    admin.get_by_role("tab", name="Approved").click()
    expect(admin.get_by_test_id("doctor-card").filter(has_text=applicant.name)).to_be_visible()
    shot(admin, "admin-04-approved")

    # and patients find the doctor in search
    _search(visitor, applicant.name)
    found = visitor.get_by_test_id("doctor-card").filter(has_text=applicant.name)
    expect(found).to_be_visible()
    expect(found).to_contain_text("Neurology")
    shot(visitor, "admin-05-doctor-in-search")


def test_the_admin_must_give_a_reason_to_reject_an_application(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a pending doctor in the admin's queue
    applicant = register_pending_doctor(stack, "Tomas Berg")
    admin = new_page()
    sign_in(admin, *ADMIN, next_path="/admin/doctors")
    card = admin.get_by_test_id("doctor-card").filter(has_text=applicant.name)

    # When the admin rejects without a reason
    card.get_by_role("button", name=f"Reject {applicant.name}").click()
    dialog = admin.get_by_role("dialog", name=f"Reject {applicant.name}?")
    dialog.get_by_role("button", name="Reject application").click()

    # Then the form asks for one and nothing is sent
    expect(dialog.get_by_text("Write the reason the doctor will read")).to_be_visible()
    shot(admin, "admin-06-reject-needs-reason")

    # When a reason is given
    dialog.get_by_label("Reason for the doctor").fill("The licence number could not be verified with the registry.")
    dialog.get_by_role("button", name="Reject application").click()

    # Then the application is rejected and the reason shows under Rejected
    expect(card).to_have_count(0)
    admin.get_by_role("tab", name="Rejected").click()
    rejected = admin.get_by_test_id("doctor-card").filter(has_text=applicant.name)
    expect(rejected).to_contain_text("The licence number could not be verified")


def test_the_admin_pages_fit_a_360_pixel_phone(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given an admin on a phone-sized window
    page = new_page(width=360, height=740)
    sign_in(page, *ADMIN)

    # When each admin page is shown, then nothing is wider than the screen
    for path, heading, name in (
        ("/admin", "Today's appointments", "admin-phone-01-today"),
        ("/admin/doctors", "Doctors", "admin-phone-02-doctors"),
        ("/admin/doctors/new", "Create a doctor", "admin-phone-03-create-doctor"),
        ("/admin/specialties", "Specialties", "admin-phone-04-specialties"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert overflow(page) <= 0, f"{path} is {overflow(page)}px wider than the phone"
        shot(page, name)
