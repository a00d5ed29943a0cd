"""The audit viewer: newest first from indexes, filtered by actor, subject, action and days, paged; sign-ins and
failed sign-ins are audited; entries are put once and expire after the retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pynamodb.exceptions import PutError

from chalicelib.models.audit import AuditEntry
from chalicelib.services import audit
from tests.support.accounts import PASSWORD, login, register_patient
from tests.support.api import Api
from tests.support.fakes import FakeClock


def entries(api: Api, token: str, query: str = "") -> dict[str, Any]:
    reply = api.get(f"/admin/audit{query}", token=token)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def test_sign_ins_and_failed_sign_ins_are_audited_and_read_newest_first(
    api: Api, admin_token: str, clock: FakeClock
) -> None:
    register_patient(api)
    clock.advance(minutes=1)
    assert api.post("/auth/login", {"email": "pat@example.com", "password": "wrong-password"}).status == 401
    clock.advance(minutes=1)
    patient_id = login(api, "pat@example.com")["user"]["user_id"]
    page = entries(api, admin_token, f"?subject_id=user%23{patient_id}")
    assert [e["action"] for e in page["items"]] == ["session.signed_in", "session.sign_in_failed"]
    assert page["items"][0]["actor_id"] == patient_id and page["items"][0]["actor_name"] == "Pat Patient"
    unknown = entries(api, admin_token, "?action=session.sign_in_failed")
    assert [e["subject"] for e in unknown["items"]] == [f"user#{patient_id}"]
    everything = entries(api, admin_token)
    times = [e["at"] for e in everything["items"]]
    assert times == sorted(times, reverse=True) and len(times) == 3  # the admin's sign-in, then the patient's two


def test_filters_combine_and_pages_follow_the_cursor(api: Api, admin_token: str, clock: FakeClock) -> None:
    for number in range(5):
        clock.advance(minutes=1)
        audit.record(entity=f"user#u{number}", actor="boss", action="user.disabled")
    clock.advance(minutes=1)
    audit.record(entity="user#u9", actor="boss", action="user.enabled")
    first = entries(api, admin_token, "?actor_id=boss&action=user.disabled&limit=3")
    assert [e["subject"] for e in first["items"]] == ["user#u4", "user#u3", "user#u2"]
    rest = entries(api, admin_token, f"?actor_id=boss&action=user.disabled&limit=3&cursor={first['next_cursor']}")
    assert [e["subject"] for e in rest["items"]][:2] == ["user#u1", "user#u0"]
    walked, cursor = [], ""
    while True:
        page = entries(api, admin_token, f"?limit=2{cursor}")
        walked += [e["subject"] for e in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert walked[:6] == ["user#u9", "user#u4", "user#u3", "user#u2", "user#u1", "user#u0"]


def test_a_range_of_days_narrows_and_a_reversed_one_is_refused(api: Api, admin_token: str, clock: FakeClock) -> None:
    audit.record(entity="user#old", actor="boss", action="user.disabled")
    clock.advance(days=40)
    audit.record(entity="user#new", actor="boss", action="user.disabled")
    admin_token = login(api, "admin@example.com")["access_token"]
    today = clock.current.date()
    recent = entries(api, admin_token, f"?from={(today - timedelta(days=1)).isoformat()}&actor_id=boss")
    assert [e["subject"] for e in recent["items"]] == ["user#new"]
    old = entries(api, admin_token, f"?to={(today - timedelta(days=30)).isoformat()}")
    assert "user#old" in [e["subject"] for e in old["items"]] and "user#new" not in [e["subject"] for e in old["items"]]
    reply = api.get("/admin/audit?from=2026-12-05&to=2026-12-01", token=admin_token)
    assert (reply.status, reply.error_code) == (400, "INVALID_RANGE")


def test_an_entry_is_put_once_and_expires_after_the_retention(aws: None, clock: FakeClock, configure: Any) -> None:
    configure(DOCSPOT_AUDIT_RETENTION_DAYS="30")
    made = audit.entry(entity="user#x", actor="boss", action="user.disabled")
    audit.record_all([made])
    stored = AuditEntry.get("user#x", made.at)
    assert stored.expires_at == clock.current + timedelta(days=30)
    with pytest.raises(PutError):
        audit.record_all([AuditEntry(entity="user#x", at=made.at, actor="mallory", action="user.enabled")])
    assert AuditEntry.get("user#x", made.at).actor == "boss"


def test_the_default_retention_is_six_years(aws: None, clock: FakeClock) -> None:
    made = audit.entry(entity="user#x", actor="boss", action="user.disabled")
    assert made.expires_at == clock.current + timedelta(days=2192)
    assert PASSWORD


def test_settings_plan_changes_and_dispute_outcomes_appear_in_the_viewer(
    api: Api, admin_token: str, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    from chalicelib.models.appointments import Appointment
    from tests.support.booking import make_slot

    assert api.patch("/admin/settings", {"hold_minutes": 7}, admin_token).status == 200
    assert api.patch("/admin/plans/free", {"name": "Starter"}, admin_token).status == 200
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=1))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token)
    appointment_id = booked.body["appointment_id"]
    Appointment(appointment_id=appointment_id).update(actions=[Appointment.status.set("NO_SHOW")])
    raised = api.post(f"/appointments/{appointment_id}/disputes", {"kind": "fee", "reason": "x"}, patient_token)
    resolution = {"outcome": "Refunded by the practice."}
    assert api.post(f"/admin/disputes/{raised.body['dispute_id']}/resolve", resolution, admin_token).status == 200

    for action, subject in (
        ("settings-changed", "settings#platform"),
        ("plan-changed", "plan#free"),
        ("dispute-resolved", f"appointment#{appointment_id}"),
    ):
        (entry,) = entries(api, admin_token, f"?action={action}")["items"]
        assert entry["subject"] == subject
    newest = [e["action"] for e in entries(api, admin_token)["items"]]
    assert {"settings-changed", "plan-changed", "dispute-resolved"} <= set(newest)
