"""E-mail preferences on /me: optional mail can be switched off, essential mail cannot."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.models.users import User
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.mail import SesMailbox

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
ALL_ON = {"appointment_updates": True, "reminders": True, "waitlist": True, "messages": True}


def test_every_optional_mail_is_on_by_default(api: Api, patient_token: str) -> None:
    body = api.get("/me", patient_token).body

    assert (body["email_opt_out"], body["email_preferences"]) == (False, ALL_ON)


def test_a_partial_preference_update_keeps_the_other_choices(api: Api, patient_token: str) -> None:
    api.patch("/me", {"email_preferences": {"reminders": False}}, patient_token)

    reply = api.patch("/me", {"email_preferences": {"waitlist": False, "reminders": None}}, patient_token)

    assert reply.status == 200, reply.body
    expected = {"appointment_updates": True, "reminders": False, "waitlist": False, "messages": True}
    assert reply.body["email_preferences"] == expected
    assert api.get("/me", patient_token).body["email_preferences"] == expected
    stored = User.get(reply.body["user_id"]).email_preferences
    assert stored is not None and (stored.reminders, stored.waitlist) == (False, False)


@pytest.mark.parametrize(
    "body",
    [
        {"email_preferences": None},
        {"email_preferences": {"marketing": True}},
        {"email_preferences": {"reminders": "maybe"}},
        {"email_preferences": {"security": False}},
        {"email_preferences": "off"},
    ],
)
def test_bad_preferences_are_refused(api: Api, patient_token: str, body: dict[str, Any]) -> None:
    assert_error(api.patch("/me", body, patient_token), 400, "VALIDATION_ERROR")
    assert api.get("/me", patient_token).body["email_preferences"] == ALL_ON


def test_a_doctor_who_switched_appointment_updates_off_gets_no_booking_notice_but_the_patient_gets_the_invite(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    # Given
    api.patch("/me", {"email_preferences": {"appointment_updates": False}}, approved_doctor["token"])
    api.patch("/me", {"email_opt_out": True}, patient_token)

    # When
    slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    assert api.post("/appointments", {"slot_id": slot}, patient_token).status == 201

    # Then the doctor's optional notice stays home; the patient's invite is essential and goes
    assert mailbox.kinds("approved@example.com") == []
    assert "appointment-booked" in mailbox.kinds("pat@example.com")


def test_the_master_switch_stops_the_doctors_confirmation_mail(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    api.patch("/me", {"email_opt_out": True}, patient_token)
    slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    appointment_id = api.post("/appointments", {"slot_id": slot}, patient_token).body["appointment_id"]

    api.post(f"/appointments/{appointment_id}/status", {"status": "CONFIRMED"}, approved_doctor["token"])

    assert "appointment-confirmed" not in mailbox.kinds("pat@example.com")


def test_a_patient_who_switched_waitlist_mail_off_gets_the_offer_in_the_feed_only(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], mailbox: SesMailbox
) -> None:
    # Given someone else holds the slot, and the patient waits with waitlist mail off
    from tests.support.accounts import login, register_patient

    doctor_id = approved_doctor["doctor_id"]
    register_patient(api, email="other@example.com", name="Olga Other")
    other = login(api, "other@example.com")["access_token"]
    appointment_id = api.post("/appointments", {"slot_id": make_slot(doctor_id, TOMORROW_10)}, other).body[
        "appointment_id"
    ]
    api.post(f"/doctors/{doctor_id}/waitlist", {}, patient_token)
    api.patch("/me", {"email_preferences": {"waitlist": False}}, patient_token)

    # When the slot frees up
    api.post(f"/appointments/{appointment_id}/cancel", {}, other)

    # Then
    assert "waitlist-offer" not in mailbox.kinds("pat@example.com")
    feed = api.get("/notifications", patient_token).body["items"]
    assert [n["type"] for n in feed] == ["waitlist-slot-open"]
