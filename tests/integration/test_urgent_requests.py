"""Urgent requests: doctors' duty (ends by itself), the queue for doctors on duty, the first claim wins among ten
racing doctors and opens a conversation, the patient's cancel, escalation exactly once after the configured
minutes (admins pushed and mailed, the patient told), and symptoms never in a push or a mail."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.errors import DomainError
from chalicelib.models.urgent import UrgentRequest
from chalicelib.services.core.authz import Principal
from chalicelib.services.urgent import duty, requests
from chalicelib.vocabulary import Role
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.calls import count_dynamodb_calls
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender
from tests.support.ws import Ws

SYMPTOMS = "Sudden chest pain radiating to the left arm"


@pytest.fixture
def urgent(
    api: Api, configure: Any, admin_token: str, approved_doctor: dict[str, Any], specialty: dict[str, Any]
) -> dict[str, Any]:
    """Paula the patient, the approved doctor on duty, Olga (same specialty) off duty, the admin."""
    configure(DOCSPOT_ACCESS_TOKEN_SECONDS="86400")
    made = register_patient(api, email="paula@example.com", name="Paula Patient")
    paula = {"id": made["user_id"], "token": login(api, "paula@example.com")["access_token"]}
    olga = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="olga@example.com", license_number="LIC-3003"
    )
    doctor = {"id": approved_doctor["doctor_id"], "token": login(api, "approved@example.com")["access_token"]}
    on = api.post("/doctors/me/duty", {"on_duty": True}, doctor["token"])
    assert on.status == 200 and on.body["on_duty"] is True, on.body
    return {
        "paula": paula,
        "doctor": doctor,
        "olga": {"id": olga["doctor_id"], "token": login(api, "olga@example.com")["access_token"]},
        "admin": login(api, "admin@example.com")["access_token"],
        "specialty": specialty["specialty_id"],
    }


def ask(api: Api, token: str, **extra: Any) -> dict[str, Any]:
    reply = api.post("/urgent-requests", {"symptoms": SYMPTOMS, **extra}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_a_duty_ends_by_itself_at_until(api: Api, urgent: dict[str, Any], clock: FakeClock) -> None:
    token = urgent["olga"]["token"]
    assert api.get("/doctors/me/duty", token).body == {"on_duty": False, "until": None}
    until = (clock.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert api.post("/doctors/me/duty", {"on_duty": True, "until": until}, token).body == {
        "on_duty": True,
        "until": until,
    }
    clock.advance(hours=2)
    assert api.get("/doctors/me/duty", token).body == {"on_duty": False, "until": None}
    assert_error(api.get("/urgent-requests?status=WAITING", token), 403, "NOT_ON_DUTY")
    too_far = (clock.now() + timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert_error(api.post("/doctors/me/duty", {"on_duty": True, "until": too_far}, token), 400)


def test_a_request_waits_in_the_queue_of_doctors_on_duty_and_the_patient_sees_the_emergency_number(
    api: Api, urgent: dict[str, Any]
) -> None:
    made = ask(api, urgent["paula"]["token"], callback_phone="+49 30 1234567")

    assert made["status"] == "WAITING" and made["emergency_number"] == "112"
    assert made["symptoms"] == SYMPTOMS and made["claimed_by"] is None
    queue = api.get("/urgent-requests?status=WAITING", urgent["doctor"]["token"]).body["items"]
    assert [r["request_id"] for r in queue] == [made["request_id"]]
    assert_error(api.get("/urgent-requests?status=WAITING", urgent["olga"]["token"]), 403, "NOT_ON_DUTY")
    assert api.get(f"/urgent-requests/{made['request_id']}", urgent["paula"]["token"]).body == made
    assert api.get(f"/urgent-requests/{made['request_id']}", urgent["admin"]).status == 200
    assert_error(api.get(f"/urgent-requests/{made['request_id']}", urgent["olga"]["token"]), 404)
    assert api.get("/emergency-number").body == {"emergency_number": "112", "escalation_minutes": 5}


def test_a_request_for_another_specialty_skips_the_doctors_of_this_one(
    api: Api, urgent: dict[str, Any], admin_token: str
) -> None:
    other = api.post("/admin/specialties", {"name": "Dermatology", "description": "Skin"}, admin_token).body
    ask(api, urgent["paula"]["token"], specialty_id=other["specialty_id"])
    assert api.get("/urgent-requests?status=WAITING", urgent["doctor"]["token"]).body["items"] == []
    assert_error(api.post("/urgent-requests", {"symptoms": "x", "specialty_id": "nope"}, urgent["paula"]["token"]), 404)


@pytest.mark.usefixtures("atomic_moto")
def test_ten_doctors_racing_to_claim_one_request_one_wins(
    api: Api, urgent: dict[str, Any], admin_token: str, specialty: dict[str, Any]
) -> None:
    doctors = []
    for n in range(10):
        made = admin_create_doctor(
            api, admin_token, specialty["specialty_id"], email=f"duty{n}@example.com", license_number=f"LIC-9{n:03d}"
        )
        principal = Principal(made["doctor_id"], Role.DOCTOR)
        duty.set_duty(principal, True, None)
        doctors.append(principal)
    request_id = ask(api, urgent["paula"]["token"])["request_id"]

    def claim(doctor: Principal) -> str:
        # Service calls: the test client swaps the process environment per request and is not for threads.
        try:
            requests.claim(doctor, request_id)
        except DomainError as exc:
            return exc.code
        return "OK"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = Counter(pool.map(claim, doctors))

    assert outcomes == Counter({"OK": 1, "ALREADY_CLAIMED": 9})
    stored = UrgentRequest.get(request_id)
    assert stored.status == "CLAIMED" and stored.claimed_by in {d.user_id for d in doctors}
    assert stored.waiting is None and stored.conversation_id


def test_the_claim_opens_a_conversation_without_an_appointment_and_tells_the_patient(
    api: Api, ws: Ws, urgent: dict[str, Any]
) -> None:
    paula_tab = ws.open(urgent["paula"]["token"])
    request_id = ask(api, urgent["paula"]["token"])["request_id"]

    claimed = api.post(f"/urgent-requests/{request_id}/claim", None, urgent["doctor"]["token"])

    assert claimed.status == 200, claimed.body
    assert claimed.body["status"] == "CLAIMED" and claimed.body["claimed_by"]["id"] == urgent["doctor"]["id"]
    conversation = claimed.body["conversation_id"]
    said = api.post(f"/conversations/{conversation}/messages", {"body": "I am here"}, urgent["doctor"]["token"])
    assert said.status == 201
    listed = api.get("/conversations", urgent["paula"]["token"]).body["items"]
    assert [c["conversation_id"] for c in listed] == [conversation]
    told = [m["data"] for m in ws.pushed(paula_tab, "urgent-request")]
    assert told[-1]["status"] == "CLAIMED" and told[-1]["claimed_by"]["id"] == urgent["doctor"]["id"]
    assert api.get(f"/urgent-requests/{request_id}", urgent["doctor"]["token"]).status == 200
    late = api.post(f"/urgent-requests/{request_id}/claim", None, urgent["doctor"]["token"])
    assert_error(late, 409, "ALREADY_CLAIMED")
    assert_error(api.post(f"/urgent-requests/{request_id}/cancel", None, urgent["paula"]["token"]), 409)


def test_the_patient_cancels_and_nobody_can_claim_it_then(api: Api, urgent: dict[str, Any]) -> None:
    request_id = ask(api, urgent["paula"]["token"])["request_id"]
    assert_error(api.post(f"/urgent-requests/{request_id}/cancel", None, urgent["olga"]["token"]), 403)

    cancelled = api.post(f"/urgent-requests/{request_id}/cancel", None, urgent["paula"]["token"])

    assert cancelled.status == 200 and cancelled.body["status"] == "CANCELLED"
    assert_error(
        api.post(f"/urgent-requests/{request_id}/claim", None, urgent["doctor"]["token"]), 409, "REQUEST_CLOSED"
    )
    assert api.get("/urgent-requests?status=WAITING", urgent["doctor"]["token"]).body["items"] == []


def test_an_unclaimed_request_escalates_once_after_five_minutes(
    api: Api, ws: Ws, urgent: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    admin_tab = ws.watch(urgent["admin"], "admin")
    paula_tab = ws.open(urgent["paula"]["token"])
    request_id = ask(api, urgent["paula"]["token"])["request_id"]
    clock.advance(minutes=4, seconds=59)
    assert requests.escalate_due().escalated == 0

    clock.advance(seconds=1)
    assert requests.escalate_due().escalated == 1
    assert requests.escalate_due().escalated == 0

    assert api.get(f"/urgent-requests/{request_id}", urgent["paula"]["token"]).body["status"] == "ESCALATED"
    assert [m["data"]["status"] for m in ws.pushed(admin_tab, "urgent-request")] == ["ESCALATED"]
    assert ws.pushed(paula_tab, "urgent-request")[-1]["data"]["status"] == "ESCALATED"
    to_admin = mailer.to("admin@example.com", "urgent-escalated")
    to_patient = mailer.to("paula@example.com", "urgent-escalated-patient")
    assert len(to_admin) == 1 and len(to_patient) == 1
    assert "112" in to_patient[0].text
    assert_error(
        api.post(f"/urgent-requests/{request_id}/claim", None, urgent["doctor"]["token"]), 409, "REQUEST_CLOSED"
    )


@pytest.mark.usefixtures("atomic_moto")
def test_overlapping_escalation_runs_escalate_once(
    api: Api, urgent: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    ask(api, urgent["paula"]["token"])
    clock.advance(minutes=6)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: requests.escalate_due(), range(4)))

    assert sum(r.escalated for r in reports) == 1
    assert len(mailer.to("admin@example.com", "urgent-escalated")) == 1


def test_the_escalation_minutes_are_configurable(
    api: Api, urgent: dict[str, Any], clock: FakeClock, configure: Any
) -> None:
    configure(DOCSPOT_URGENT_ESCALATION_MINUTES="10", DOCSPOT_ACCESS_TOKEN_SECONDS="86400")
    ask(api, urgent["paula"]["token"])
    clock.advance(minutes=6)
    assert requests.escalate_due().escalated == 0
    clock.advance(minutes=4)
    assert requests.escalate_due().escalated == 1


def test_symptoms_never_reach_a_push_or_a_mail(
    api: Api, ws: Ws, urgent: dict[str, Any], clock: FakeClock, sender: RecordingSender, mailer: RecordingMailer
) -> None:
    ws.open(urgent["doctor"]["token"])
    ws.watch(urgent["admin"], "admin")
    ws.open(urgent["paula"]["token"])
    ask(api, urgent["paula"]["token"], callback_phone="+49 30 1234567")
    first = ask(api, urgent["paula"]["token"])
    api.post(f"/urgent-requests/{first['request_id']}/claim", None, urgent["doctor"]["token"])
    clock.advance(minutes=6)
    requests.escalate_due()

    assert sender.sent, "something was pushed"
    for _, message in sender.sent:
        assert "chest" not in str(message).lower() and "1234567" not in str(message)
    for email in mailer.sent:
        assert "chest" not in (email.text + email.html + email.subject).lower()


def test_no_urgent_path_scans(
    api: Api, urgent: dict[str, Any], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_dynamodb_calls(monkeypatch)
    made = ask(api, urgent["paula"]["token"])
    api.get("/urgent-requests?status=WAITING", urgent["doctor"]["token"])
    api.get(f"/urgent-requests/{made['request_id']}", urgent["paula"]["token"])
    api.post(f"/urgent-requests/{made['request_id']}/claim", None, urgent["doctor"]["token"])
    other = ask(api, urgent["paula"]["token"])
    api.post(f"/urgent-requests/{other['request_id']}/cancel", None, urgent["paula"]["token"])
    ask(api, urgent["paula"]["token"])
    clock.advance(minutes=6)
    requests.escalate_due()
    api.get("/doctors/me/duty", urgent["doctor"]["token"])

    assert calls["Query"] > 0 and calls["Scan"] == 0


def test_the_doctors_on_duty_and_the_patient_find_it_in_their_feed_without_the_symptoms(
    api: Api, urgent: dict[str, Any], clock: FakeClock
) -> None:
    request_id = ask(api, urgent["paula"]["token"])["request_id"]
    api.post(f"/urgent-requests/{request_id}/claim", None, urgent["doctor"]["token"])
    escalated = ask(api, urgent["paula"]["token"])["request_id"]
    clock.advance(minutes=6)
    requests.escalate_due()

    doctor_feed = api.get("/notifications", urgent["doctor"]["token"]).body["items"]
    patient_feed = api.get("/notifications", urgent["paula"]["token"]).body["items"]
    assert {(n["type"], n["data"]["request_id"]) for n in doctor_feed if n["type"].startswith("urgent")} == {
        ("urgent-request", escalated),
        ("urgent-request", request_id),
    }
    assert {(n["type"], n["data"]["request_id"]) for n in patient_feed if n["type"].startswith("urgent")} == {
        ("urgent-request-escalated", escalated),
        ("urgent-request-claimed", request_id),
    }
    assert "chest" not in str(doctor_feed + patient_feed).lower()
