"""Every read on a request path is a GetItem, a Query or a BatchGet (docs/architecture.md, "Access patterns"):
never a Scan."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from botocore.client import BaseClient

from chalicelib.models.doctors import Doctor
from chalicelib.services.accounts import users
from tests.support.accounts import PASSWORD, doctor_registration, login, register_patient
from tests.support.api import Api, Reply
from tests.support.fakes import RecordingMailer


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts every AWS operation made through botocore, which PynamoDB uses for each request."""
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        calls[operation_name] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    yield calls


def ok(reply: Reply) -> Reply:
    assert reply.status < 300, (reply.status, reply.body)
    return reply


def test_the_counter_sees_a_scan_when_one_happens(api: Api, dynamodb_calls: Counter[str]) -> None:
    """Without this, the test below could pass by counting nothing."""
    list(Doctor.scan())

    assert dynamodb_calls["Scan"] == 1


def test_no_request_path_scans(api: Api, dynamodb_calls: Counter[str], mailer: RecordingMailer) -> None:
    # Given an admin (created from the command line, outside any request)
    users.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    dynamodb_calls.clear()

    # When a representative day of requests runs
    admin = login(api, "admin@example.com")["access_token"]
    specialty = ok(api.post("/admin/specialties", {"name": "Cardiology"}, admin)).body
    sid = specialty["specialty_id"]
    ok(api.patch(f"/admin/specialties/{sid}", {"description": "Heart"}, admin))
    ok(api.get("/specialties"))
    ok(api.get("/admin/specialties", admin))
    body = doctor_registration(sid, email="made@example.com", license_number="LIC-1")
    body.pop("role")
    made = ok(api.post("/admin/doctors", body, admin)).body
    pending = ok(api.post("/auth/register", doctor_registration(sid, email="new@example.com", license_number="LIC-2")))
    register_patient(api)
    assert api.post("/auth/login", {"email": "pat@example.com", "password": "wrong password"}).status == 401
    assert api.post("/auth/login", {"email": "nobody@example.com", "password": "wrong password"}).status == 401
    pair = login(api, "pat@example.com")
    ok(api.get("/me", pair["access_token"]))
    ok(api.patch("/me", {"timezone": "Europe/Paris"}, pair["access_token"]))
    rotated = ok(api.post("/auth/refresh", {"refresh_token": pair["refresh_token"]})).body
    ok(api.get("/doctors"))
    ok(api.get("/doctors?q=Dr%20Smiht"))
    ok(api.get(f"/doctors?specialty_id={sid}&limit=1"))
    ok(api.get(f"/doctors/{made['doctor_id']}"))
    ok(api.get("/admin/doctors?status=PENDING", admin))
    ok(api.get("/appointments", admin))
    ok(api.get("/appointments?scope=past", admin))
    ok(api.post(f"/admin/doctors/{pending.body['user_id']}/approve", {}, admin))
    doctor = login(api, "made@example.com")["access_token"]
    ok(api.patch("/doctors/me", {"bio": "Hello"}, doctor))
    ok(api.post("/auth/password-reset", {"email": "pat@example.com"}))
    [link] = re.findall(r"https?://\S+", mailer.to("pat@example.com")[-1].text)
    token = parse_qs(urlparse(link).query)["token"][0]
    ok(api.post("/auth/password-reset/confirm", {"token": token, "password": "a new password"}))
    ok(api.post("/auth/logout", {"refresh_token": rotated["refresh_token"]}, rotated["access_token"]))

    # Then DynamoDB was used, but never scanned
    assert dynamodb_calls["Query"] > 0
    assert dynamodb_calls["GetItem"] > 0
    assert dynamodb_calls["TransactWriteItems"] > 0
    assert dynamodb_calls["Scan"] == 0, dynamodb_calls


