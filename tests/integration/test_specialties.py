"""GET /specialties and the admin catalogue: create, rename, describe, deactivate; names are unique."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.audit import AuditEntry
from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey
from tests.support.accounts import create_specialty, doctor_registration
from tests.support.api import Api, assert_error


def public_names(api: Api) -> list[str]:
    reply = api.get("/specialties")
    assert reply.status == 200, reply.body
    assert reply.body["next_cursor"] is None
    return [s["name"] for s in reply.body["items"]]


def test_the_public_list_is_empty_at_first(api: Api) -> None:
    assert public_names(api) == []


def test_an_admin_creates_a_specialty(api: Api, admin_token: str) -> None:
    # When
    reply = api.post("/admin/specialties", {"name": "Cardiology", "description": "Heart"}, admin_token)

    # Then
    assert reply.status == 201, reply.body
    assert (reply.body["name"], reply.body["description"], reply.body["active"]) == ("Cardiology", "Heart", True)
    stored = Specialty.get(reply.body["specialty_id"])
    assert (stored.name, stored.active) == ("Cardiology", True)
    assert api.get("/specialties").body["items"] == [reply.body]
    [entry] = AuditEntry.query(f"specialty#{reply.body['specialty_id']}")
    assert entry.action == "specialty.created"


def test_the_public_list_is_sorted_by_name(api: Api, admin_token: str) -> None:
    for name in ("Neurology", "cardiology", "Dermatology"):
        create_specialty(api, admin_token, name)

    assert public_names(api) == ["cardiology", "Dermatology", "Neurology"]


def test_the_description_is_optional(api: Api, admin_token: str) -> None:
    reply = api.post("/admin/specialties", {"name": "Oncology"}, admin_token)

    assert (reply.status, reply.body["description"]) == (201, "")


@pytest.mark.parametrize("same", ["Cardiology", "cardiology", "CARDIOLOGY", "  Cardiology  ", "cardiology"])
def test_a_duplicate_name_is_refused(api: Api, admin_token: str, same: str) -> None:
    create_specialty(api, admin_token, "Cardiology")

    reply = api.post("/admin/specialties", {"name": same}, admin_token)

    assert_error(reply, 409, "SPECIALTY_NAME_TAKEN")
    assert public_names(api) == ["Cardiology"]


def test_names_differing_only_in_inner_spacing_are_the_same(api: Api, admin_token: str) -> None:
    create_specialty(api, admin_token, "Sports Medicine")

    assert_error(api.post("/admin/specialties", {"name": "sports   medicine"}, admin_token), 409)


@pytest.mark.parametrize("body", [{}, {"name": "X"}, {"name": ""}, {"name": "a" * 81}, {"name": None}, {"name": 7}])
def test_an_invalid_specialty_is_refused(api: Api, admin_token: str, body: dict[str, Any]) -> None:
    assert_error(api.post("/admin/specialties", body, admin_token), 400, "VALIDATION_ERROR")
    assert public_names(api) == []


def test_an_unknown_field_is_refused(api: Api, admin_token: str) -> None:
    reply = api.post("/admin/specialties", {"name": "Cardiology", "active": False}, admin_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert reply.body["error"]["details"] == [{"field": "active", "message": "unknown field"}]


def test_an_admin_renames_and_describes_a_specialty(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    # When
    reply = api.patch(
        f"/admin/specialties/{specialty['specialty_id']}",
        {"name": "Cardiovascular Medicine", "description": "Heart and vessels"},
        admin_token,
    )

    # Then
    assert reply.status == 200, reply.body
    assert (reply.body["name"], reply.body["description"]) == ("Cardiovascular Medicine", "Heart and vessels")
    assert public_names(api) == ["Cardiovascular Medicine"]
    actions = sorted(e.action for e in AuditEntry.query(f"specialty#{specialty['specialty_id']}"))
    assert actions == ["specialty.created", "specialty.updated"]


def test_a_rename_frees_the_old_name_and_takes_the_new(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    # Given
    assert api.patch(f"/admin/specialties/{specialty['specialty_id']}", {"name": "Heart"}, admin_token).status == 200

    # When / Then the old name is free
    assert create_specialty(api, admin_token, "Cardiology")["name"] == "Cardiology"
    # And the new name is taken
    assert_error(api.post("/admin/specialties", {"name": "heart"}, admin_token), 409, "SPECIALTY_NAME_TAKEN")
    assert UniqueKey.get("specialty#heart").owner_id == specialty["specialty_id"]


def test_a_rename_to_a_taken_name_is_refused_and_changes_nothing(
    api: Api, admin_token: str, specialty: dict[str, Any]
) -> None:
    # Given
    other = create_specialty(api, admin_token, "Dermatology")

    # When
    reply = api.patch(f"/admin/specialties/{other['specialty_id']}", {"name": "CARDIOLOGY"}, admin_token)

    # Then
    assert_error(reply, 409, "SPECIALTY_NAME_TAKEN")
    assert Specialty.get(other["specialty_id"]).name == "Dermatology"
    assert UniqueKey.get("specialty#dermatology").owner_id == other["specialty_id"]
    assert UniqueKey.get("specialty#cardiology").owner_id == specialty["specialty_id"]


def test_a_change_of_case_only_is_a_rename_to_itself(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    reply = api.patch(f"/admin/specialties/{specialty['specialty_id']}", {"name": "CARDIOLOGY"}, admin_token)

    assert (reply.status, reply.body["name"]) == (200, "CARDIOLOGY")
    assert UniqueKey.get("specialty#cardiology").owner_id == specialty["specialty_id"]


def test_deactivating_hides_a_specialty_from_the_public_list(
    api: Api, admin_token: str, specialty: dict[str, Any]
) -> None:
    # Given
    create_specialty(api, admin_token, "Dermatology")

    # When
    reply = api.patch(f"/admin/specialties/{specialty['specialty_id']}", {"active": False}, admin_token)

    # Then
    assert (reply.status, reply.body["active"]) == (200, False)
    assert public_names(api) == ["Dermatology"]
    every = api.get("/admin/specialties", admin_token).body["items"]
    assert {(s["name"], s["active"]) for s in every} == {("Cardiology", False), ("Dermatology", True)}


def test_a_deactivated_specialty_can_be_reactivated(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    path = f"/admin/specialties/{specialty['specialty_id']}"
    api.patch(path, {"active": False}, admin_token)

    api.patch(path, {"active": True}, admin_token)

    assert public_names(api) == ["Cardiology"]


def test_a_deactivated_specialty_takes_no_new_doctors(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    api.patch(f"/admin/specialties/{specialty['specialty_id']}", {"active": False}, admin_token)

    body = doctor_registration(specialty["specialty_id"])
    body.pop("role")

    assert_error(api.post("/admin/doctors", body, admin_token), 400, "UNKNOWN_SPECIALTY")


def test_an_unknown_specialty_is_not_found(api: Api, admin_token: str) -> None:
    assert_error(api.patch("/admin/specialties/nope", {"name": "Whatever"}, admin_token), 404, "SPECIALTY_NOT_FOUND")


def test_an_empty_update_returns_the_specialty_unchanged(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    reply = api.patch(f"/admin/specialties/{specialty['specialty_id']}", {}, admin_token)

    assert (reply.status, reply.body) == (200, specialty)


@pytest.mark.parametrize(
    "body", [{"name": "X"}, {"active": "maybe"}, {"description": "d" * 1001}, {"specialty_id": "other"}]
)
def test_an_invalid_update_is_refused(
    api: Api, admin_token: str, specialty: dict[str, Any], body: dict[str, Any]
) -> None:
    assert_error(api.patch(f"/admin/specialties/{specialty['specialty_id']}", body, admin_token), 400)
    assert Specialty.get(specialty["specialty_id"]).name == "Cardiology"


def test_the_specialty_name_shows_on_doctors_after_a_rename(
    api: Api, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    specialty_id = approved_doctor["specialty"]["specialty_id"]

    api.patch(f"/admin/specialties/{specialty_id}", {"name": "Cardiovascular Medicine"}, admin_token)

    public = api.get(f"/doctors/{approved_doctor['doctor_id']}").body
    assert public["specialty"] == {"specialty_id": specialty_id, "name": "Cardiovascular Medicine"}
    assert [d["doctor_id"] for d in api.get("/doctors?q=cardiovascular").body["items"]] == [
        approved_doctor["doctor_id"]
    ]
