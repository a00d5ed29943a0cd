"""Patients' documents on an appointment, through the API with moto's S3: the browser's upload is played by a
PutObject of the bytes at the key of the form (moto does not enforce POST policies; tests/unit checks the policy
itself, tests/e2e posts the real form)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests

from chalicelib.adapters.registry import use_adapters
from chalicelib.adapters.storage import S3Storage, policy_of
from chalicelib.config import get_settings
from chalicelib.handlers.files import complete_arrivals
from chalicelib.models.audit import AuditEntry
from chalicelib.models.files import FileRecord
from chalicelib.models.unique_keys import UniqueKey
from local.buckets import create_uploads_bucket
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n" + b"lab results " * 100 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MB10 = 10 * 1024 * 1024


@dataclass
class Visit:
    """A booked appointment and everyone with a part in it, or none."""

    appointment_id: str
    patient: str
    stranger: str
    doctor: str
    doctor_id: str
    other_doctor: str
    admin: str
    admin_id: str

    @property
    def files(self) -> str:
        return f"/appointments/{self.appointment_id}/files"


@pytest.fixture
def s3(api: Api) -> Iterator[Any]:
    """The uploads bucket in moto, as the local stack makes it, and a fresh storage adapter over it."""
    create_uploads_bucket(["http://127.0.0.1:8000"])
    settings = get_settings()
    use_adapters(storage=S3Storage(settings.uploads_bucket, settings.region))
    yield boto3.client("s3", region_name=settings.region)


@pytest.fixture
def visit(
    api: Api, s3: Any, patient_token: str, approved_doctor: dict[str, Any], admin_token: str, specialty: dict[str, Any]
) -> Visit:
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    booked = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "check-up"}, patient_token)
    assert booked.status == 201, booked.body
    register_patient(api, email="stranger@example.com", name="Sam Stranger")
    admin_create_doctor(api, admin_token, specialty["specialty_id"], email="other@example.com", license_number="LIC-9")
    admin = login(api, "admin@example.com")
    return Visit(
        appointment_id=booked.body["appointment_id"],
        patient=patient_token,
        stranger=login(api, "stranger@example.com")["access_token"],
        doctor=approved_doctor["token"],
        doctor_id=approved_doctor["doctor_id"],
        other_doctor=login(api, "other@example.com")["access_token"],
        admin=admin["access_token"],
        admin_id=admin["user"]["user_id"],
    )


def start(
    api: Api, visit: Visit, data: bytes = PDF, name: str = "lab results.pdf", kind: str = "application/pdf"
) -> Reply:
    return api.post(visit.files, {"filename": name, "content_type": kind, "size": len(data)}, visit.patient)


def send(s3: Any, started: Reply, data: bytes, kind: str | None = None) -> None:
    """What the browser's form POST stores: the bytes at the form's key, with the form's content type."""
    fields = started.body["upload"]["fields"]
    bucket = get_settings().uploads_bucket
    s3.put_object(Bucket=bucket, Key=fields["key"], Body=data, ContentType=kind or fields["Content-Type"])


def uploaded(api: Api, s3: Any, visit: Visit, data: bytes = PDF, name: str = "lab results.pdf") -> dict[str, Any]:
    started = start(api, visit, data, name)
    assert started.status == 201, started.body
    send(s3, started, data)
    done = api.post(f"{visit.files}/{started.body['file_id']}/complete", None, visit.patient)
    assert done.status == 200, done.body
    body: dict[str, Any] = done.body
    return body


def keys(s3: Any) -> set[str]:
    listed = s3.list_objects_v2(Bucket=get_settings().uploads_bucket)
    return {item["Key"] for item in listed.get("Contents", [])}


def audit_of(visit: Visit) -> list[AuditEntry]:
    return list(AuditEntry.query(f"appointment#{visit.appointment_id}"))


# --- the whole way -------------------------------------------------------------------------------------------------


