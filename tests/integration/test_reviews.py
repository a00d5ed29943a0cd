"""Ratings and reviews: one review per completed visit by its patient within 90 days, the public listing, the
doctor's reply, reports, and hiding and unhiding with the doctor's rating kept as a running sum and count."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.contracts.reviews import ReviewCreate
from chalicelib.errors import DomainError
from chalicelib.models.audit import AuditEntry
from chalicelib.models.doctors import Doctor
from chalicelib.models.reviews import Review
from chalicelib.services.core.authz import Principal
from chalicelib.services.reviews import moderation, writing
from chalicelib.services.reviews.rating import author_name, average
from chalicelib.vocabulary import Role
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.fakes import FakeClock
from tests.support.reviews import visit


@pytest.fixture
def patient(api: Api, patient_token: str) -> dict[str, Any]:
    me = api.get("/me", token=patient_token).body
    return {"id": me["user_id"], "token": patient_token}


@pytest.fixture
def doctor(approved_doctor: dict[str, Any]) -> dict[str, Any]:
    return {"id": approved_doctor["doctor_id"], "token": approved_doctor["token"]}


def completed(patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, days_ago: int = 2) -> str:
    return visit(patient["id"], doctor["id"], clock.now() - timedelta(days=days_ago))


def review(api: Api, token: str, appointment_id: str, rating: int = 5, comment: str = "Very kind") -> Any:
    return api.post(f"/appointments/{appointment_id}/review", {"rating": rating, "comment": comment}, token)


def test_the_patient_reviews_a_completed_visit_and_everyone_reads_it_without_the_visit(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    appointment_id = completed(patient, doctor, clock)
    created = review(api, patient["token"], appointment_id, 4, "Listened well.")
    assert created.status == 201, created.body
    assert created.body["doctor_rating"] == {"average": 4.0, "count": 1}
    assert created.body["author"] == "Pat P."

    listed = api.get(f"/doctors/{doctor['id']}/reviews").body
    [item] = listed["items"]
    assert item["rating"] == 4 and item["comment"] == "Listened well." and item["author"] == "Pat P."
    assert set(item) == {"review_id", "rating", "comment", "author", "created_at", "reply"}
    assert appointment_id not in str(listed)
    assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": 4.0, "count": 1}
    mine = api.get(f"/appointments/{appointment_id}", token=patient["token"]).body
    assert mine["reviewed_at"] is not None


def test_a_visit_is_reviewed_once(api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock):
    appointment_id = completed(patient, doctor, clock)
    assert review(api, patient["token"], appointment_id).status == 201
    assert_error(review(api, patient["token"], appointment_id, 1), 409, "ALREADY_REVIEWED")
    assert Doctor.get(doctor["id"]).rating_count == 1


def test_a_visit_not_yet_completed_cannot_be_reviewed(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    appointment_id = visit(patient["id"], doctor["id"], clock.now() + timedelta(days=1), status="CONFIRMED")
    assert_error(review(api, patient["token"], appointment_id), 422, "NOT_COMPLETED")


def test_the_window_closes_90_days_after_the_visit(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    inside = visit(patient["id"], doctor["id"], clock.now() - timedelta(days=90) + timedelta(hours=1))
    outside = visit(patient["id"], doctor["id"], clock.now() - timedelta(days=91))
    assert_error(review(api, patient["token"], outside), 422, "REVIEW_WINDOW_CLOSED")
    assert review(api, patient["token"], inside).status == 201


def test_someone_else_s_visit_is_not_found(api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock):
    appointment_id = completed(patient, doctor, clock)
    register_patient(api, email="other@example.com", name="Olga Other")
    other = login(api, "other@example.com")["access_token"]
    assert_error(review(api, other, appointment_id), 404, "APPOINTMENT_NOT_FOUND")
    assert_error(review(api, other, "no-such-visit"), 404, "APPOINTMENT_NOT_FOUND")
    assert_error(review(api, doctor["token"], appointment_id), 403, "FORBIDDEN_ROLE")


@pytest.mark.parametrize("body", [{"rating": 0}, {"rating": 6}, {"rating": 3, "comment": "x" * 2001}, {}])
def test_a_rating_outside_1_to_5_or_a_long_comment_is_refused(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, body: dict[str, Any]
):
    appointment_id = completed(patient, doctor, clock)
    assert_error(api.post(f"/appointments/{appointment_id}/review", body, patient["token"]), 400, "VALIDATION_ERROR")


def test_a_comment_of_2000_characters_is_kept_whole(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    appointment_id = completed(patient, doctor, clock)
    assert review(api, patient["token"], appointment_id, 5, "y" * 2000).body["comment"] == "y" * 2000


@pytest.mark.usefixtures("atomic_moto")
def test_two_reviews_raced_on_one_visit_give_one_201_and_one_409(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    appointment_id = completed(patient, doctor, clock)
    principal = Principal(patient["id"], Role.PATIENT)

    def attempt(rating: int) -> str:
        try:
            writing.create(principal, appointment_id, ReviewCreate(rating=rating))
        except DomainError as exc:
            return exc.code
        return "OK"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = Counter(pool.map(attempt, [5, 1]))
    assert results == Counter({"OK": 1, "ALREADY_REVIEWED": 1})
    assert len(list(Review.scan())) == 1
    stored = Doctor.get(doctor["id"])
    assert (stored.rating_count, stored.rating_sum) == (1, next(iter(Review.scan())).rating)


def test_the_listing_is_newest_first_and_pages(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    for n in range(5):
        review(api, patient["token"], completed(patient, doctor, clock, days_ago=10), rating=1 + n, comment=f"#{n}")
        clock.advance(minutes=1)
    first = api.get(f"/doctors/{doctor['id']}/reviews?limit=3").body
    assert [r["comment"] for r in first["items"]] == ["#4", "#3", "#2"]
    second = api.get(f"/doctors/{doctor['id']}/reviews?limit=3&cursor={first['next_cursor']}").body
    assert [r["comment"] for r in second["items"]] == ["#1", "#0"]
    assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": 3.0, "count": 5}


def test_an_unknown_doctor_has_no_reviews(api: Api):
    assert_error(api.get("/doctors/nobody/reviews"), 404, "DOCTOR_NOT_FOUND")


def test_the_doctor_replies_once_and_only_to_their_own_reviews(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, admin_token: str, specialty: Any
):
    review_id = review(api, patient["token"], completed(patient, doctor, clock)).body["review_id"]
    replied = api.post(f"/reviews/{review_id}/reply", {"body": "Thank you!"}, doctor["token"])
    assert replied.status == 200, replied.body
    assert replied.body["reply"]["body"] == "Thank you!"
    assert_error(api.post(f"/reviews/{review_id}/reply", {"body": "Again"}, doctor["token"]), 409, "ALREADY_REPLIED")
    [item] = api.get(f"/doctors/{doctor['id']}/reviews").body["items"]
    assert item["reply"]["body"] == "Thank you!"

    from tests.support.accounts import admin_create_doctor

    admin_create_doctor(api, admin_token, specialty["specialty_id"], "second@example.com", "LIC-9")
    second = login(api, "second@example.com")["access_token"]
    assert_error(api.post(f"/reviews/{review_id}/reply", {"body": "Me too"}, second), 404, "REVIEW_NOT_FOUND")


def test_a_report_puts_the_review_in_the_admins_queue_once_per_reporter(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, admin_token: str
):
    review_id = review(api, patient["token"], completed(patient, doctor, clock)).body["review_id"]
    assert api.get("/admin/reviews?status=reported", token=admin_token).body["items"] == []
    reported = api.post(f"/reviews/{review_id}/report", {"reason": "Rude"}, doctor["token"])
    assert reported.status == 202, reported.body
    assert api.post(f"/reviews/{review_id}/report", {"reason": "Rude again"}, doctor["token"]).status == 202
    [queued] = api.get("/admin/reviews?status=reported", token=admin_token).body["items"]
    assert queued["review_id"] == review_id and queued["state"] == "reported"
    assert queued["report_count"] == 1
    assert [r["reason"] for r in queued["reports"]] == ["Rude"]
    # Still public until an admin hides it
    assert len(api.get(f"/doctors/{doctor['id']}/reviews").body["items"]) == 1
    assert_error(api.post("/reviews/nothing/report", {"reason": "x"}, doctor["token"]), 404, "REVIEW_NOT_FOUND")


def test_hiding_takes_a_review_out_of_the_listing_and_the_rating_and_is_audited(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, admin_token: str
):
    kept = review(api, patient["token"], completed(patient, doctor, clock), 5).body["review_id"]
    bad = review(api, patient["token"], completed(patient, doctor, clock), 1).body["review_id"]
    api.post(f"/reviews/{bad}/report", {"reason": "Names a nurse"}, doctor["token"])
    hidden = api.post(f"/admin/reviews/{bad}/hide", {"reason": "Personal data"}, admin_token)
    assert hidden.status == 200, hidden.body
    assert hidden.body["state"] == "hidden" and hidden.body["hidden_reason"] == "Personal data"
    assert_error(api.post(f"/admin/reviews/{bad}/hide", {"reason": "again"}, admin_token), 409, "ALREADY_HIDDEN")
    assert [r["review_id"] for r in api.get(f"/doctors/{doctor['id']}/reviews").body["items"]] == [kept]
    assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": 5.0, "count": 1}
    assert api.get("/admin/reviews?status=reported", token=admin_token).body["items"] == []
    assert [r["review_id"] for r in api.get("/admin/reviews?status=hidden", token=admin_token).body["items"]] == [bad]
    assert_error(api.post(f"/reviews/{bad}/report", {"reason": "x"}, doctor["token"]), 404, "REVIEW_NOT_FOUND")

    clock.advance(minutes=5)
    shown = api.post(f"/admin/reviews/{bad}/unhide", token=admin_token)
    assert shown.status == 200 and shown.body["state"] == "visible"
    assert_error(api.post(f"/admin/reviews/{bad}/unhide", token=admin_token), 409, "NOT_HIDDEN")
    assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": 3.0, "count": 2}
    actions = [e.action for e in AuditEntry.query(f"review#{bad}")]
    assert actions == ["review.hide", "review.unhide"]


def test_unhiding_a_reported_review_keeps_it_and_closes_the_report(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, admin_token: str
):
    review_id = review(api, patient["token"], completed(patient, doctor, clock), 4).body["review_id"]
    api.post(f"/reviews/{review_id}/report", {"reason": "I disagree"}, doctor["token"])
    kept = api.post(f"/admin/reviews/{review_id}/unhide", token=admin_token)
    assert kept.status == 200 and kept.body["state"] == "visible" and kept.body["reports"] == []
    assert api.get("/admin/reviews?status=reported", token=admin_token).body["items"] == []
    assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": 4.0, "count": 1}


@pytest.mark.usefixtures("atomic_moto")
def test_two_hides_raced_take_the_rating_off_once(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock
):
    review_id = review(api, patient["token"], completed(patient, doctor, clock), 2).body["review_id"]
    review(api, patient["token"], completed(patient, doctor, clock), 4)
    admin = Principal("admin-1", Role.ADMIN)

    def attempt(_: int) -> str:
        try:
            moderation.hide(admin, review_id, "spam")
        except DomainError as exc:
            return exc.code
        return "OK"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = Counter(pool.map(attempt, range(4)))
    assert results["OK"] == 1 and results["OK"] + results["ALREADY_HIDDEN"] + results["TRY_AGAIN"] == 4
    stored = Doctor.get(doctor["id"])
    assert (stored.rating_sum, stored.rating_count) == (4, 1)


def test_after_random_hides_and_unhides_the_average_is_the_mean_of_the_visible_reviews(
    api: Api, patient: dict[str, Any], doctor: dict[str, Any], clock: FakeClock, admin_token: str
):
    chance = random.Random(18)
    ids = [
        review(api, patient["token"], completed(patient, doctor, clock), chance.randint(1, 5)).body["review_id"]
        for _ in range(12)
    ]
    for _ in range(40):
        target = chance.choice(ids)
        if chance.random() < 0.5:
            api.post(f"/admin/reviews/{target}/hide", {"reason": "check"}, admin_token)
        else:
            api.post(f"/admin/reviews/{target}/unhide", token=admin_token)
        visible = [int(r.rating) for r in Review.scan() if r.listed_doctor_id]
        expected = average(sum(visible), len(visible))
        assert api.get(f"/doctors/{doctor['id']}").body["rating"] == {"average": expected, "count": len(visible)}
        listed = api.get(f"/doctors/{doctor['id']}/reviews?limit=100").body["items"]
        assert sorted(r["rating"] for r in listed) == sorted(visible)


def test_the_average_has_one_decimal_and_the_author_a_first_name_and_initial():
    assert average(0, 0) is None
    assert average(13, 3) == 4.3
    assert average(17, 4) == 4.3
    assert average(9, 2) == 4.5
    assert author_name("Paula Maria Patient") == "Paula P."
    assert author_name("Cher") == "Cher"
