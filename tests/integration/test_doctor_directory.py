"""GET /doctors (list, specialty filter, typo-tolerant search, pages) and GET /doctors/{id}.

These tests only read, so they share one directory (see ``shared_world``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from chalicelib.services.accounts import users
from tests.support.accounts import (
    PASSWORD,
    admin_create_doctor,
    create_specialty,
    login,
    register_doctor,
    register_patient,
)
from tests.support.api import Api, assert_error
from tests.support.world import SharedWorld


@pytest.fixture(scope="module")
def world(shared_world: SharedWorld) -> dict[str, Any]:
    """Two specialties, three approved doctors, one pending doctor and one patient."""
    api = shared_world.api
    users.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    admin_token = login(api, "admin@example.com")["access_token"]
    cardiology = create_specialty(api, admin_token, "Cardiology")
    dermatology = create_specialty(api, admin_token, "Dermatology")
    sid, did = cardiology["specialty_id"], dermatology["specialty_id"]
    made = {
        "smith": admin_create_doctor(api, admin_token, sid, "smith@example.com", "LIC-1", name="Anna Smith"),
        "kim": admin_create_doctor(api, admin_token, sid, "kim@example.com", "LIC-2", name="Min Kim"),
        "doe": admin_create_doctor(api, admin_token, did, "doe@example.com", "LIC-3", name="John Doe"),
        "pending": register_doctor(api, sid, "pending@example.com", "LIC-4", name="Carl Cardwell"),
        "patient": register_patient(api),
    }
    ids = {key: doctor.get("doctor_id") or doctor["user_id"] for key, doctor in made.items()}
    return {"api": api, "ids": ids, "cardiology": cardiology, "dermatology": dermatology}


@pytest.fixture
def api(world: dict[str, Any]) -> Api:
    return world["api"]  # type: ignore[no-any-return]


@pytest.fixture
def directory(world: dict[str, Any]) -> dict[str, Any]:
    return world


def names(api: Api, query: str = "") -> list[str]:
    reply = api.get(f"/doctors{query}")
    assert reply.status == 200, reply.body
    return [d["name"] for d in reply.body["items"]]


def test_the_list_shows_approved_doctors_sorted_by_name(api: Api, directory: dict[str, Any]) -> None:
    reply = api.get("/doctors")

    assert reply.status == 200
    assert [d["name"] for d in reply.body["items"]] == ["Anna Smith", "John Doe", "Min Kim"]
    assert reply.body["next_cursor"] is None


def test_a_listed_doctor_shows_the_public_profile_only(api: Api, directory: dict[str, Any]) -> None:
    smith = next(d for d in api.get("/doctors").body["items"] if d["name"] == "Anna Smith")

    assert smith == {
        "doctor_id": directory["ids"]["smith"],
        "name": "Anna Smith",
        "specialty": {"specialty_id": directory["cardiology"]["specialty_id"], "name": "Cardiology"},
        "experience_years": 12,
        "consultation_fee": 80.0,
        "bio": "Heart doctor",
        "photo_url": None,
        "timezone": "Europe/Berlin",
        "rating": {"average": None, "count": 0},
        "languages": [],
        "modes": [],
        "next_available_at": None,
    }


def test_the_specialty_filter_keeps_approved_doctors_of_that_specialty(api: Api, directory: dict[str, Any]) -> None:
    cardiology = directory["cardiology"]["specialty_id"]
    dermatology = directory["dermatology"]["specialty_id"]

    assert names(api, f"?specialty_id={cardiology}") == ["Anna Smith", "Min Kim"]
    assert names(api, f"?specialty_id={dermatology}") == ["John Doe"]
    assert names(api, "?specialty_id=unknown") == []


def test_a_public_profile_is_readable_by_anyone(api: Api, directory: dict[str, Any]) -> None:
    reply = api.get(f"/doctors/{directory['ids']['doe']}")

    assert reply.status == 200
    assert (reply.body["name"], reply.body["specialty"]["name"]) == ("John Doe", "Dermatology")
    assert not {"license_number", "email", "status"} & set(reply.body)


def test_the_profile_of_a_pending_doctor_is_not_found(api: Api, directory: dict[str, Any]) -> None:
    assert_error(api.get(f"/doctors/{directory['ids']['pending']}"), 404, "DOCTOR_NOT_FOUND")


def test_an_unknown_doctor_is_not_found(api: Api, directory: dict[str, Any]) -> None:
    assert_error(api.get("/doctors/no-such-doctor"), 404, "DOCTOR_NOT_FOUND")


def test_a_patient_id_is_not_a_doctor(api: Api, directory: dict[str, Any]) -> None:
    assert_error(api.get(f"/doctors/{directory['ids']['patient']}"), 404, "DOCTOR_NOT_FOUND")


def test_a_specialty_prefix_finds_its_doctors(api: Api, directory: dict[str, Any]) -> None:
    assert names(api, "?q=cardio") == ["Anna Smith", "Min Kim"]


def test_a_misspelt_name_with_a_title_finds_the_doctor(api: Api, directory: dict[str, Any]) -> None:
    assert names(api, "?q=Dr%20Smiht") == ["Anna Smith"]


def test_search_folds_case_and_accents(api: Api, directory: dict[str, Any]) -> None:
    assert names(api, "?q=DERMATOLÓGY") == ["John Doe"]


@pytest.mark.parametrize("query", ["neurology", "zzz", "Dr", "%27%3B%20DROP%20TABLE%20doctors%3B--"])
def test_an_unrelated_search_finds_nobody(api: Api, directory: dict[str, Any], query: str) -> None:
    assert names(api, f"?q={query}") == []


def test_search_never_finds_a_pending_doctor(api: Api, directory: dict[str, Any]) -> None:
    assert names(api, "?q=cardwell") == []


def test_search_within_a_specialty(api: Api, directory: dict[str, Any]) -> None:
    dermatology = directory["dermatology"]["specialty_id"]

    assert names(api, f"?q=smith&specialty_id={dermatology}") == []
    assert names(api, f"?q=doe&specialty_id={dermatology}") == ["John Doe"]


def test_an_empty_search_lists_everyone(api: Api, directory: dict[str, Any]) -> None:
    assert names(api, "?q=%20%20") == ["Anna Smith", "John Doe", "Min Kim"]


def all_pages(api: Api, query: str, limit: int) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        sep = "&" if "?" in query else "?"
        path = f"/doctors{query}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        reply = api.get(path)
        assert reply.status == 200, reply.body
        pages.append([d["name"] for d in reply.body["items"]])
        cursor = reply.body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 10


def test_the_list_pages_with_limit_and_cursor(api: Api, directory: dict[str, Any]) -> None:
    pages = all_pages(api, "", limit=2)

    assert pages[0] == ["Anna Smith", "John Doe"]
    assert [name for page in pages for name in page] == ["Anna Smith", "John Doe", "Min Kim"]


def test_a_page_of_one_walks_every_doctor_once(api: Api, directory: dict[str, Any]) -> None:
    pages = all_pages(api, "", limit=1)

    assert [name for page in pages for name in page] == ["Anna Smith", "John Doe", "Min Kim"]
    assert all(len(page) <= 1 for page in pages)


def test_the_specialty_filter_pages_too(api: Api, directory: dict[str, Any]) -> None:
    pages = all_pages(api, f"?specialty_id={directory['cardiology']['specialty_id']}", limit=1)

    assert [name for page in pages for name in page] == ["Anna Smith", "Min Kim"]


def test_search_results_page_too(api: Api, directory: dict[str, Any]) -> None:
    pages = all_pages(api, "?q=cardiology", limit=1)

    assert pages == [["Anna Smith"], ["Min Kim"]]


def test_a_cursor_of_the_specialty_index_is_refused_by_the_full_list(api: Api, directory: dict[str, Any]) -> None:
    cursor = api.get(f"/doctors?specialty_id={directory['cardiology']['specialty_id']}&limit=1").body["next_cursor"]
    assert cursor

    assert_error(api.get(f"/doctors?cursor={cursor}"), 400, "INVALID_CURSOR")


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "1.5", "1e3"])
def test_a_limit_out_of_range_is_refused(api: Api, limit: str) -> None:
    reply = api.get(f"/doctors?limit={limit}")

    assert_error(reply, 400)
    assert reply.body["error"]["code"] in {"INVALID_LIMIT", "VALIDATION_ERROR"}


@pytest.mark.parametrize("limit", ["1", "100"])
def test_the_limit_bounds_are_accepted(api: Api, limit: str) -> None:
    assert api.get(f"/doctors?limit={limit}").status == 200


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%40%40%40",
        _cursor([1]),
        _cursor({"a": 1}),
        _cursor({"doctor_id": {"S": "x"}}),
        _cursor({"doctor_id": {"S": "x"}, "specialty_id": {"S": "x"}, "status": {"S": "x"}, "name_sort": {"S": "x"}}),
        _cursor({"doctor_id": {"N": "1"}, "status": {"N": "1"}, "name_sort": {"N": "1"}}),
        _cursor({"doctor_id": {"N": "1"}, "specialty_id": {"N": "1"}, "name_sort": {"N": "1"}}),
    ],
)
@pytest.mark.parametrize("where", ["", "&specialty_id=some-specialty", "&q=smith"])
def test_a_bad_cursor_is_refused(api: Api, directory: dict[str, Any], cursor: str, where: str) -> None:
    """Also a well-formed key of the wrong shape: DynamoDB would refuse it only after the call."""
    assert_error(api.get(f"/doctors?cursor={cursor}{where}"), 400, "INVALID_CURSOR")