def test_a_patient_uploads_a_pdf_completes_it_and_downloads_the_same_bytes(api: Api, s3: Any, visit: Visit) -> None:
    # Given a form for a PDF
    started = start(api, visit)
    assert started.status == 201, started.body
    file_id = started.body["file_id"]
    fields = started.body["upload"]["fields"]
    assert fields["key"] == f"pending/{visit.appointment_id}/{file_id}"
    assert fields["Content-Type"] == "application/pdf"
    assert started.body["file"]["status"] == "PENDING"
    assert started.body["max_size"] == MB10
    policy = policy_of(fields)
    assert {"key": fields["key"]} in policy["conditions"]
    assert ["content-length-range", len(PDF), len(PDF)] in policy["conditions"]
    expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.fromisoformat(started.body["expires_at"]) == expiration
    # When the browser has sent it and the patient completes it
    send(s3, started, PDF)
    done = api.post(f"{visit.files}/{file_id}/complete", None, visit.patient)
    # Then it is UPLOADED, stored under files/ only, and its download link serves the bytes as an attachment
    assert done.status == 200, done.body
    assert done.body["status"] == "UPLOADED" and done.body["size"] == len(PDF)
    assert keys(s3) == {f"files/{visit.appointment_id}/{file_id}"}
    listed = api.get(visit.files, token=visit.patient)
    assert listed.status == 200, listed.body
    (item,) = listed.body["items"]
    assert item["filename"] == "lab results.pdf"
    fetched = requests.get(item["download_url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == PDF
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''lab%20results.pdf" in fetched.headers["Content-Disposition"]


def test_completing_twice_answers_the_same_file(api: Api, s3: Any, visit: Visit) -> None:
    first = uploaded(api, s3, visit)
    again = api.post(f"{visit.files}/{first['file_id']}/complete", None, visit.patient)
    assert again.status == 200 and again.body == first


def test_the_download_link_lasts_five_minutes_and_names_the_file_in_rfc_5987(api: Api, s3: Any, visit: Visit) -> None:
    file_id = uploaded(api, s3, visit, name="Befund Müller.pdf")["file_id"]
    one = api.get(f"{visit.files}/{file_id}", token=visit.doctor).body
    query = parse_qs(urlsplit(one["download_url"]).query)
    assert query["X-Amz-Expires"] == ["300"]
    signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert datetime.fromisoformat(one["download_expires_at"]) == signed + timedelta(seconds=300)
    assert query["response-content-disposition"] == [
        "attachment; filename=\"Befund Muller.pdf\"; filename*=UTF-8''Befund%20M%C3%BCller.pdf"
    ]


# --- who may ---------------------------------------------------------------------------------------------------------


def expect(reply: Reply, status: int) -> None:
    assert reply.status == status, (reply.status, reply.body)


def test_only_the_patient_uploads_completes_and_deletes(api: Api, s3: Any, visit: Visit) -> None:
    """Doctors and admins are refused by role (403); another patient learns nothing of the appointment (404)."""
    body = {"filename": "a.pdf", "content_type": "application/pdf", "size": len(PDF)}
    for token, status in (
        (visit.stranger, 404),
        (visit.doctor, 403),
        (visit.other_doctor, 403),
        (visit.admin, 403),
        (None, 401),
    ):
        expect(api.post(visit.files, body, token), status)
    started = start(api, visit)
    send(s3, started, PDF)
    complete = f"{visit.files}/{started.body['file_id']}/complete"
    one = f"{visit.files}/{started.body['file_id']}"
    for token, status in (
        (visit.stranger, 404),
        (visit.doctor, 403),
        (visit.other_doctor, 403),
        (visit.admin, 403),
        (None, 401),
    ):
        expect(api.post(complete, None, token), status)
        expect(api.delete(one, token), status)
    expect(api.post(complete, None, visit.patient), 200)
    expect(api.delete(one, visit.patient), 204)


def test_the_patient_its_doctor_and_admins_list_and_download_and_nobody_else(api: Api, s3: Any, visit: Visit) -> None:
    file_id = uploaded(api, s3, visit)["file_id"]
    for token, status in (
        (visit.patient, 200),
        (visit.doctor, 200),
        (visit.admin, 200),
        (visit.stranger, 404),
        (visit.other_doctor, 404),
        (None, 401),
    ):
        listed = api.get(visit.files, token=token)
        one = api.get(f"{visit.files}/{file_id}", token=token)
        expect(listed, status)
        expect(one, status)
        if status == 200:
            assert [i["file_id"] for i in listed.body["items"]] == [file_id]
            assert one.body["download_url"].startswith("http")
        else:
            assert_error(listed, status)


def test_every_download_link_handed_out_is_audited_with_its_reader(api: Api, s3: Any, visit: Visit) -> None:
    # Given two files
    first = uploaded(api, s3, visit)["file_id"]
    second = uploaded(api, s3, visit, name="x-ray.pdf")["file_id"]
    before = len([e for e in audit_of(visit) if e.action == "file.download-link"])
    # When the doctor lists them and the admin opens one
    api.get(visit.files, token=visit.doctor)
    api.get(f"{visit.files}/{second}", token=visit.admin)
    # Then three links were handed out, each written down with who got it
    links = [e for e in audit_of(visit) if e.action == "file.download-link"][before:]
    seen = sorted((e.actor, e.detail["file_id"] if e.detail else "", e.detail["as"] if e.detail else "") for e in links)
    assert seen == sorted(
        [(visit.doctor_id, first, "doctor"), (visit.doctor_id, second, "doctor"), (visit.admin_id, second, "admin")]
    )
    assert {e.action for e in audit_of(visit)} >= {"file.uploaded", "file.download-link"}


def test_an_upload_in_progress_is_shown_to_the_patient_only_and_carries_no_link(
    api: Api, s3: Any, visit: Visit
) -> None:
    started = start(api, visit)
    (mine,) = api.get(visit.files, token=visit.patient).body["items"]
    assert mine["status"] == "PENDING" and mine["download_url"] is None
    assert api.get(visit.files, token=visit.doctor).body["items"] == []
    assert_error(api.get(f"{visit.files}/{started.body['file_id']}", token=visit.doctor), 404, "FILE_NOT_FOUND")
    assert not [e for e in audit_of(visit) if e.action == "file.download-link"]


# --- limits and checks -----------------------------------------------------------------------------------------------


def test_the_eleventh_file_is_refused_until_one_is_deleted(api: Api, s3: Any, visit: Visit) -> None:
    started = [start(api, visit, name=f"page {n}.pdf") for n in range(10)]
    assert all(reply.status == 201 for reply in started)
    assert_error(start(api, visit), 422, "TOO_MANY_FILES")
    expect(api.delete(f"{visit.files}/{started[3].body['file_id']}", visit.patient), 204)
    assert start(api, visit).status == 201
    assert_error(start(api, visit), 422, "TOO_MANY_FILES")
    seats = {r.seat for r in FileRecord.query(visit.appointment_id)}
    assert seats == set(range(10))


def test_an_abandoned_upload_gives_its_seat_back_once_it_expires(
    api: Api, s3: Any, visit: Visit, clock: FakeClock
) -> None:
    # Given ten uploads started and never finished
    abandoned = [start(api, visit).body["file_id"] for _ in range(10)]
    assert_error(start(api, visit), 422, "TOO_MANY_FILES")
    # When their hour has passed
    clock.advance(seconds=get_settings().pending_upload_seconds + 1)
    visit.patient = login(api, "pat@example.com")["access_token"]
    # Then new uploads take their seats, their records go, and completing one of them says it expired
    fresh = start(api, visit)
    assert fresh.status == 201, fresh.body
    records = {r.file_id for r in FileRecord.query(visit.appointment_id)}
    assert fresh.body["file_id"] in records and len(records) == 10
    left = next(f for f in abandoned if f in records)
    assert_error(api.post(f"{visit.files}/{left}/complete", None, visit.patient), 422, "UPLOAD_EXPIRED")
    gone = next(f for f in abandoned if f not in records)
    assert_error(api.post(f"{visit.files}/{gone}/complete", None, visit.patient), 404, "FILE_NOT_FOUND")
    assert [i["file_id"] for i in api.get(visit.files, token=visit.patient).body["items"]] == [fresh.body["file_id"]]


def test_completing_before_anything_arrived_says_so_and_keeps_the_upload_open(api: Api, s3: Any, visit: Visit) -> None:
    started = start(api, visit)
    complete = f"{visit.files}/{started.body['file_id']}/complete"
    assert_error(api.post(complete, None, visit.patient), 422, "UPLOAD_MISSING")
    send(s3, started, PDF)
    assert api.post(complete, None, visit.patient).body["status"] == "UPLOADED"


@pytest.mark.parametrize(
    ("sent", "kind", "reason"),
    [
        (PDF + b"more", None, "bytes"),
        (b"<html><script>alert(1)</script>" + b" " * (len(PDF) - 31), None, "content"),
        (PDF, "text/html", "sent as text/html"),
    ],
    ids=["wrong size", "not a pdf", "wrong content type"],
)
def test_a_file_that_is_not_what_was_announced_is_deleted_with_its_record(
    api: Api, s3: Any, visit: Visit, sent: bytes, kind: str | None, reason: str
) -> None:
    started = start(api, visit)
    send(s3, started, sent, kind)
    file_id = started.body["file_id"]
    refused = api.post(f"{visit.files}/{file_id}/complete", None, visit.patient)
    assert_error(refused, 422, "UPLOAD_REJECTED")
    assert reason in refused.body["error"]["message"]
    assert keys(s3) == set()
    assert_error(api.get(f"{visit.files}/{file_id}", token=visit.patient), 404, "FILE_NOT_FOUND")
    assert UniqueKey.count(f"files#{visit.appointment_id}#0") == 0


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 0}, 400, "VALIDATION_ERROR"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": MB10 + 1}, 422, "FILE_TOO_LARGE"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": "12"}, 400, "VALIDATION_ERROR"),
        ({"filename": "a.html", "content_type": "text/html", "size": 10}, 422, "UNSUPPORTED_FILE_TYPE"),
        ({"filename": "a.svg", "content_type": "image/svg+xml", "size": 10}, 422, "UNSUPPORTED_FILE_TYPE"),
        ({"filename": "x" * 201 + ".pdf", "content_type": "application/pdf", "size": 10}, 400, "FILENAME_TOO_LONG"),
        ({"filename": "x" * 1001, "content_type": "application/pdf", "size": 10}, 400, "VALIDATION_ERROR"),
        ({"filename": "\u202e\u200b", "content_type": "application/pdf", "size": 10}, 400, "INVALID_FILENAME"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "key": "x"}, 400, "VALIDATION_ERROR"),
        ({"content_type": "application/pdf", "size": 10}, 400, "VALIDATION_ERROR"),
    ],
    ids=[
        "empty",
        "over 10 MB",
        "size as text",
        "html",
        "svg",
        "long name",
        "huge name",
        "invisible name",
        "client key",
        "no name",
    ],
)
def test_bad_announcements_are_refused_clearly(
    api: Api, s3: Any, visit: Visit, body: dict[str, Any], status: int, code: str
) -> None:
    assert_error(api.post(visit.files, body, visit.patient), status, code)
    assert FileRecord.count(visit.appointment_id) == 0


