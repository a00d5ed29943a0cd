"""Client messages (docs/api.md, "WebSocket (live updates)"): subscribe, unsubscribe, ping; each answered on its
connection, a bad one with an error code, never an exception; and at most so many per second."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.connections import Connection
from chalicelib.models.subscriptions import Subscription
from chalicelib.services.realtime._events import Outgoing
from chalicelib.services.realtime.fanout import publish
from chalicelib.services.realtime.topics import doctor_slots_topic
from tests.support.accounts import admin_create_doctor
from tests.support.api import Api
from tests.support.fakes import FakeClock, RecordingSender
from tests.support.ws import Ws

# A slot event as the fan-out makes them (each pushed message is checked against the AsyncAPI document).
SLOT_ADDED = {"slot_id": "s", "doctor_id": "d", "start": "2026-12-01T09:00:00Z", "state": "available"}


@pytest.fixture
def patient_ws(ws: Ws, patient_token: str) -> str:
    return ws.open(patient_token)


def error_code(answer: dict[str, Any]) -> str:
    assert answer["type"] == "error", answer
    assert answer["data"]["message"], answer
    return str(answer["data"]["code"])


def test_ping_is_answered_with_pong(ws: Ws, patient_ws: str):
    assert ws.send(patient_ws, {"action": "ping"}) == {"type": "pong", "data": {}, "at": "2026-12-01T09:00:00.000Z"}


def test_any_signed_in_user_may_watch_a_doctors_slots(ws: Ws, patient_ws: str, approved_doctor: dict[str, Any]):
    topic = doctor_slots_topic(approved_doctor["doctor_id"])

    answer = ws.subscribe(patient_ws, topic)

    assert answer["type"] == "subscribed" and answer["data"] == {"topic": topic}
    publish([Outgoing(topic, "slot-added", SLOT_ADDED)])
    assert [m["type"] for m in ws.pushed(patient_ws)] == ["slot-added"]


def test_subscribing_twice_is_harmless(ws: Ws, patient_ws: str, approved_doctor: dict[str, Any]):
    topic = doctor_slots_topic(approved_doctor["doctor_id"])
    ws.subscribe(patient_ws, topic)

    assert ws.subscribe(patient_ws, topic)["type"] == "subscribed"

    publish([Outgoing(topic, "slot-added", SLOT_ADDED)])
    assert len(ws.pushed(patient_ws)) == 1


def test_a_patient_may_not_watch_the_admin_monitor(ws: Ws, patient_ws: str):
    assert error_code(ws.subscribe(patient_ws, "admin")) == "FORBIDDEN_TOPIC"
    assert Subscription.count("admin") == 0


def test_an_approved_doctor_may_not_watch_the_admin_monitor_either(ws: Ws, approved_doctor: dict[str, Any]):
    connection_id = ws.open(approved_doctor["token"])

    assert error_code(ws.subscribe(connection_id, "admin")) == "FORBIDDEN_TOPIC"


def test_an_admin_may_watch_the_admin_monitor(ws: Ws, admin_token: str):
    connection_id = ws.open(admin_token)

    assert ws.subscribe(connection_id, "admin")["type"] == "subscribed"


def test_nobody_may_watch_another_users_topic(ws: Ws, patient_ws: str, admin_token: str, approved_doctor):
    assert error_code(ws.subscribe(patient_ws, f"user#{approved_doctor['doctor_id']}")) == "FORBIDDEN_TOPIC"
    admin = ws.open(admin_token)
    assert error_code(ws.subscribe(admin, f"user#{approved_doctor['doctor_id']}")) == "FORBIDDEN_TOPIC"


@pytest.mark.parametrize(
    "topic",
    ["doctors", "doctor#x", "doctor#abc#slots#more", "doctor##slots", "user#", "ADMIN", "doctor#a b#slots", "x" * 128],
)
def test_an_unknown_topic_is_refused(ws: Ws, patient_ws: str, topic: str):
    assert error_code(ws.subscribe(patient_ws, topic)) == "UNKNOWN_TOPIC"


def test_a_doctor_that_does_not_exist_has_no_topic(ws: Ws, patient_ws: str):
    assert error_code(ws.subscribe(patient_ws, doctor_slots_topic("nobody"))) == "UNKNOWN_TOPIC"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "",
        "[1, 2]",
        '"ping"',
        '{"action": "dance"}',
        '{"action": "subscribe"}',
        '{"action": "unsubscribe", "topic": ""}',
        '{"action": "ping", "extra": 1}',
        '{"action": "subscribe", "topic": 7}',
        "[" * 10000 + "]" * 10000,
        '{"action": "ping", "pad": "' + "x" * 5000 + '"}',
    ],
)
def test_a_bad_message_is_answered_with_an_error_and_the_connection_stays_usable(ws: Ws, patient_ws: str, body: str):
    assert error_code(ws.send(patient_ws, body)) == "BAD_MESSAGE"
    assert ws.send(patient_ws, {"action": "ping"})["type"] == "pong"


def test_unsubscribing_stops_the_events(ws: Ws, patient_ws: str, approved_doctor: dict[str, Any]):
    topic = doctor_slots_topic(approved_doctor["doctor_id"])
    ws.subscribe(patient_ws, topic)

    answer = ws.send(patient_ws, {"action": "unsubscribe", "topic": topic})

    assert answer["type"] == "unsubscribed" and answer["data"] == {"topic": topic}
    assert Subscription.count(topic) == 0
    publish([Outgoing(topic, "slot-added", SLOT_ADDED)])
    assert ws.pushed(patient_ws) == []


def test_unsubscribing_from_a_topic_not_watched_is_harmless(ws: Ws, patient_ws: str, approved_doctor):
    topic = doctor_slots_topic(approved_doctor["doctor_id"])

    assert ws.send(patient_ws, {"action": "unsubscribe", "topic": topic})["type"] == "unsubscribed"


def test_the_personal_topic_cannot_be_left(ws: Ws, patient_ws: str):
    personal = Connection.get(patient_ws).user_id

    assert error_code(ws.send(patient_ws, {"action": "unsubscribe", "topic": f"user#{personal}"})) == "PERSONAL_TOPIC"


def test_a_connection_sends_at_most_ten_messages_a_second(ws: Ws, patient_ws: str, clock: FakeClock):
    answers = [ws.send(patient_ws, {"action": "ping"})["type"] for _ in range(11)]

    assert answers == ["pong"] * 10 + ["error"]
    assert error_code(ws.send(patient_ws, {"action": "ping"})) == "RATE_LIMITED"
    clock.advance(seconds=1)
    assert ws.send(patient_ws, {"action": "ping"})["type"] == "pong"


def test_excess_messages_are_refused_not_acted_on(ws: Ws, patient_ws: str, approved_doctor: dict[str, Any]):
    for _ in range(10):
        ws.send(patient_ws, {"action": "ping"})

    answer = ws.subscribe(patient_ws, doctor_slots_topic(approved_doctor["doctor_id"]))

    assert error_code(answer) == "RATE_LIMITED"
    assert Subscription.count(doctor_slots_topic(approved_doctor["doctor_id"])) == 0


def test_bad_messages_count_against_the_limit_too(ws: Ws, patient_ws: str):
    for _ in range(10):
        ws.send(patient_ws, "not json")

    assert error_code(ws.send(patient_ws, {"action": "ping"})) == "RATE_LIMITED"


def test_the_message_limit_is_per_connection(ws: Ws, patient_ws: str, patient_token: str):
    for _ in range(10):
        ws.send(patient_ws, {"action": "ping"})

    other = ws.open(patient_token)

    assert ws.send(other, {"action": "ping"})["type"] == "pong"


def test_the_message_limit_is_configurable(ws: Ws, patient_token: str, configure):
    configure(DOCSPOT_WS_MAX_MESSAGES_PER_SECOND="2")
    connection_id = ws.open(patient_token)

    answers = [ws.send(connection_id, {"action": "ping"})["type"] for _ in range(3)]

    assert answers == ["pong", "pong", "error"]


def test_a_connection_watches_a_bounded_number_of_topics(
    ws: Ws, api: Api, patient_token: str, admin_token: str, specialty: dict[str, Any], configure
):
    configure(DOCSPOT_WS_MAX_TOPICS="3")
    doctors = [
        admin_create_doctor(api, admin_token, specialty["specialty_id"], f"d{i}@example.com", f"LIC-9{i}")
        for i in range(3)
    ]
    connection_id = ws.open(patient_token)

    answers = [ws.subscribe(connection_id, doctor_slots_topic(d["doctor_id"])) for d in doctors]

    assert [a["type"] for a in answers] == ["subscribed", "subscribed", "error"]
    assert answers[2]["data"]["code"] == "TOO_MANY_TOPICS"


def test_a_message_on_an_expired_connection_is_refused(ws: Ws, patient_ws: str, clock: FakeClock):
    clock.advance(hours=2, seconds=1)

    assert error_code(ws.send(patient_ws, {"action": "ping"})) == "NOT_CONNECTED"


def test_an_answer_to_a_closed_connection_deletes_it(ws: Ws, patient_ws: str, sender: RecordingSender):
    sender.gone.add(patient_ws)

    ws.invoke("$default", patient_ws, body='{"action": "ping"}')

    assert Connection.count() == 0


def test_an_unexpected_failure_is_answered_not_raised(
    ws: Ws, patient_ws: str, monkeypatch: pytest.MonkeyPatch, approved_doctor: dict[str, Any]
):
    from chalicelib.services.realtime import _connections as connections

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(connections, "subscribe", broken)

    answer = ws.subscribe(patient_ws, doctor_slots_topic(approved_doctor["doctor_id"]))

    assert error_code(answer) == "INTERNAL"
    assert "fire" not in answer["data"]["message"]


def test_a_burst_across_a_second_boundary_is_held_to_ten_a_second(ws: Ws, patient_ws: str, clock: FakeClock):
    # Given a client that sends 10 messages at x.95 s
    clock.current = clock.current.replace(microsecond=950_000)
    assert [ws.send(patient_ws, {"action": "ping"})["type"] for _ in range(10)] == ["pong"] * 10
    # When it sends 10 more at (x+1).05 s, a tenth of a second later but in the next calendar second
    clock.advance(milliseconds=100)
    answers = [ws.send(patient_ws, {"action": "ping"})["type"] for _ in range(10)]
    # Then only what a tenth of a second refilled (one message) goes through
    assert answers == ["pong"] + ["error"] * 9


def test_a_client_under_ten_a_second_is_never_refused_whatever_the_calendar_second(
    ws: Ws, patient_ws: str, clock: FakeClock
):
    # Given a client that sends in bursts: 5 at once, then 6 spread over the next 0.6 s (11 in one calendar
    # second, yet never more than the bucket holds), and then 150 more at 9 a second
    clock.current = clock.current.replace(microsecond=0)
    answers = [ws.send(patient_ws, {"action": "ping"})["type"] for _ in range(5)]
    for _ in range(6):
        clock.advance(milliseconds=100)
        answers.append(ws.send(patient_ws, {"action": "ping"})["type"])
    for _ in range(150):
        clock.advance(milliseconds=111)
        answers.append(ws.send(patient_ws, {"action": "ping"})["type"])
    # Then every one of them is answered
    assert answers == ["pong"] * 161
