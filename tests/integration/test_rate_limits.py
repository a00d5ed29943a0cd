"""Limits on sign-up, log-in, password reset and attendance links (docs/architecture.md, "Rate limits"): per
client address and per e-mail address, 429 ``RATE_LIMITED`` with ``Retry-After``, and the same answers whether or
not an account uses an address. The other suites run with limits off (one test client makes every request)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.accounts import PASSWORD, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock


@pytest.fixture(autouse=True)
def limits_on(configure: Callable[..., None]) -> None:
    configure(DOCSPOT_RATE_LIMITS="on", DOCSPOT_CLIENT_IP_HEADER="CloudFront-Viewer-Address")


def from_client(address: str) -> dict[str, str]:
    return {"CloudFront-Viewer-Address": f"{address}:46532"}


def login(api: Api, email: str, client: str = "198.51.100.7") -> Reply:
    return api.post("/auth/login", {"email": email, "password": "wrong password!"}, headers=from_client(client))


def assert_limited(reply: Reply, code: str = "RATE_LIMITED") -> int:
    assert_error(reply, 429, code)
    wait = int(reply.headers["Retry-After"])
    assert wait > 0
    return wait


def test_a_client_is_limited_to_30_log_ins_in_5_minutes_whatever_the_addresses(api: Api, clock: FakeClock) -> None:
    for n in range(30):
        assert_error(login(api, f"someone{n}@example.com"), 401, "INVALID_CREDENTIALS")

    wait = assert_limited(login(api, "someone-else@example.com"))

    assert wait <= 300
    assert_error(login(api, "someone-else@example.com", client="203.0.113.9"), 401, "INVALID_CREDENTIALS")
    clock.advance(seconds=wait)
    assert_error(login(api, "someone-else@example.com"), 401, "INVALID_CREDENTIALS")


def test_the_lock_out_answers_an_unknown_address_exactly_as_a_known_one(api: Api) -> None:
    register_patient(api, email="known@example.com")

    def answers(email: str) -> list[tuple[int, Any, str | None]]:
        replies = [login(api, email, client=f"192.0.2.{n}") for n in range(7)]
        return [(r.status, r.body, r.headers.get("Retry-After")) for r in replies]

    assert answers("known@example.com") == answers("unknown@example.com")


def test_an_address_may_ask_for_three_reset_links_an_hour_known_or_not(api: Api, clock: FakeClock) -> None:
    register_patient(api, email="known@example.com")

    def ask(email: str, client: str) -> Reply:
        return api.post("/auth/password-reset", {"email": email}, headers=from_client(client))

    for email in ("known@example.com", "unknown@example.com"):
        assert [ask(email, f"192.0.2.{n}").status for n in range(3)] == [202, 202, 202]
    known, unknown = ask("known@example.com", "192.0.2.50"), ask("unknown@example.com", "192.0.2.51")

    assert (known.status, known.body) == (unknown.status, unknown.body)
    assert assert_limited(known) <= 3600
    clock.advance(hours=1)
    assert ask("known@example.com", "192.0.2.52").status == 202


def test_a_client_may_ask_for_ten_reset_links_an_hour(api: Api) -> None:
    def ask(email: str) -> Reply:
        return api.post("/auth/password-reset", {"email": email}, headers=from_client("192.0.2.1"))

    assert [ask(f"p{n}@example.com").status for n in range(10)] == [202] * 10
    assert_limited(ask("p@example.com"))


def test_an_address_may_try_to_sign_up_five_times_an_hour(api: Api) -> None:
    body = {"role": "patient", "email": "new@example.com", "password": PASSWORD, "name": "New"}
    answers = [api.post("/auth/register", body, headers=from_client(f"192.0.2.{n}")).status for n in range(6)]

    assert answers == [201, 409, 409, 409, 409, 429]


def test_a_client_may_sign_up_ten_times_an_hour(api: Api) -> None:
    def sign_up(n: int) -> Reply:
        body = {"role": "patient", "email": f"new{n}@example.com", "password": PASSWORD, "name": "New"}
        return api.post("/auth/register", body, headers=from_client("192.0.2.200"))

    assert [sign_up(n).status for n in range(10)] == [201] * 10
    assert_limited(sign_up(10))


def test_a_client_may_not_try_reset_tokens_or_attendance_links_at_speed(api: Api) -> None:
    client = from_client("192.0.2.77")
    for _ in range(20):
        reply = api.post("/auth/password-reset/confirm", {"token": "guess", "password": PASSWORD}, headers=client)
        assert_error(reply, 400, "INVALID_RESET_TOKEN")
    assert_limited(api.post("/auth/password-reset/confirm", {"token": "guess", "password": PASSWORD}, headers=client))

    for _ in range(60):
        assert_error(api.get("/attendance?token=guess", headers=client), 400, "INVALID_ATTENDANCE_LINK")
    assert_limited(api.post("/attendance", {"token": "guess"}, headers=client))


def test_without_the_proxys_header_the_connections_address_counts(api: Api) -> None:
    for n in range(30):
        api.post("/auth/login", {"email": f"x{n}@example.com", "password": "wrong password!"})

    assert_limited(api.post("/auth/login", {"email": "y@example.com", "password": "wrong password!"}))