def test_a_file_of_exactly_10_mb_is_allowed_and_names_are_cleaned(api: Api, s3: Any, visit: Visit) -> None:
    body = {"filename": "../../etc/ scan\u202e\n.png", "content_type": "IMAGE/PNG", "size": MB10}
    started = api.post(visit.files, body, visit.patient)
    assert started.status == 201, started.body
    assert started.body["file"]["filename"] == "scan .png"
    assert started.body["file"]["content_type"] == "image/png"


def test_a_cancelled_appointment_takes_no_new_files_but_keeps_its_own(api: Api, s3: Any, visit: Visit) -> None:
    file_id = uploaded(api, s3, visit)["file_id"]
    expect(api.post(f"/appointments/{visit.appointment_id}/cancel", {"reason": "better"}, visit.doctor), 200)
    assert_error(start(api, visit), 422, "APPOINTMENT_CANCELLED")
    assert api.get(f"{visit.files}/{file_id}", token=visit.doctor).body["download_url"]


def test_deleting_removes_the_object_the_record_and_the_seat(api: Api, s3: Any, visit: Visit) -> None:
    file_id = uploaded(api, s3, visit)["file_id"]
    expect(api.delete(f"{visit.files}/{file_id}", visit.patient), 204)
    assert keys(s3) == set()
    assert FileRecord.count(visit.appointment_id) == 0
    assert UniqueKey.count(f"files#{visit.appointment_id}#0") == 0
    assert_error(api.delete(f"{visit.files}/{file_id}", visit.patient), 404, "FILE_NOT_FOUND")
    assert "file.deleted" in {e.action for e in audit_of(visit)}