def test_no_record_path_scans(
    api: Api, dynamodb_calls: Counter[str], clock: Any, approved_doctor: dict[str, Any], patient_token: str
) -> None:
    # Given a patient in the approved doctor's care
    from datetime import timedelta

    from tests.support.booking import make_slot
    from tests.support.records import appointment

    patient_id = api.get("/me", patient_token).body["user_id"]
    doctor = approved_doctor["token"]
    appointment(approved_doctor["doctor_id"], patient_id, clock.now() + timedelta(days=1))
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    dynamodb_calls.clear()

    # When every record route runs
    entry = ok(api.post("/me/record/allergies", {"substance": "Dust", "severity": "mild"}, patient_token)).body
    ok(api.patch(f"/me/record/allergies/{entry['entry_id']}", {"reaction": "Sneezing"}, patient_token))
    ok(api.get("/me/record", patient_token))
    ok(api.get("/me/record/access-log", patient_token))
    ok(api.get("/me/record/export", patient_token))
    ok(api.get(f"/patients/{patient_id}/record", doctor))
    added = ok(api.post(f"/patients/{patient_id}/record/conditions", {"name": "Asthma"}, doctor)).body
    ok(api.patch(f"/patients/{patient_id}/record/conditions/{added['entry_id']}", {"status": "resolved"}, doctor))
    ok(api.get("/doctors/me/patients?q=pat", doctor))
    ok(api.get(f"/doctors/me/patients/{patient_id}", doctor))
    ok(api.post(f"/doctors/me/patients/{patient_id}/appointments", {"slot_id": slot_id}, doctor))
    ok(api.delete(f"/me/record/allergies/{entry['entry_id']}", patient_token))

    # Then nothing was scanned
    assert dynamodb_calls["Query"] > 0
    assert dynamodb_calls["Scan"] == 0, dynamodb_calls


def test_the_slot_publication_never_scans_and_its_routes_never_touch_dynamodb(
    api: Api, dynamodb_calls: Counter[str], clock: Any, approved_doctor: dict[str, Any]
) -> None:
    # Given a doctor with slots and the uploads bucket the publication lives in
    from datetime import timedelta

    from chalicelib.services.publishing import publication
    from local.buckets import create_uploads_bucket
    from tests.support.booking import make_slot

    create_uploads_bucket(["http://127.0.0.1:8000"])
    make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    dynamodb_calls.clear()

    # When the schedule writes it (the directory's Query, then a Query of slots and of holds per doctor)
    publication.publish()

    # Then it only queried
    assert dynamodb_calls["Query"] >= 2
    assert dynamodb_calls["Scan"] == 0, dynamodb_calls

    # And the public routes read S3 only
    dynamodb_calls.clear()
    ok(api.get("/fhir/$bulk-publish"))
    ok(api.get("/fhir/files/slots-de.ndjson"))
    dynamo = {"Query", "GetItem", "BatchGetItem", "Scan", "PutItem", "UpdateItem", "TransactWriteItems"}
    assert not dynamo & set(dynamodb_calls), dynamodb_calls
    assert dynamodb_calls["GetObject"] >= 2


def test_a_slot_by_its_id_is_read_by_key(
    api: Api, dynamodb_calls: Counter[str], clock: Any, approved_doctor: dict[str, Any]
) -> None:
    from datetime import timedelta

    from tests.support.booking import make_slot

    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    dynamodb_calls.clear()

    ok(api.get(f"/slots/{slot_id}"))

    assert dynamodb_calls["Scan"] == 0 and dynamodb_calls["Query"] == 0, dynamodb_calls
    # + the platform settings (the booking window), read at most once a minute per process
    assert dynamodb_calls["GetItem"] <= 4, dynamodb_calls


