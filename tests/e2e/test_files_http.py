"""Patients' documents over real HTTP against the local stack, as the browser does it: the form POSTed as
multipart/form-data straight to moto's S3 from the site's origin, the completion call, the download."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.stack import PATIENTS, Account, PublishedSlot, Stack, bearer, login_account

pytestmark = pytest.mark.stack

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 200 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * (len(PDF) - 8)


def browser(stack: Stack) -> httpx.Client:
    """A page of the local site talking to another origin (moto's S3): every request carries the site's Origin."""
    return httpx.Client(timeout=30, trust_env=False, headers={"Origin": stack.url})


def book(stack: Stack, slot: PublishedSlot, email: str) -> tuple[Account, str]:
    with stack.client() as api:
        patient = login_account(api, email)
        reply = api.post(
            "/appointments",
            json={"slot_id": slot.slot_id, "reason_for_visit": "lab results"},
            headers=bearer(patient.token),
        )
        assert reply.status_code == 201, reply.text
        return patient, str(reply.json()["appointment_id"])


def start(stack: Stack, patient: Account, appointment_id: str, data: bytes, name: str) -> dict[str, Any]:
    with stack.client() as api:
        reply = api.post(
            f"/appointments/{appointment_id}/files",
            json={"filename": name, "content_type": "application/pdf", "size": len(data)},
            headers=bearer(patient.token),
        )
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body


def post_form(stack: Stack, form: dict[str, Any], data: bytes, name: str) -> httpx.Response:
    """The browser's upload: the form's fields, then the file (S3 reads fields up to the file only)."""
    with browser(stack) as page:
        return page.post(form["url"], data=form["fields"], files={"file": (name, data, "application/pdf")})


def test_a_patient_attaches_a_pdf_and_the_doctor_downloads_the_same_bytes(
    stack: Stack, new_race_slot: Callable[[], PublishedSlot], race_doctor_token: str
) -> None:
    # Given a patient's appointment and an upload form for a PDF
    patient, appointment_id = book(stack, new_race_slot(), PATIENTS[0])
    started = start(stack, patient, appointment_id, PDF, "Befund März.pdf")
    form = started["upload"]
    moto_endpoint = json.loads(stack.state.read_text())["moto_endpoint"]
    assert form["url"].startswith(moto_endpoint + "/"), "the form goes to the S3 the browser can reach"
    # When the browser posts it from the site's origin
    sent = post_form(stack, form, PDF, "Befund März.pdf")
    # Then S3 stores it and lets the page read the answer (CORS as the production rules make it)
    assert sent.status_code in (200, 201, 204), sent.text
    assert sent.headers["access-control-allow-origin"] == stack.url
    # When the patient completes it
    with stack.client() as api:
        done = api.post(
            f"/appointments/{appointment_id}/files/{started['file_id']}/complete", headers=bearer(patient.token)
        )
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "UPLOADED"
        # Then the doctor's list links to it, and the link serves the same bytes under the file's name
        listed = api.get(f"/appointments/{appointment_id}/files", headers=bearer(race_doctor_token))
    assert listed.status_code == 200, listed.text
    (item,) = listed.json()["items"]
    assert item["file_id"] == started["file_id"] and item["size"] == len(PDF)
    with browser(stack) as page:
        fetched = page.get(item["download_url"])
    assert fetched.status_code == 200, fetched.text
    assert fetched.content == PDF
    assert fetched.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''Befund%20M%C3%A4rz.pdf" in fetched.headers["content-disposition"]
    assert fetched.headers["access-control-allow-origin"] == stack.url


def test_a_file_that_is_not_the_announced_pdf_is_refused_and_discarded(
    stack: Stack, new_race_slot: Callable[[], PublishedSlot]
) -> None:
    patient, appointment_id = book(stack, new_race_slot(), PATIENTS[1])
    started = start(stack, patient, appointment_id, PNG, "scan.pdf")
    assert post_form(stack, started["upload"], PNG, "scan.pdf").status_code in (200, 201, 204)
    with stack.client() as api:
        done = api.post(
            f"/appointments/{appointment_id}/files/{started['file_id']}/complete", headers=bearer(patient.token)
        )
        assert done.status_code == 422, done.text
        assert done.json()["error"]["code"] == "UPLOAD_REJECTED"
        listed = api.get(f"/appointments/{appointment_id}/files", headers=bearer(patient.token))
    assert listed.json()["items"] == []


def test_s3_answers_preflights_from_the_site_and_refuses_other_origins_and_methods(
    stack: Stack, new_race_slot: Callable[[], PublishedSlot]
) -> None:
    patient, appointment_id = book(stack, new_race_slot(), PATIENTS[2])
    url = start(stack, patient, appointment_id, PDF, "a.pdf")["upload"]["url"]
    with httpx.Client(timeout=30, trust_env=False) as client:

        def preflight(origin: str, method: str) -> httpx.Response:
            return client.options(url, headers={"Origin": origin, "Access-Control-Request-Method": method})

        allowed = preflight(stack.url, "POST")
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == stack.url
        assert "POST" in allowed.headers["access-control-allow-methods"]
        assert preflight("http://evil.example", "POST").status_code == 403
        assert preflight(stack.url, "DELETE").status_code == 403
        stranger = client.get(url + "/files/nothing", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in stranger.headers


def test_an_upload_that_breaks_the_presigned_policy_is_refused_as_s3_refuses_it(
    stack: Stack, new_race_slot: Callable[[], PublishedSlot]
) -> None:
    # Given an upload form for a 1 byte to 10 MB PDF under the key the server chose
    patient, appointment_id = book(stack, new_race_slot(), PATIENTS[0])
    started = start(stack, patient, appointment_id, PDF, "a.pdf")
    form = started["upload"]
    # When the browser posts another content type, another key, or more than the form allows
    other_type = {**form, "fields": {**form["fields"], "Content-Type": "text/html"}}
    other_key = {**form, "fields": {**form["fields"], "key": form["fields"]["key"] + "-elsewhere"}}
    refused_type = post_form(stack, other_type, PDF, "a.pdf")
    refused_key = post_form(stack, other_key, PDF, "a.pdf")
    too_large = post_form(stack, form, b"%PDF" + b"0" * (10 * 1024 * 1024), "a.pdf")
    # Then S3 refuses each (403 for the policy's conditions, 400 for the size), the page may read why (CORS),
    # and nothing was stored: completing finds no upload
    assert refused_type.status_code == 403 and "AccessDenied" in refused_type.text
    assert refused_key.status_code == 403 and "AccessDenied" in refused_key.text
    assert refused_type.headers["access-control-allow-origin"] == stack.url
    assert too_large.status_code == 400 and "EntityTooLarge" in too_large.text
    with stack.client() as api:
        done = api.post(
            f"/appointments/{appointment_id}/files/{started['file_id']}/complete", headers=bearer(patient.token)
        )
    assert (done.status_code, done.json()["error"]["code"]) == (422, "UPLOAD_MISSING"), done.text