def test_unknown_files_and_appointments_are_not_found(api: Api, s3: Any, visit: Visit) -> None:
    assert_error(api.get(f"{visit.files}/nope", token=visit.patient), 404, "FILE_NOT_FOUND")
    assert_error(api.post(f"{visit.files}/nope/complete", None, visit.patient), 404, "FILE_NOT_FOUND")
    assert_error(api.get("/appointments/nope/files", token=visit.patient), 404, "APPOINTMENT_NOT_FOUND")
    assert_error(api.get(visit.files + "?cursor=zzz", token=visit.patient), 400, "INVALID_CURSOR")


# --- the S3 event backstop -------------------------------------------------------------------------------------------


def object_created(key: str) -> dict[str, Any]:
    bucket = get_settings().uploads_bucket
    return {
        "source": "aws.s3",
        "detail-type": "Object Created",
        "detail": {"bucket": {"name": bucket}, "object": {"key": key, "size": len(PDF)}},
    }


def test_the_backstop_completes_an_upload_whose_browser_never_called_complete(api: Api, s3: Any, visit: Visit) -> None:
    started = start(api, visit)
    send(s3, started, PDF)
    answer = complete_arrivals(object_created(started.body["upload"]["fields"]["key"]), None)
    assert answer == {"outcome": "UPLOADED"}
    (item,) = api.get(visit.files, token=visit.doctor).body["items"]
    assert item["status"] == "UPLOADED"
    done = api.post(f"{visit.files}/{started.body['file_id']}/complete", None, visit.patient)
    assert done.status == 200 and done.body["status"] == "UPLOADED"


