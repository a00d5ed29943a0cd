"""The medical record in the browser: a patient keeps their record and sees who looked at it; a doctor with an
appointment reads and adds to it, another doctor cannot; a completed visit leads to a follow-up."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, fresh_slot, sign_in
from tests.support.portal import book
from tests.support.stack import bearer, login, login_account

PAULA, LUCIA = "paula.patient@docspot.test", "lucia.fernandez@docspot.test"
ANNA, JAMES = "anna.schmidt@docspot.test", "james.okafor@docspot.test"


def entries(page: Page, kind: str, text: str) -> object:
    return page.get_by_test_id(f"entry-{kind}").filter(has_text=text)


def test_a_patient_keeps_their_record_sees_who_looked_and_downloads_it(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given Paula, whose record the demo filled, signed in
    page = new_page()
    sign_in(page, PAULA)

    # When she opens her health record
    page.get_by_role("link", name="Health record").first.click()
    expect(page.get_by_role("heading", name="Health record", level=1)).to_be_visible()
    expect(entries(page, "allergies", "Penicillin")).to_be_visible()
    expect(entries(page, "medications", "Ramipril")).to_contain_text("Anna Schmidt (doctor)")
    shot(page, "record-01-patient-record")

    # and adds an allergy
    page.get_by_role("button", name="Add allergy").click()
    dialog = page.get_by_role("dialog", name="Add an allergy")
    dialog.get_by_label("Substance").fill("Latex")
    dialog.get_by_label("Reaction").fill("Rash")
    shot(page, "record-02-add-allergy")
    dialog.get_by_role("button", name="Save").click()
    latex = entries(page, "allergies", "Latex")
    expect(latex).to_contain_text("Moderate")
    expect(latex).to_contain_text("Recorded by you (patient)")

    # and edits it: the severity and the reaction change, and the entry says who changed it
    page.get_by_role("button", name="Edit Latex").click()
    dialog = page.get_by_role("dialog", name="Edit allergy")
    dialog.get_by_label("Reaction").fill("Swelling of the hands")
    dialog.get_by_role("textbox", name="Severity").click()
    page.get_by_role("option", name="Severe").click()
    dialog.get_by_role("button", name="Save").click()
    expect(latex).to_contain_text("Severe")
    expect(latex).to_contain_text("Swelling of the hands")
    expect(latex).to_contain_text("changed by you")

    # and an empty substance is stopped at the field, without asking the server
    page.get_by_role("button", name="Add allergy").click()
    dialog = page.get_by_role("dialog", name="Add an allergy")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_text("Substance is required.")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()

    # Then the access log lists her own writes and the doctors' reads, newest first
    rows = page.get_by_test_id("access-row")
    expect(rows.first).to_contain_text("You")
    expect(rows.first).to_contain_text("changed an entry")
    expect(rows.filter(has_text="Anna Schmidt (doctor)").filter(has_text="read the record").first).to_be_visible()
    shot(page, "record-03-access-log")

    # and the download is a FHIR R4 bundle that validates, logged as an export
    with page.expect_download() as download:
        page.get_by_role("button", name="Download (FHIR)").click()
    bundle = json.loads(Path(download.value.path()).read_text())
    Bundle.model_validate(bundle)
    substances = [
        e["resource"]["code"]["text"] for e in bundle["entry"] if e["resource"]["resourceType"] == "AllergyIntolerance"
    ]
    assert "Latex" in substances
    expect(rows.first).to_contain_text("downloaded the record")

    # and she removes the allergy again
    page.get_by_role("button", name="Remove Latex").click()
    page.get_by_role("dialog", name="Remove this allergy?").get_by_role("button", name="Remove").click()
    expect(latex).to_have_count(0)


def test_a_doctor_with_an_appointment_reads_and_adds_to_the_record_and_another_doctor_cannot(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given James Okafor, whose only appointment with Paula was cancelled
    paula = login_account(stack.client(), PAULA)
    with stack.client() as client:
        james_slot = fresh_slot(stack, admin_token, "James Okafor")
        booked = book(stack, PAULA, james_slot.slot_id, "Second opinion")
        cancelled = client.post(
            f"/appointments/{booked['appointment_id']}/cancel", json={}, headers=bearer(paula.token)
        )
        assert cancelled.status_code == 200, cancelled.text

    # When Anna Schmidt, who saw Paula, opens her patients
    page = new_page()
    sign_in(page, ANNA)
    page.get_by_role("link", name="Patients").first.click()
    expect(page.get_by_role("heading", name="Patients", level=1)).to_be_visible()
    expect(page.get_by_test_id("patient-row").filter(has_text="Marco Rossi")).to_be_visible()
    page.get_by_label("Search by name").fill("paula")
    expect(page.get_by_test_id("patient-row")).to_have_count(1)
    shot(page, "record-04-doctor-patients")

    # and Paula's page: her visits with the summaries and the doctor's notes, and her record
    page.get_by_role("link", name="Paula Patient").click()
    expect(page.get_by_role("heading", name="Paula Patient", level=1)).to_be_visible()
    expect(page.get_by_test_id("visit").filter(has_text="Your notes").first).to_be_visible()
    expect(entries(page, "allergies", "Penicillin")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Remove "))).to_have_count(0)
    shot(page, "record-05-doctor-patient-page")

    # and adds a condition she was diagnosed with
    page.get_by_role("button", name="Add condition").click()
    dialog = page.get_by_role("dialog", name="Add a condition")
    dialog.get_by_label("Name").fill("Migraine")
    dialog.get_by_label("Notes").fill("With aura, about once a month")
    dialog.get_by_role("button", name="Save").click()
    expect(entries(page, "conditions", "Migraine")).to_contain_text("Recorded by you (doctor)")
    shot(page, "record-06-doctor-added-condition")

    # Then James, whose appointment was cancelled, is refused
    other = new_page()
    sign_in(other, JAMES)
    other.goto(f"/doctor/patients/{paula.user_id}")
    expect(other.get_by_text("This patient's page is not available")).to_be_visible()
    expect(other.get_by_text(re.compile("no appointment with this patient"))).to_be_visible()
    shot(other, "record-07-other-doctor-refused")
    with stack.client() as client:
        refused = client.get(f"/patients/{paula.user_id}/record", headers=bearer(login(client, JAMES)))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "NO_CARE_RELATIONSHIP"

    # and Paula's access log shows Anna's read and write, and nothing of James
    patient = new_page()
    sign_in(patient, PAULA, next_path="/me/record")
    rows = patient.get_by_test_id("access-row")
    # the two entries Anna added during the demo visit, and the one she added now
    expect(rows.filter(has_text="Anna Schmidt (doctor)").filter(has_text="added an entry")).to_have_count(3)
    expect(rows.filter(has_text="James Okafor")).to_have_count(0)
    expect(entries(patient, "conditions", "Migraine")).to_contain_text("Anna Schmidt (doctor)")
    shot(patient, "record-08-patient-sees-doctor-access")


def test_a_completed_visit_leads_the_patient_to_book_a_follow_up(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given Lucía's visit with Anna Schmidt under way, and a free time of Anna's the day after
    visit_slot = fresh_slot(stack, admin_token)
    follow_slot = fresh_slot(stack, admin_token)
    booked = book(stack, LUCIA, visit_slot.slot_id, "Dizziness")
    appointment = f"/appointments/{booked['appointment_id']}"
    with stack.client() as client:
        anna = login(client, ANNA)
        for status in ("CONFIRMED", "IN_PROGRESS"):
            moved = client.post(f"{appointment}/status", json={"status": status}, headers=bearer(anna))
            assert moved.status_code == 200, moved.text
    days = (follow_slot.start.date() - visit_slot.start.date()).days

    # When Anna completes it with a summary, private notes and a follow-up
    page = new_page()
    sign_in(page, ANNA, next_path=f"/doctor{appointment}")
    page.get_by_role("button", name="Complete visit").click()
    dialog = page.get_by_role("dialog", name="Complete the visit")
    dialog.get_by_label("Summary for the patient").fill("Blood pressure normal. Drink more water during the day.")
    dialog.get_by_label("Private notes").fill("Orthostatic? Recheck lying and standing.")
    dialog.get_by_label("Follow-up for the patient").fill("Keep a diary of the dizzy spells and bring it.")
    dialog.get_by_label("Come back within (days)").fill(str(days))
    shot(page, "record-09-complete-visit")
    dialog.get_by_role("button", name="Complete visit").click()
    expect(page.get_by_text("Keep a diary of the dizzy spells and bring it.")).to_be_visible()

    # Then Lucía sees the summary, the instructions and Anna's free time around the day to come back
    patient = new_page()
    sign_in(patient, LUCIA, next_path=f"/me{appointment}")
    expect(patient.get_by_text("Drink more water during the day.")).to_be_visible()
    expect(patient.get_by_text("Orthostatic")).to_have_count(0)
    follow_up = patient.get_by_role("region", name="Your doctor asks you to")
    expect(follow_up).to_contain_text("Keep a diary of the dizzy spells")
    expect(follow_up.get_by_role("heading", name="Book follow-up")).to_be_visible()
    choice = follow_up.locator(f'a[href*="{follow_slot.slot_id}"]')
    expect(choice).to_be_visible()
    shot(patient, "record-10-patient-follow-up")

    # and books it through the usual confirmation
    choice.click()
    expect(patient.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
    patient.get_by_role("button", name="Confirm booking").click()
    expect(patient.get_by_role("heading", name="You are booked")).to_be_visible()
    shot(patient, "record-11-follow-up-booked")
