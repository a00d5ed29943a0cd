"""Inputs DynamoDB or the search would choke on are refused up front with a clear 4xx."""

from __future__ import annotations

from tests.support.api import Api


def test_an_absurdly_long_id_in_the_path_is_not_found(api: Api) -> None:
    reply = api.get("/doctors/" + "d" * 3000)
    assert (reply.status, reply.error_code) == (404, "NOT_FOUND")


def test_an_overlong_search_is_refused(api: Api) -> None:
    reply = api.get("/doctors?q=" + "cardio%20" * 40)
    assert (reply.status, reply.error_code) == (400, "VALIDATION_ERROR")


def test_an_overlong_specialty_filter_is_refused(api: Api) -> None:
    reply = api.get("/doctors?specialty_id=" + "s" * 300)
    assert reply.status == 400