def test_the_backstop_discards_a_wrong_file_and_ignores_keys_it_does_not_know(api: Api, s3: Any, visit: Visit) -> None:
    started = start(api, visit)
    send(s3, started, PNG, "application/pdf")
    assert complete_arrivals(object_created(started.body["upload"]["fields"]["key"]), None) == {
        "outcome": "UPLOAD_REJECTED"
    }
    assert keys(s3) == set()
    assert complete_arrivals(object_created("files/a/b"), None)["outcome"] == "ignored"


def test_the_backstop_deletes_uploads_no_record_will_ever_complete(api: Api, s3: Any, visit: Visit) -> None:
    # Given a file deleted while its upload was on the way, and a completed file whose form was posted again
    deleted = start(api, visit)
    expect(api.delete(f"{visit.files}/{deleted.body['file_id']}", visit.patient), 204)
    send(s3, deleted, PDF)
    done = start(api, visit, name="done.pdf")
    send(s3, done, PDF)
    expect(api.post(f"{visit.files}/{done.body['file_id']}/complete", None, visit.patient), 200)
    send(s3, done, PDF)
    # When their Object Created events arrive
    outcomes = [complete_arrivals(object_created(r.body["upload"]["fields"]["key"]), None) for r in (deleted, done)]
    # Then both stray objects are gone, and the completed file is untouched
    assert outcomes == [{"outcome": "discarded"}, {"outcome": "discarded"}]
    assert keys(s3) == {f"files/{visit.appointment_id}/{done.body['file_id']}"}
    assert api.get(f"{visit.files}/{done.body['file_id']}", token=visit.patient).body["status"] == "UPLOADED"
