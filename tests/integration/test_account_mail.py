"""Account and security mail read back from moto's SES: welcome, a doctor's decision, the password-reset link."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from chalicelib.models.outbox import OutboxMessage
from tests.support.accounts import PASSWORD, doctor_registration, login, register_patient
from tests.support.api import Api
from tests.support.mail import SesMailbox, SwitchableMailer, words


def test_a_new_patient_is_welcomed(api: Api, mailbox: SesMailbox) -> None:
    register_patient(api, email="pat@example.com", name="Pat Patient")

    mail = mailbox.one("pat@example.com", "welcome")
    assert mail.subject == "Welcome to DocSpot"
    assert mail.text.startswith("Hello Pat Patient,")
    assert "account is ready" in mail.text
    assert mail.html is not None and "Find a doctor" in mail.html


def test_a_new_doctor_is_told_their_account_awaits_review(
    api: Api, specialty: dict[str, Any], mailbox: SesMailbox
) -> None:
    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"], email="dora@example.com"))
    assert reply.status == 201

    mail = mailbox.one("dora@example.com", "welcome")
    assert "checks every doctor's licence" in words(mail.text)
    # It says exactly what is possible meanwhile: reading and correcting the application, not publishing hours
    assert "see where your application stands and correct it" in words(mail.text)
    assert "Publishing your availability and being booked start once it is approved" in words(mail.text)
    assert "http://127.0.0.1:8000/doctor" in mail.text


def test_an_approval_and_a_rejection_reach_the_doctor_with_the_reviewers_words(
    api: Api, specialty: dict[str, Any], admin_token: str, mailbox: SesMailbox
) -> None:
    # Given two doctors wait
    ids = []
    for n, email in enumerate(("ann@example.com", "bob@example.com")):
        body = doctor_registration(specialty["specialty_id"], email=email, license_number=f"LIC-{n}")
        ids.append(api.post("/auth/register", body).body["user_id"])

    # When one is approved with a note and the other rejected with a reason
    api.post(f"/admin/doctors/{ids[0]}/approve", {"reason": "Welcome aboard"}, admin_token)
    api.post(f"/admin/doctors/{ids[1]}/reject", {"reason": "Licence number not found"}, admin_token)

    # Then
    approved = mailbox.one("ann@example.com", "doctor-approved")
    assert approved.subject == "Your DocSpot doctor account is approved"
    assert "Note from the reviewer: Welcome aboard" in approved.text
    rejected = mailbox.one("bob@example.com", "doctor-rejected")
    assert rejected.subject == "Your DocSpot doctor application"
    assert "Reason: Licence number not found" in rejected.text
    # It tells the doctor what they can do (correct and resubmit), never to register again
    assert "correct your application" in words(rejected.text) and "send it again for review" in words(rejected.text)
    assert "There is no need to register again" in words(rejected.text)
    assert "register again with" not in words(rejected.text)


def test_a_german_doctor_hears_of_the_decision_in_german(
    api: Api, specialty: dict[str, Any], admin_token: str, mailbox: SesMailbox
) -> None:
    body = doctor_registration(
        specialty["specialty_id"], email="zoe@example.com", name="Dr. Zoë Ångström-Müller", locale="de"
    )
    doctor_id = api.post("/auth/register", body).body["user_id"]
    api.post(f"/admin/doctors/{doctor_id}/reject", {"reason": "Approbation unleserlich"}, admin_token)

    welcome = mailbox.one("zoe@example.com", "welcome")
    assert welcome.subject == "Willkommen bei DocSpot"
    assert welcome.text.startswith("Hallo Dr. Zoë Ångström-Müller,")
    rejected = mailbox.one("zoe@example.com", "doctor-rejected")
    assert rejected.subject == "Ihre Registrierung als Ärztin oder Arzt bei DocSpot"
    assert "Begründung: Approbation unleserlich" in rejected.text
    assert "erneut zur Prüfung einzureichen" in words(rejected.text)
    assert rejected.to == ["Dr. Zoë Ångström-Müller <zoe@example.com>"] or "Zo" in str(rejected.to)


def test_the_password_reset_link_read_back_from_ses_resets_the_password(api: Api, mailbox: SesMailbox) -> None:
    # Given
    register_patient(api, email="pat@example.com")

    # When
    assert api.post("/auth/password-reset", {"email": "pat@example.com"}).status == 202

    # Then the one link in the mail works
    mail = mailbox.one("pat@example.com", "password-reset")
    assert mail.subject == "Reset your DocSpot password"
    [link] = re.findall(r"https?://\S+", mail.text)
    assert mail.html is not None and link.replace("&", "&amp;") in mail.html
    token = parse_qs(urlparse(link).query)["token"][0]
    reply = api.post("/auth/password-reset/confirm", {"token": token, "password": "a brand new passphrase"})
    assert reply.status == 200, reply.body
    assert login(api, "pat@example.com", "a brand new passphrase")["access_token"]


def test_security_mail_goes_even_to_a_user_who_opted_out_of_everything(api: Api, mailbox: SesMailbox) -> None:
    # Given a patient who switched every optional mail off
    register_patient(api, email="pat@example.com")
    token = login(api, "pat@example.com", PASSWORD)["access_token"]
    everything_off = {"email_opt_out": True, "email_preferences": {"appointment_updates": False, "reminders": False}}
    assert api.patch("/me", {**everything_off}, token).status == 200

    # When
    api.post("/auth/password-reset", {"email": "pat@example.com"})

    # Then
    assert mailbox.kinds("pat@example.com") == ["welcome", "password-reset"]


def test_a_reset_mail_that_ses_refuses_waits_in_the_outbox(api: Api, ses: SwitchableMailer) -> None:
    register_patient(api, email="pat@example.com")
    ses.fail = lambda email: ConnectionError("SES unreachable")

    assert api.post("/auth/password-reset", {"email": "pat@example.com"}).status == 202

    [kept] = list(OutboxMessage.by_waiting.query("WAITING"))
    assert kept.kind == "password-reset"
