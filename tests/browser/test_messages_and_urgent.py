"""A doctor and a patient, each in a browser of their own, exchange messages live; an urgent request is claimed by
one doctor while a second doctor's claim is refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_EMAIL, DOCTOR_NAME, LiveStack, sign_in
from tests.support.portal import overflow
from tests.support.stack import bearer, login

PATIENT = "paula.patient@docspot.test"
PATIENT_NAME = "Paula Patient"
OTHER_DOCTOR = "grace.whitfield@docspot.test"
URGENT_PATIENT = "lucia.fernandez@docspot.test"


def until_live(page: Page) -> None:
    """Until the page's WebSocket is open (realtime/RealtimeProvider exposes its status on <body>)."""
    page.wait_for_function("() => document.body.dataset.realtime === 'open'", timeout=10_000)


def test_a_doctor_and_a_patient_exchange_messages_live(
    new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given Paula on her phone and Anna Schmidt at her desk, each in their conversation (made by the demo data)
    patient = new_page(width=390, height=844)
    sign_in(patient, PATIENT)
    patient.goto("/messages")
    expect(patient.get_by_role("heading", name="Messages")).to_be_visible()
    expect(patient.get_by_test_id("messages-unread")).to_be_visible()
    patient.get_by_test_id("conversation-item").filter(has_text=DOCTOR_NAME).click()
    expect(patient.get_by_test_id("thread")).to_contain_text("blood test")
    assert overflow(patient) == 0
    doctor = new_page()
    sign_in(doctor, DOCTOR_EMAIL)
    doctor.goto("/doctor/messages")
    doctor.get_by_test_id("conversation-item").filter(has_text=PATIENT_NAME).click()
    expect(doctor.get_by_test_id("thread")).to_contain_text("blood test")
    until_live(patient)
    until_live(doctor)
    shot(patient, "messages-01-patient-390")

    # When the doctor writes, the patient's thread shows it without a reload
    doctor.get_by_label("Your message").fill("Please bring your vaccination card on Tuesday.")
    doctor.get_by_role("button", name="Send").click()
    expect(patient.get_by_test_id("message-body").filter(has_text="vaccination card")).to_be_visible(timeout=5_000)

    # And when the patient answers, the doctor's thread shows it live, and the doctor's reading marks it read
    patient.get_by_label("Your message").fill("Will do, thank you!")
    patient.get_by_role("button", name="Send").click()
    expect(doctor.get_by_test_id("message-body").filter(has_text="Will do, thank you!")).to_be_visible(timeout=5_000)
    expect(patient.get_by_test_id("message-read")).to_be_visible(timeout=5_000)
    shot(doctor, "messages-02-doctor-1280")
    shot(patient, "messages-03-patient-read-390")

    # Paging back reaches the start of the conversation
    older = doctor.get_by_role("button", name="Show older messages")
    if older.count():
        older.click()
    expect(doctor.get_by_test_id("thread")).to_contain_text("should I book the follow-up")


def test_an_urgent_request_is_claimed_by_one_doctor_while_a_second_doctors_claim_is_refused(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a patient asking for urgent help: the emergency number comes before anything else
    patient = new_page(width=390, height=844)
    sign_in(patient, URGENT_PATIENT)
    patient.goto("/urgent")
    notice = patient.get_by_test_id("emergency-notice")
    expect(notice).to_contain_text("call 112 now")
    heading_box = patient.get_by_role("heading", name="Urgent help").bounding_box()
    notice_box = notice.bounding_box()
    assert notice_box is not None and heading_box is not None and notice_box["y"] < heading_box["y"]
    patient.get_by_label("What are your symptoms?").fill("High fever since last night and a stiff neck")
    shot(patient, "urgent-01-form-390")
    patient.get_by_role("button", name="Ask for urgent help").click()
    expect(patient.get_by_test_id("urgent-status")).to_have_text("Waiting for a doctor")
    expect(patient.get_by_test_id("emergency-notice")).to_be_visible()
    until_live(patient)
    request_id = patient.url.rsplit("/", 1)[1]

    # And two doctors on duty with the request in their queue: Anna (on duty in the demo data), Grace going on now
    anna = new_page()
    sign_in(anna, DOCTOR_EMAIL)
    anna.goto("/doctor/urgent")
    expect(anna.get_by_test_id("urgent-item").filter(has_text="stiff neck")).to_be_visible()
    grace = new_page()
    sign_in(grace, OTHER_DOCTOR)
    grace.goto("/doctor/urgent")
    switch = grace.get_by_test_id("duty-switch")
    if not switch.is_checked():
        grace.get_by_text("On duty", exact=True).click()
    expect(grace.get_by_test_id("urgent-item").filter(has_text="stiff neck")).to_be_visible()
    until_live(grace)
    shot(anna, "urgent-02-queue-1280")

    # When Anna takes it
    anna.get_by_test_id("urgent-item").filter(has_text="stiff neck").get_by_role(
        "button", name="Take this request"
    ).click()

    # Then she lands in her conversation with the patient, the patient is told live, and Grace's queue loses it
    expect(anna).to_have_url(re.compile(r"/doctor/messages/[0-9a-f]+$"))
    expect(anna.get_by_role("heading", name="Messages")).to_be_visible()
    expect(patient.get_by_test_id("urgent-status")).to_have_text("A doctor has taken your request", timeout=5_000)
    expect(patient.get_by_text(f"{DOCTOR_NAME} has taken your request")).to_be_visible()
    expect(grace.get_by_test_id("urgent-item").filter(has_text="stiff neck")).to_have_count(0, timeout=5_000)
    shot(patient, "urgent-03-claimed-390")

    # And Grace's claim, sent anyway, is refused
    with stack.client() as client:
        refused = client.post(f"/urgent-requests/{request_id}/claim", headers=bearer(login(client, OTHER_DOCTOR)))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "ALREADY_CLAIMED"

    # And the patient opens the conversation Anna's claim made
    patient.get_by_role("link", name="Open the conversation").click()
    expect(patient.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
