"""$connect and $disconnect: who may open a connection, how many, and what a connection leaves behind."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from chalicelib.models.connections import Connection
from chalicelib.models.subscriptions import Subscription
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.realtime._events import Outgoing
from chalicelib.services.realtime.fanout import publish
from chalicelib.services.realtime.topics import doctor_slots_topic, user_topic
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.fakes import FakeClock, RecordingSender
from tests.support.ws import Ws


@pytest.fixture
def patient(api: Api) -> dict[str, Any]:
    register_patient(api)
    pair = login(api, "pat@example.com")
    return {"user_id": pair["user"]["user_id"], "token": pair["access_token"], "refresh": pair["refresh_token"]}


def test_a_valid_access_token_opens_a_connection_that_hears_its_own_topic(
    ws: Ws, patient: dict[str, Any], sender: RecordingSender
):
    connected = ws.connect(patient["token"])

    assert connected.status == 200
    offer = {
        "slot_id": "s",
        "doctor_id": "d",
        "start": "2026-12-02T09:00:00Z",
        "expires_at": "2026-12-01T09:15:00Z",
        "notification_id": "n",
    }
    publish([Outgoing(user_topic(patient["user_id"]), "waitlist-slot-open", offer)])
    assert ws.pushed(connected.connection_id) == [
        {"type": "waitlist-slot-open", "data": offer, "at": "2026-12-01T09:00:00.000Z"}
    ]


def test_the_connection_records_who_opened_it_until_api_gateway_closes_it(ws: Ws, patient: dict[str, Any]):
    connection_id = ws.open(patient["token"])

    stored = Connection.get(connection_id)
    assert (stored.user_id, stored.role) == (patient["user_id"], "patient")
    assert int(stored.expires_at.timestamp() - stored.connected_at) == 2 * 3600


@pytest.mark.parametrize(
    "token, code",
    [
        (None, "UNAUTHORIZED"),
        ("", "UNAUTHORIZED"),
        ("not-a-jwt", "INVALID_TOKEN"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "INVALID_TOKEN"),
    ],
)
def test_a_missing_or_forged_token_is_refused(ws: Ws, patient: dict[str, Any], token: str | None, code: str):
    connected = ws.connect(token)

    assert connected.status == 401
    assert connected.error_code == code
    assert Connection.count() == 0


def test_an_expired_access_token_is_refused(ws: Ws, patient: dict[str, Any], clock: FakeClock):
    clock.advance(minutes=16)

    connected = ws.connect(patient["token"])

    assert (connected.status, connected.error_code) == (401, "TOKEN_EXPIRED")


def test_a_refresh_token_does_not_open_a_connection(ws: Ws, patient: dict[str, Any]):
    connected = ws.connect(patient["refresh"])

    assert (connected.status, connected.error_code) == (401, "INVALID_TOKEN")


def test_a_refused_connection_leaves_nothing_behind(ws: Ws, patient: dict[str, Any], sender: RecordingSender):
    refused = ws.connect("not-a-jwt")

    answer = ws.send(refused.connection_id, {"action": "ping"})
    assert answer["data"]["code"] == "NOT_CONNECTED"
    assert Connection.count() == 0 and Subscription.count(user_topic(patient["user_id"])) == 0


def test_a_user_holds_at_most_five_connections(ws: Ws, patient: dict[str, Any]):
    opened = [ws.connect(patient["token"]) for _ in range(5)]

    sixth = ws.connect(patient["token"])

    assert [c.status for c in opened] == [200] * 5
    assert (sixth.status, sixth.error_code) == (429, "TOO_MANY_CONNECTIONS")
    ws.disconnect(opened[2].connection_id)
    assert ws.connect(patient["token"]).status == 200


def test_the_connection_limit_is_per_user(ws: Ws, api: Api, patient: dict[str, Any]):
    for _ in range(5):
        ws.open(patient["token"])
    register_patient(api, email="other@example.com", name="Olga Other")

    assert ws.connect(login(api, "other@example.com")["access_token"]).status == 200


def test_the_connection_limit_is_configurable(ws: Ws, patient: dict[str, Any], configure):
    configure(DOCSPOT_WS_MAX_CONNECTIONS_PER_USER="2")

    statuses = [ws.connect(patient["token"]).status for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_connection_whose_disconnect_never_came_frees_its_seat_when_it_expires(
    ws: Ws, patient: dict[str, Any], clock: FakeClock, api: Api
):
    for _ in range(5):
        ws.open(patient["token"])
    clock.advance(hours=2, seconds=1)

    fresh = login(api, "pat@example.com")["access_token"]
    assert ws.connect(fresh).status == 200


def test_racing_connections_never_exceed_the_limit(ws: Ws, patient: dict[str, Any], atomic_moto: None):
    statuses: list[int] = []
    start = threading.Barrier(12)

    def connect() -> None:
        start.wait()
        statuses.append(ws.connect(patient["token"], concurrently=True).status)

    threads = [threading.Thread(target=connect) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] * 5 + [429] * 7
    assert Connection.count() == 5


def test_disconnect_removes_the_connection_its_subscriptions_and_its_seat(
    ws: Ws, patient: dict[str, Any], approved_doctor: dict[str, Any], sender: RecordingSender
):
    topic = doctor_slots_topic(approved_doctor["doctor_id"])
    connection_id = ws.watch(patient["token"], topic)

    ws.disconnect(connection_id)

    assert Connection.count() == 0
    assert Subscription.count(topic) == 0 and Subscription.count(user_topic(patient["user_id"])) == 0
    assert all(not key.key.startswith("wsseat#") for key in UniqueKey.scan())
    sender.clear()
    publish([Outgoing(topic, "slot-added", {}), Outgoing(user_topic(patient["user_id"]), "notification", {})])
    assert sender.posts == 0


def test_a_second_disconnect_of_the_same_connection_is_harmless(ws: Ws, patient: dict[str, Any]):
    connection_id = ws.open(patient["token"])
    ws.disconnect(connection_id)

    ws.disconnect(connection_id)

    assert Connection.count() == 0


def test_a_seat_taken_over_after_expiry_stays_with_its_new_holder(
    ws: Ws, patient: dict[str, Any], clock: FakeClock, api: Api, configure
):
    configure(DOCSPOT_WS_MAX_CONNECTIONS_PER_USER="1")
    stale = ws.open(patient["token"])
    clock.advance(hours=2, seconds=1)
    fresh = ws.open(login(api, "pat@example.com")["access_token"])

    ws.disconnect(stale)

    seat = UniqueKey.get(f"wsseat#{patient['user_id']}#0")
    assert seat.owner_id == fresh
    assert ws.connect(login(api, "pat@example.com")["access_token"]).status == 429
