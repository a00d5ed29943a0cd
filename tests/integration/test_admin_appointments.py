"""The admin's listing of appointments (docs/api.md, "Listing appointments"): without a filter, today's and the
coming appointments of every doctor, read day by day from ``day-index`` (never a scan), with filters.

The clock stands at 2026-12-01 09:00 UTC."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.client import BaseClient

from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

TODAY_8 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def second_doctor(api: Api, specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    return admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="dr2@example.com", license_number="L-2"
    )


@pytest.fixture
def second_patient(api: Api) -> str:
    register_patient(api, email="second@example.com", name="Sam Second")
    return str(login(api, "second@example.com")["access_token"])


def book(api: Api, token: str, doctor_id: str, start: datetime) -> dict[str, Any]:
    reply = api.post("/appointments", {"slot_id": make_slot(doctor_id, start)}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def starts(reply: Any) -> list[str]:
    assert reply.status == 200, reply.body
    return [a["start"][:16] for a in reply.body["items"]]


@pytest.fixture
def week(
    api: Api,
    approved_doctor: dict[str, Any],
    second_doctor: dict[str, Any],
    patient_token: str,
    second_patient: str,
    clock: FakeClock,
) -> dict[str, dict[str, Any]]:
    """Appointments with two doctors and two patients: one booked yesterday for this morning (before 09:00),
    tomorrow, in three days and in six weeks."""
    clock.current = TODAY_8 - timedelta(days=1)
    early = book(api, login(api, "pat@example.com")["access_token"], approved_doctor["doctor_id"], TODAY_8)
    clock.current = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    patient, second = login(api, "pat@example.com")["access_token"], login(api, "second@example.com")["access_token"]
    return {
        "today": early,
        "tomorrow": book(api, second, second_doctor["doctor_id"], TODAY_8 + timedelta(days=1)),
        "in3days": book(api, patient, second_doctor["doctor_id"], TODAY_8 + timedelta(days=3)),
        "in6weeks": book(api, second, approved_doctor["doctor_id"], TODAY_8 + timedelta(weeks=6)),
    }


def test_an_admin_without_a_filter_sees_today_and_what_is_coming_for_every_doctor(
    api: Api, admin_token: str, week: dict[str, dict[str, Any]]
):
    # When the admin lists appointments without any filter
    reply = api.get("/appointments?limit=100", token=admin_token)
    # Then today's (even one already over) and every coming one of both doctors are there, soonest first
    assert starts(reply) == ["2026-12-01T08:00", "2026-12-02T08:00", "2026-12-04T08:00", "2027-01-12T08:00"]


def test_the_admin_listing_pages_across_days(api: Api, admin_token: str, week: dict[str, dict[str, Any]]):
    seen: list[str] = []
    cursor, pages = "", 0
    while True:
        reply = api.get(f"/appointments?limit=1{cursor}", token=admin_token)
        seen += starts(reply)
        pages += 1
        if not reply.body["next_cursor"]:
            break
        cursor = f"&cursor={reply.body['next_cursor']}"
        assert pages < 30
    assert seen == ["2026-12-01T08:00", "2026-12-02T08:00", "2026-12-04T08:00", "2027-01-12T08:00"]
    assert api.get("/appointments?cursor=bm9wZQ", token=admin_token).error_code == "INVALID_CURSOR"


def test_the_admin_filters_by_doctor_patient_status_and_range(
    api: Api,
    admin_token: str,
    week: dict[str, dict[str, Any]],
    second_doctor: dict[str, Any],
    approved_doctor: dict[str, Any],
):
    doctor2, patient2 = second_doctor["doctor_id"], week["tomorrow"]["patient"]["id"]
    api.post(f"/appointments/{week['in3days']['appointment_id']}/cancel", {}, admin_token)
    assert starts(api.get(f"/appointments?doctor_id={doctor2}", token=admin_token)) == [
        "2026-12-02T08:00",
        "2026-12-04T08:00",
    ]
    assert starts(api.get(f"/appointments?patient_id={patient2}", token=admin_token)) == [
        "2026-12-02T08:00",
        "2027-01-12T08:00",
    ]
    both = api.get(f"/appointments?patient_id={patient2}&doctor_id={approved_doctor['doctor_id']}", token=admin_token)
    assert starts(both) == ["2027-01-12T08:00"]
    assert starts(api.get("/appointments?status=CANCELLED", token=admin_token)) == ["2026-12-04T08:00"]
    ranged = api.get("/appointments?from=2026-12-02&to=2026-12-31", token=admin_token)
    assert starts(ranged) == ["2026-12-02T08:00", "2026-12-04T08:00"]
    assert starts(api.get("/appointments?scope=upcoming", token=admin_token)) == [
        "2026-12-02T08:00",
        "2027-01-12T08:00",
    ]
    assert starts(api.get("/appointments?date=2026-12-01", token=admin_token)) == ["2026-12-01T08:00"]


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        calls[operation_name] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    yield calls


def test_the_admin_listing_queries_day_index_and_never_scans(
    api: Api, admin_token: str, week: dict[str, dict[str, Any]], dynamodb_calls: Counter[str]
):
    dynamodb_calls.clear()
    reply = api.get("/appointments?limit=2", token=admin_token)
    assert starts(reply) == ["2026-12-01T08:00", "2026-12-02T08:00"]
    assert dynamodb_calls["Scan"] == 0
    assert dynamodb_calls["Query"] == 2  # today, tomorrow
