"""Platform settings: admins read and change the platform's numbers, validated and audited; every rule reads them
from the settings service, which serves each process a copy at most 60 seconds old (on the injected clock)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalicelib.models.audit import AuditEntry
from chalicelib.models.platform_settings import PlatformSettingsItem
from chalicelib.services import settings
from tests.support.accounts import login
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock


def test_the_settings_start_from_the_environment(api: Api, admin_token: str) -> None:
    shown = api.get("/admin/settings", admin_token).body

    assert shown == {
        "min_notice_minutes": 60,
        "max_advance_days": 90,
        "patient_cancel_notice_minutes": 120,
        "hold_minutes": 5,
        "waitlist_hold_minutes": 15,
        "care_relationship_months": 12,
        "default_currency": "EUR",
        "emergency_number": "112",
        "reminder_offsets_minutes": [1440, 60],
        "urgent_escalation_minutes": 5,
    }


def test_a_change_is_saved_and_audited_with_old_and_new_values(api: Api, admin_token: str) -> None:
    reply = api.patch("/admin/settings", {"hold_minutes": 10, "emergency_number": "+49 30 1234567"}, admin_token)

    assert reply.status == 200, reply.body
    assert (reply.body["hold_minutes"], reply.body["emergency_number"]) == (10, "+49301234567")
    assert api.get("/admin/settings", admin_token).body["hold_minutes"] == 10
    (entry,) = AuditEntry.query("settings#platform")
    assert entry.action == "settings-changed"
    assert entry.detail.as_dict() == {"hold_minutes": "5 -> 10", "emergency_number": "112 -> +49301234567"}


def test_values_out_of_range_or_malformed_are_refused(api: Api, admin_token: str) -> None:
    for body, field in (
        ({"hold_minutes": 0}, "hold_minutes"),
        ({"max_advance_days": 1000}, "max_advance_days"),
        ({"default_currency": "EURO"}, "default_currency"),
        ({"default_currency": "XXX"}, "default_currency"),
        ({"emergency_number": "call me"}, "emergency_number"),
        ({"reminder_offsets_minutes": [60, 1440]}, "reminder_offsets_minutes"),
    ):
        reply = api.patch("/admin/settings", body, admin_token)
        assert_error(reply, 400, "VALIDATION_ERROR")
        assert reply.body["error"]["details"][0]["field"].startswith(field), body
    assert not list(AuditEntry.query("settings#platform"))


def test_each_process_sees_a_change_within_a_minute(aws: None, clock: FakeClock) -> None:
    assert settings.current().hold_minutes == 5  # this process reads and keeps its copy
    # Another process (another Lambda) saves a change: this one's copy is not told.
    PlatformSettingsItem(key="platform", values=json.dumps({"hold_minutes": 9}), version=1).save()

    clock.advance(seconds=59)
    assert settings.current().hold_minutes == 5
    clock.advance(seconds=2)
    assert settings.current().hold_minutes == 9


def test_a_longer_hold_applies_to_the_next_hold(
    api: Api, admin_token: str, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:

    api.patch("/admin/settings", {"hold_minutes": 12}, admin_token)
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))

    held = api.post(f"/slots/{slot_id}/lock", None, patient_token)

    assert held.status in (200, 201), held.body
    assert held.body["expires_at"].startswith((clock.now() + timedelta(minutes=12)).isoformat()[:16])


def test_a_shorter_cancel_notice_lets_a_patient_cancel_later(
    api: Api, admin_token: str, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:

    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(hours=1, minutes=30))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token)
    assert booked.status == 201, booked.body
    path = f"/appointments/{booked.body['appointment_id']}/cancel"
    assert_error(api.post(path, {}, patient_token), 422, "TOO_LATE")

    api.patch("/admin/settings", {"patient_cancel_notice_minutes": 30}, admin_token)

    assert api.post(path, {}, login(api, "pat@example.com")["access_token"]).status == 200


def test_the_emergency_number_and_the_escalation_minutes_are_settings_the_urgent_requests_read(
    api: Api, admin_token: str
) -> None:
    changed = api.patch(
        "/admin/settings", {"emergency_number": "+49 30 112", "urgent_escalation_minutes": 10}, admin_token
    )
    assert changed.status == 200, changed.body

    assert api.get("/emergency-number").body == {"emergency_number": "+4930112", "escalation_minutes": 10}
    assert api.get("/admin/settings", admin_token).body["urgent_escalation_minutes"] == 10
