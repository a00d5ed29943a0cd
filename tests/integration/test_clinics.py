"""Clinics: admins create and change them, anyone lists them by city, doctors say where they work."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.audit import AuditEntry
from chalicelib.models.clinics import DoctorPlace
from tests.support.api import Api, assert_error

MITTE = {
    "name": "Praxis Mitte",
    "address": {"line1": "Rosenthaler Str. 40", "postal_code": "10178", "city": "Berlin", "country": "DE"},
    "lat": 52.5246,
    "lon": 13.4021,
    "phone": "+493012345678",
    "timezone": "Europe/Berlin",
}
ALTONA = {
    **MITTE,
    "name": "Zentrum Altona",
    "address": {"line1": "Ottenser Hauptstr. 1", "postal_code": "22765", "city": "Hamburg", "country": "de"},
    "lat": 53.5527,
    "lon": 9.9355,
}


def make_clinic(api: Api, admin_token: str, body: dict[str, Any]) -> dict[str, Any]:
    reply = api.post("/admin/clinics", body, admin_token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_an_admin_adds_a_clinic_and_anyone_finds_it_by_city(api: Api, admin_token: str) -> None:
    mitte = make_clinic(api, admin_token, MITTE)
    altona = make_clinic(api, admin_token, ALTONA)

    assert altona["address"]["country"] == "DE"  # upper-cased
    berlin = api.get("/clinics?city=%20berlin").body["items"]
    assert [c["clinic_id"] for c in berlin] == [mitte["clinic_id"]]
    everything = api.get("/clinics").body["items"]
    assert [c["name"] for c in everything] == ["Praxis Mitte", "Zentrum Altona"]
    one = api.get(f"/clinics/{mitte['clinic_id']}")
    assert one.status == 200 and one.body["lat"] == 52.5246 and one.body["phone"] == "+493012345678"
    assert_error(api.get("/clinics/nope"), 404, "CLINIC_NOT_FOUND")


@pytest.mark.parametrize(
    "change",
    [
        {"address": {**MITTE["address"], "country": "XX"}},  # no such country
        {"address": {**MITTE["address"], "country": "EU"}},  # a region, not a country
        {"lat": 91},
        {"lon": -180.5},
        {"timezone": "Europe/Nowhere"},
        {"phone": "030 1234567"},  # not E.164
        {"lat": "52.5"},
    ],
)
def test_a_clinic_with_a_bad_address_is_refused(api: Api, admin_token: str, change: dict[str, Any]) -> None:
    assert_error(api.post("/admin/clinics", {**MITTE, **change}, admin_token), 400, "VALIDATION_ERROR")


def test_a_clinic_moved_by_an_admin_moves_its_doctors_places(
    api: Api, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    mitte = make_clinic(api, admin_token, MITTE)
    doctor_id = approved_doctor["doctor_id"]
    api.put(f"/admin/doctors/{doctor_id}/clinics", {"clinic_ids": [mitte["clinic_id"]]}, admin_token)

    moved = api.patch(
        f"/admin/clinics/{mitte['clinic_id']}", {"lat": 48.1374, "lon": 11.5755, "phone": None}, admin_token
    )

    assert moved.status == 200, moved.body
    assert moved.body["phone"] is None and moved.body["lat"] == 48.1374
    place = DoctorPlace.get(doctor_id, mitte["clinic_id"])
    assert (float(place.lat), place.cell4) == (48.1374, "u281")
    assert_error(api.patch("/admin/clinics/nope", {"name": "x"}, admin_token), 404, "CLINIC_NOT_FOUND")
    actions = [e.action for e in AuditEntry.query(f"clinic#{mitte['clinic_id']}")]
    assert sorted(actions) == ["clinic.created", "clinic.updated"]  # one instant on the fake clock


def test_a_doctor_says_where_they_work_and_the_profile_lists_it(
    api: Api, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    mitte = make_clinic(api, admin_token, MITTE)
    altona = make_clinic(api, admin_token, ALTONA)
    token = approved_doctor["token"]

    both = api.put("/doctors/me/clinics", {"clinic_ids": [mitte["clinic_id"], altona["clinic_id"]]}, token)
    assert both.status == 200, both.body
    assert {c["city"] for c in both.body["items"]} == {"Berlin", "Hamburg"}

    one = api.put("/doctors/me/clinics", {"clinic_ids": [altona["clinic_id"]]}, token)
    assert [c["clinic_id"] for c in one.body["items"]] == [altona["clinic_id"]]
    assert [c["clinic_id"] for c in api.get("/doctors/me/clinics", token).body["items"]] == [altona["clinic_id"]]
    profile = api.get(f"/doctors/{approved_doctor['doctor_id']}").body
    assert [c["name"] for c in profile["clinics"]] == ["Zentrum Altona"]


def test_unknown_or_repeated_clinics_are_refused_and_change_nothing(
    api: Api, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    mitte = make_clinic(api, admin_token, MITTE)
    token = approved_doctor["token"]
    api.put("/doctors/me/clinics", {"clinic_ids": [mitte["clinic_id"]]}, token)

    assert_error(api.put("/doctors/me/clinics", {"clinic_ids": ["nope"]}, token), 404, "CLINIC_NOT_FOUND")
    repeated = {"clinic_ids": [mitte["clinic_id"], mitte["clinic_id"]]}
    assert_error(api.put("/doctors/me/clinics", repeated, token), 400, "VALIDATION_ERROR")
    assert_error(api.put("/admin/doctors/nobody/clinics", {"clinic_ids": []}, admin_token), 404, "DOCTOR_NOT_FOUND")
    assert [c["clinic_id"] for c in api.get("/doctors/me/clinics", token).body["items"]] == [mitte["clinic_id"]]


FREE_LIMITS = {
    "max_appointment_types": 20,
    "max_clinics": 1,
    "video_visits": True,
    "analytics": True,
    "max_weekly_rules": 50,
}


def test_a_clinic_beyond_the_plans_max_clinics_is_refused_and_dropping_one_is_always_allowed(
    api: Api, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    mitte = make_clinic(api, admin_token, MITTE)
    altona = make_clinic(api, admin_token, ALTONA)
    token, doctor_id = approved_doctor["token"], approved_doctor["doctor_id"]
    both = {"clinic_ids": [mitte["clinic_id"], altona["clinic_id"]]}
    assert api.put("/doctors/me/clinics", both, token).status == 200
    assert api.patch("/admin/plans/free", {"entitlements": FREE_LIMITS}, admin_token).status == 200

    assert api.put("/doctors/me/clinics", {"clinic_ids": [altona["clinic_id"]]}, token).status == 200
    refused = api.put("/doctors/me/clinics", both, token)
    by_admin = api.put(f"/admin/doctors/{doctor_id}/clinics", both, admin_token)

    for reply in (refused, by_admin):
        assert_error(reply, 403, "PLAN_LIMIT")
        assert reply.body["error"]["details"][0]["field"] == "max_clinics"
    assert [p.clinic_id for p in DoctorPlace.query(doctor_id)] == [altona["clinic_id"]]
    swapped = api.put("/doctors/me/clinics", {"clinic_ids": [mitte["clinic_id"]]}, token)
    assert [c["clinic_id"] for c in swapped.body["items"]] == [mitte["clinic_id"]]
