"""A doctor's booking page address: chosen by the doctor, unique, changeable once in 30 days, old ones redirect."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.services.catalogue.slugs import slugify
from tests.support.accounts import admin_create_doctor, login
from tests.support.api import Api, assert_error
from tests.support.fakes import FakeClock


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Dr. Anna Berg", "dr-anna-berg"),
        ("Jürgen Müller-Lüdenscheidt", "jurgen-muller-ludenscheidt"),
        ("  Ana  María   O'Neil ", "ana-maria-o-neil"),
        ("李", "doctor"),
    ],
)
def test_a_name_becomes_a_readable_slug(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_an_approved_doctor_gets_a_page_from_the_name_and_may_choose_another_at_once(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    token = approved_doctor["token"]
    given = api.get("/doctors/me/slug", token).body
    assert given["slug"] == given["suggestion"] == "anna-smith"
    assert given["url"].endswith("/d/anna-smith") and given["changeable_from"] is None
    assert api.get("/doctors/by-slug/anna-smith").body["doctor"]["doctor_id"] == approved_doctor["doctor_id"]

    reply = api.call("PUT", "/doctors/me/slug", {"slug": "dr-anna-smith"}, token)

    assert reply.status == 200, reply.body
    assert reply.body["slug"] == "dr-anna-smith"
    assert reply.body["url"].endswith("/d/dr-anna-smith")
    assert reply.body["changeable_from"].startswith((clock.now() + timedelta(days=30)).date().isoformat())
    page = api.get("/doctors/by-slug/dr-anna-smith")
    assert page.status == 200, page.body
    assert page.body["slug"] == "dr-anna-smith" and page.body["moved"] is False
    profile = api.get(f"/doctors/{approved_doctor['doctor_id']}").body
    assert profile.pop("clinics") == []  # the profile also lists the clinics; the slug page's card does not
    assert page.body["doctor"] == profile
    assert api.get("/doctors/by-slug/anna-smith").body["moved"] is True


def test_approval_gives_namesakes_numbered_pages(
    api: Api, approved_doctor: dict[str, Any], pending_doctor: dict[str, Any], admin_token: str
) -> None:
    # Given a pending doctor with the approved doctor's name (Anna Smith)
    assert api.get("/doctors/by-slug/anna-smith").body["doctor"]["doctor_id"] == approved_doctor["doctor_id"]

    # When an admin approves them
    assert api.post(f"/admin/doctors/{pending_doctor['user_id']}/approve", {}, admin_token).status == 200

    # Then their page is the next free one
    page = api.get("/doctors/by-slug/anna-smith-2")
    assert page.status == 200, page.body
    assert page.body["doctor"]["doctor_id"] == pending_doctor["user_id"]


def test_an_unapproved_doctor_has_no_page_yet(api: Api, pending_doctor: dict[str, Any]) -> None:
    assert_error(api.get("/doctors/by-slug/anna-smith"), 404, "DOCTOR_NOT_FOUND")


def test_the_slug_changes_once_in_30_days_and_the_old_one_redirects(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    token = approved_doctor["token"]
    assert api.call("PUT", "/doctors/me/slug", {"slug": "anna-smith-md"}, token).status == 200

    refused = api.call("PUT", "/doctors/me/slug", {"slug": "dr-smith"}, token)
    assert_error(refused, 422, "SLUG_CHANGE_TOO_SOON")

    clock.advance(days=30)
    token = login(api, "approved@example.com")["access_token"]  # signed in again: a month has passed
    assert api.call("PUT", "/doctors/me/slug", {"slug": "dr-smith"}, token).status == 200
    for old_slug in ("anna-smith", "anna-smith-md"):
        old = api.get(f"/doctors/by-slug/{old_slug}").body
        assert (old["slug"], old["moved"]) == ("dr-smith", True)
    # the same slug again is no change at all
    assert api.call("PUT", "/doctors/me/slug", {"slug": "dr-smith"}, token).status == 200


def test_a_slug_is_unique_and_an_old_one_stays_its_doctors(
    api: Api, approved_doctor: dict[str, Any], specialty: dict[str, Any], admin_token: str, clock: FakeClock
) -> None:
    admin_create_doctor(api, admin_token, specialty["specialty_id"], "bo@example.com", "L-BO", name="Bo Berg")
    other = login(api, "bo@example.com")["access_token"]
    assert api.call("PUT", "/doctors/me/slug", {"slug": "heart-care"}, approved_doctor["token"]).status == 200
    assert_error(api.call("PUT", "/doctors/me/slug", {"slug": "heart-care"}, other), 409, "SLUG_TAKEN")

    clock.advance(days=31)
    anna, other = (login(api, e)["access_token"] for e in ("approved@example.com", "bo@example.com"))
    assert api.call("PUT", "/doctors/me/slug", {"slug": "heart-care-2"}, anna).status == 200
    assert_error(api.call("PUT", "/doctors/me/slug", {"slug": "heart-care"}, other), 409, "SLUG_TAKEN")
    clock.advance(days=31)
    anna = login(api, "approved@example.com")["access_token"]
    back = api.call("PUT", "/doctors/me/slug", {"slug": "heart-care"}, anna)
    assert back.status == 200 and back.body["slug"] == "heart-care"


@pytest.mark.parametrize("slug", ["ab", "Anna", "anna--berg", "-anna", "anna berg", "a" * 61])
def test_a_malformed_slug_is_refused(api: Api, approved_doctor: dict[str, Any], slug: str) -> None:
    assert_error(api.call("PUT", "/doctors/me/slug", {"slug": slug}, approved_doctor["token"]), 400, "VALIDATION_ERROR")


def test_unknown_slugs_and_unlisted_doctors_are_not_found(
    api: Api, approved_doctor: dict[str, Any], admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    assert_error(api.get("/doctors/by-slug/nobody-here"), 404, "DOCTOR_NOT_FOUND")
    assert_error(api.call("PUT", "/doctors/me/slug", {"slug": "pending-doc"}, pending_doctor["token"]), 403)
    assert_error(api.call("PUT", "/doctors/me/slug", {"slug": "admin-page"}, admin_token), 403, "FORBIDDEN_ROLE")
