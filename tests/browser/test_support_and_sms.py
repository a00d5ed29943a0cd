"""A support ticket from opening (patient) to an admin's reply (the patient sees it, never the internal note) to
closing; and a patient confirming a mobile number with the code the local mailbox shows among its SMS."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.mailbox_links import new_patient
from tests.support.portal import overflow
from tests.support.stack import ADMIN


def _texts_to(stack: LiveStack, number: str) -> list[str]:
    """The SMS the stack published to ``number``, newest first (``/_local/mail.json``'s ``sms``)."""
    reply = httpx.get(f"{stack.url}/_local/mail.json", timeout=30, trust_env=False)
    assert reply.status_code == 200, reply.text
    return [str(m["text"]) for m in reply.json()["sms"] if m["to"] == number]


def test_a_ticket_goes_from_opening_to_an_admin_reply_to_closing(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a patient on a phone who opens a support request
    patient = new_patient(stack, "Tess Ticket")
    subject = f"Cannot change my e-mail {secrets.token_hex(3)}"
    phone = new_page(width=390, height=844)
    sign_in(phone, patient.email)
    phone.goto("/support")
    expect(phone.get_by_role("heading", name="Support", level=1)).to_be_visible()
    phone.get_by_label("Subject").fill(subject)
    phone.get_by_role("textbox", name="Message", exact=True).fill(
        "The profile page does not let me change my e-mail address."
    )
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("heading", name=subject)).to_be_visible()
    expect(phone.get_by_text("Open", exact=True)).to_be_visible()
    assert overflow(phone) == 0
    shot(phone, "support-01-patient-opened-390")

    # When an admin takes it from the queue, writes an internal note and answers
    admin = new_page()
    sign_in(admin, *ADMIN, next_path="/admin/support")
    expect(admin.get_by_role("heading", name="Support queue")).to_be_visible()
    row = admin.get_by_role("row").filter(has_text=subject)
    expect(row).to_contain_text("Tess Ticket")
    expect(admin.get_by_text("Something went wrong")).to_have_count(0)
    shot(admin, "support-02-admin-queue-1280")
    row.get_by_role("button", name="Assign to me").click()
    expect(row).to_contain_text("Ada Admin")
    row.get_by_role("link", name=subject).click()
    expect(admin.get_by_role("heading", name=subject)).to_be_visible()
    admin.get_by_label("Your reply").fill("Checked the account: e-mail changes go through support for now.")
    admin.get_by_label("Internal note (admins only)").check()
    admin.get_by_role("button", name="Send reply").click()
    expect(admin.locator("[data-internal='true']")).to_contain_text("e-mail changes go through support")
    admin.get_by_label("Your reply").fill("We changed it for you: sign in with the new address from now on.")
    admin.get_by_role("button", name="Send reply").click()
    expect(admin.locator("[data-internal='false']").filter(has_text="We changed it for you")).to_be_visible()
    shot(admin, "support-03-admin-thread-1280")

    # Then the patient sees the reply (live, or on reload) and never the internal note
    phone.reload()
    expect(phone.get_by_text("We changed it for you: sign in with the new address from now on.")).to_be_visible()
    expect(phone.get_by_text("e-mail changes go through support")).to_have_count(0)
    expect(phone.get_by_text("Internal note")).to_have_count(0)
    shot(phone, "support-04-patient-sees-reply-390")

    # and closes the request, which then takes no more messages
    phone.get_by_role("button", name="Close request").click()
    expect(phone.get_by_text("This request is closed. Open a new one if you need more help.")).to_be_visible()
    expect(phone.get_by_role("button", name="Send reply")).to_have_count(0)
    shot(phone, "support-05-patient-closed-390")
    admin.reload()
    expect(admin.get_by_text("Closed", exact=True).first).to_be_visible()


def test_a_patient_confirms_a_mobile_number_with_the_code_from_the_local_sms_list(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    # Given a patient in their settings, and a mobile number of their own
    patient = new_patient(stack, "Sam Sms")
    number = f"+49151{secrets.randbelow(10**8):08d}"
    for width in (390, 1280):
        page = new_page(width=width)
        sign_in(page, patient.email)
        page.goto("/settings")
        expect(page.get_by_role("heading", name="Text message reminders")).to_be_visible()
        if width == 390:
            assert overflow(page) == 0
            shot(page, "sms-01-settings-390")
    # When they ask for a code, read it from the SMS and type it
    page.get_by_label("Mobile number").fill(number)
    page.get_by_role("button", name="Send code").click()
    expect(page.get_by_text(f"We sent a 6-digit code to {number}")).to_be_visible()
    [text] = _texts_to(stack, number)
    [code] = re.findall(r"\b\d{6}\b", text)
    page.locator("section[aria-labelledby='sms-reminders'] input[inputmode='numeric']").first.click()
    page.keyboard.type(code)
    shot(page, "sms-02-code-typed-1280")
    page.get_by_role("button", name="Confirm").click()

    # Then the number is confirmed and SMS reminders can be switched on
    expect(page.get_by_text(f"Confirmed: {number}")).to_be_visible()
    reminders = page.get_by_role("switch", name="Send reminders by SMS")
    page.get_by_text("Send reminders by SMS").click()  # the label: Mantine's switch input itself is hidden
    expect(reminders).to_be_checked()
    page.reload()
    expect(page.get_by_role("switch", name="Send reminders by SMS")).to_be_checked()
    shot(page, "sms-03-confirmed-1280")
    # and the local mailbox lists the code's SMS
    mailbox = new_page()
    mailbox.goto("/_local/mail")
    expect(mailbox.locator("#sms").get_by_text(number)).to_be_visible()
