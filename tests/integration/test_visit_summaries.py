"""Completing a visit with private notes, a patient-visible summary and a follow-up: the patient is told (feed and
mail) that a summary waits in the app, and no health data leaves it, not in mail, not in logs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.accounts import login
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingMailer

SUMMARY = "Blood pressure well controlled; keep the current dose."
NOTES = "Considering a referral to nephrology."
INSTRUCTIONS = "Measure your blood pressure every morning and bring the log."


@pytest.fixture
def visit(api: Api, clock: FakeClock, patient_token: str, approved_doctor: dict[str, Any]) -> dict[str, Any]:
    from datetime import UTC, datetime

    slot_id = make_slot(approved_doctor["doctor_id"], datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token).body
    path = f"/appointments/{booked['appointment_id']}"
    assert api.post(path + "/status", {"status": "CONFIRMED"}, approved_doctor["token"]).status == 200
    clock.advance(hours=25)  # the visit's time: a visit starts at the earliest 15 minutes before its start
    # A day later both sign in again (access tokens last 15 minutes).
    doctor = str(login(api, "approved@example.com")["access_token"])
    patient = str(login(api, "pat@example.com")["access_token"])
    assert api.post(path + "/status", {"status": "IN_PROGRESS"}, doctor).status == 200
    return {"path": path, "doctor": doctor, "patient": patient, "clock": clock}


def complete(api: Api, visit: dict[str, Any], **extra: Any) -> Any:
    visit["clock"].advance(seconds=1)  # the feed is newest first: the completion's notice comes after the others
    return api.post(visit["path"] + "/status", {"status": "COMPLETED", **extra}, visit["doctor"])


def test_a_completed_visit_shows_the_patient_the_summary_and_the_follow_up_but_not_the_notes(
    api: Api, visit: dict[str, Any]
) -> None:
    reply = complete(
        api, visit, notes=NOTES, summary=SUMMARY, follow_up={"instructions": INSTRUCTIONS, "within_days": 28}
    )

    assert reply.status == 200, reply.body
    assert reply.body["notes"] == NOTES
    seen = api.get(visit["path"], visit["patient"]).body
    assert seen["summary"] == SUMMARY
    assert seen["follow_up"] == {"instructions": INSTRUCTIONS, "within_days": 28}
    assert seen["notes"] is None


def test_the_patient_is_told_a_summary_waits_without_being_told_what_it_says(
    api: Api, visit: dict[str, Any], mailer: RecordingMailer, capsys: pytest.CaptureFixture[str]
) -> None:
    complete(api, visit, notes=NOTES, summary=SUMMARY, follow_up={"instructions": INSTRUCTIONS})

    [notice] = api.get("/notifications", visit["patient"]).body["items"][:1]
    assert notice["title"] == "Anna Smith left a summary"
    [mail] = mailer.to("pat@example.com", "visit-summary")
    assert mail.subject == "Anna Smith left a summary of your visit"
    assert visit["path"] in mail.text
    logged = capsys.readouterr()
    for secret in (SUMMARY, NOTES, INSTRUCTIONS):
        assert secret not in mail.text and secret not in mail.html
        assert secret not in notice["title"] + notice["body"] + str(notice["data"])
        assert secret not in logged.out + logged.err


def test_completing_without_a_summary_sends_no_summary_mail(
    api: Api, visit: dict[str, Any], mailer: RecordingMailer
) -> None:
    complete(api, visit, notes=NOTES)

    assert mailer.to("pat@example.com", "visit-summary") == []
    assert api.get("/notifications", visit["patient"]).body["items"][0]["title"] == "Your appointment is complete"


def test_a_follow_up_is_recorded_only_when_completing(api: Api, visit: dict[str, Any]) -> None:
    reply = api.post(
        visit["path"] + "/status", {"status": "CONFIRMED", "follow_up": {"instructions": "x"}}, visit["doctor"]
    )

    assert_error(reply, 422, "NOTES_ON_COMPLETE")


@pytest.mark.parametrize(
    ("follow_up", "field"),
    [
        ({"instructions": ""}, "follow_up.instructions"),
        ({"instructions": "x" * 2001}, "follow_up.instructions"),
        ({"instructions": "x", "within_days": 0}, "follow_up.within_days"),
        ({"instructions": "x", "within_days": 366}, "follow_up.within_days"),
        ({"instructions": "x", "when": "soon"}, "follow_up.when"),
        ({"within_days": 7}, "follow_up.instructions"),
    ],
)
def test_a_bad_follow_up_is_refused_with_details(
    api: Api, visit: dict[str, Any], follow_up: dict[str, Any], field: str
) -> None:
    reply = complete(api, visit, follow_up=follow_up)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in reply.body["error"]["details"]] == [field]
    assert api.get(visit["path"], visit["patient"]).body["status"] == "IN_PROGRESS"


def test_record_entries_never_reach_the_logs(api: Api, patient_token: str, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "Tetracycline-7f3a"
    added = api.post(
        "/me/record/allergies", {"substance": secret, "reaction": secret, "severity": "mild"}, patient_token
    )
    api.patch(f"/me/record/allergies/{added.body['entry_id']}", {"reaction": secret + "!"}, patient_token)
    api.get("/me/record", patient_token)
    api.get("/me/record/export", patient_token)

    logged = capsys.readouterr()
    assert secret not in logged.out + logged.err