def test_calendar_feeds_are_read_by_key_and_index(
    api: Api, dynamodb_calls: Counter[str], clock: Any, approved_doctor: dict[str, Any], patient_token: str
) -> None:
    from datetime import timedelta

    from tests.support.booking import make_slot

    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    ok(api.post("/appointments", {"slot_id": slot_id}, patient_token))
    dynamodb_calls.clear()

    for token in (patient_token, approved_doctor["token"]):
        ok(api.get("/me/calendar-feed", token))
        url = ok(api.post("/me/calendar-feed", token=token)).body["url"]
        ok(api.post("/me/calendar-feed", token=token))
        url = ok(api.post("/me/calendar-feed", token=token)).body["url"]
        ok(api.get(url.split("/api", 1)[1]))
        ok(api.delete("/me/calendar-feed", token))

    assert dynamodb_calls["Query"] > 0
    assert dynamodb_calls["Scan"] == 0, dynamodb_calls


def test_booking_page_slugs_are_read_by_key(
    api: Api, dynamodb_calls: Counter[str], approved_doctor: dict[str, Any]
) -> None:
    token = approved_doctor["token"]
    dynamodb_calls.clear()

    ok(api.get("/doctors/me/slug", token))
    ok(api.call("PUT", "/doctors/me/slug", {"slug": "dr-anna"}, token))
    ok(api.get("/doctors/by-slug/dr-anna"))

    assert dynamodb_calls["Scan"] == 0, dynamodb_calls


def test_reviews_and_sign_in_codes_read_by_key_and_sparse_index(
    api: Api,
    dynamodb_calls: Counter[str],
    clock: Any,
    approved_doctor: dict[str, Any],
    patient_token: str,
    admin_token: str,
    mailer: RecordingMailer,
) -> None:
    """Each call's requests, as docs/architecture.md ("Access patterns") gives them, the caller's account read
    included."""
    from datetime import timedelta

    from tests.support.reviews import visit

    doctor_id, doctor = approved_doctor["doctor_id"], approved_doctor["token"]
    patient_id = api.get("/me", patient_token).body["user_id"]
    appointment_id = visit(patient_id, doctor_id, clock.now() - timedelta(days=1))
    api.get(f"/doctors/{doctor_id}")
    api.after = None  # the request's own calls: no stream drain after it (reviews and codes have no stream effects)

    def requests(call: Any) -> int:
        dynamodb_calls.clear()
        ok(call())
        assert dynamodb_calls["Scan"] == 0, dynamodb_calls
        return sum(dynamodb_calls.values())

    counts = {
        "review": requests(lambda: api.post(f"/appointments/{appointment_id}/review", {"rating": 5}, patient_token)),
        "list": requests(lambda: api.get(f"/doctors/{doctor_id}/reviews")),
    }
    review_id = api.get(f"/doctors/{doctor_id}/reviews").body["items"][0]["review_id"]
    counts["reply"] = requests(lambda: api.post(f"/reviews/{review_id}/reply", {"body": "Thanks"}, doctor))
    counts["report"] = requests(lambda: api.post(f"/reviews/{review_id}/report", {"reason": "x"}, patient_token))
    counts["queue"] = requests(lambda: api.get("/admin/reviews?status=reported", admin_token))
    counts["hide"] = requests(lambda: api.post(f"/admin/reviews/{review_id}/hide", {"reason": "x"}, admin_token))
    counts["unhide"] = requests(lambda: api.post(f"/admin/reviews/{review_id}/unhide", token=admin_token))
    counts["code"] = requests(lambda: api.post("/auth/code", {"email": "pat@example.com"}))
    counts["unknown code"] = requests(lambda: api.post("/auth/code", {"email": "nobody@example.com"}))
    [code] = re.findall(r"\b[0-9]{6}\b", mailer.to("pat@example.com", "login-code")[-1].text)
    counts["verify"] = requests(lambda: api.post("/auth/code/verify", {"email": "pat@example.com", "code": code}))

    assert counts == {
        "review": 6,
        "list": 2,
        "reply": 4,
        "report": 3,
        "queue": 3,
        "hide": 6,
        "unhide": 6,
        "code": 2,
        "unknown code": 2,
        "verify": 5,
    }, counts
