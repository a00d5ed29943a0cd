"""Live updates end to end: real WebSocket clients against the local stack, the app's WebSocket handlers run by
its workers, pushes through the stack's ``@connections`` management API.

Each test signs up patients of its own and publishes slots of its own (on days of their own), so what one
client receives comes from that test alone.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import httpx
import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.support.stack import WORKER_HEADER, Account, PublishedSlot, Stack, bearer, login_account, race

pytestmark = pytest.mark.stack

# The bar for a watcher to learn of another patient's lock.
LIVE_WITHIN_SECONDS = 1.0
RECEIVE_TIMEOUT = 10.0


@contextmanager
def live(stack: Stack, token: str) -> Iterator[ClientConnection]:
    with connect(f"{stack.ws}?token={token}", open_timeout=RECEIVE_TIMEOUT) as socket:
        yield socket


def ask(socket: ClientConnection, message: dict[str, Any]) -> dict[str, Any]:
    socket.send(json.dumps(message))
    return dict(json.loads(socket.recv(timeout=RECEIVE_TIMEOUT)))


def watch_doctor(socket: ClientConnection, doctor_id: str) -> None:
    topic = f"doctor#{doctor_id}#slots"
    answer = ask(socket, {"action": "subscribe", "topic": topic})
    assert answer["type"] == "subscribed", answer
    assert answer["data"]["topic"] == topic


def wait_for(
    socket: ClientConnection, kind: str, matches: Callable[[dict[str, Any]], bool]
) -> tuple[dict[str, Any], float]:
    """The first message of type ``kind`` that ``matches`` its data, and when it arrived (``time.monotonic``);
    other messages are passed over."""
    deadline = time.monotonic() + RECEIVE_TIMEOUT
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = json.loads(socket.recv(timeout=left))
        except TimeoutError:
            break
        arrived = time.monotonic()
        seen.append(message)
        if message.get("type") == kind and matches(message.get("data") or {}):
            return message, arrived
    raise AssertionError(f"no {kind} within {RECEIVE_TIMEOUT} s; received {seen}")


def of_slot(slot: PublishedSlot) -> Callable[[dict[str, Any]], bool]:
    return lambda data: data.get("slot_id") == slot.slot_id


def register_patient(stack: Stack) -> Account:
    email = f"live-{uuid.uuid4().hex[:8]}@example.com"
    with stack.client() as http:
        reply = http.post(
            "/auth/register",
            json={"role": "patient", "email": email, "password": "live-password", "name": "Lee Live"},
        )
        assert reply.status_code == 201, reply.text
        return login_account(http, email, "live-password")


@pytest.fixture
def new_patient(stack: Stack) -> Callable[[], Account]:
    return lambda: register_patient(stack)


@pytest.fixture(scope="module")
def warm_workers(stack: Stack, new_race_slot: Callable[[], PublishedSlot]) -> None:
    """Every worker process has held a slot and pushed the news once before the timed test.

    A worker's first hold and first push import code and build clients (the management API's boto3 client, the
    subscriptions table's connection): half a second or more on a busy machine, once per process, as a Lambda's
    cold start. The 1-second bar is for a warm stack; ``bench/ws_latency.py`` reports cold pushes too. Holds
    sent together land on different workers (each takes the next event when free): rounds go on until every
    worker has served one."""
    served: set[str] = set()
    for _ in range(5):
        patients = [register_patient(stack) for _ in range(stack.workers)]
        slots = [new_race_slot() for _ in range(stack.workers)]
        with live(stack, patients[0].token) as socket:
            watch_doctor(socket, slots[0].doctor_id)
            calls = [lock_call(patient, slot) for patient, slot in zip(patients, slots, strict=True)]
            answers = race(stack, calls)
            pending = {slot.slot_id for slot in slots}
            while pending:
                message, _ = wait_for(
                    socket, "slot-locked", lambda data, waiting=pending: data.get("slot_id") in waiting
                )
                pending.discard(message["data"]["slot_id"])
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        served |= {a.headers[WORKER_HEADER] for a in answers}
        if len(served) == stack.workers:
            return
    pytest.fail(f"only {len(served)} of {stack.workers} workers served a hold")


def lock_call(patient: Account, slot: PublishedSlot) -> Callable[[httpx.Client], httpx.Response]:
    return lambda http: http.post(f"/slots/{slot.slot_id}/lock", headers=bearer(patient.token))


def hold(http: httpx.Client, patient: Account, slot: PublishedSlot) -> float:
    """Locks the slot; returns when the request was sent."""
    sent = time.monotonic()
    reply = http.post(f"/slots/{slot.slot_id}/lock", headers=bearer(patient.token))
    assert reply.status_code == 200, reply.text
    return sent


def book(http: httpx.Client, patient: Account, slot: PublishedSlot) -> dict[str, Any]:
    reply = http.post(
        "/appointments",
        json={"slot_id": slot.slot_id, "reason_for_visit": "live test"},
        headers=bearer(patient.token),
    )
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


@pytest.mark.usefixtures("warm_workers")
def test_two_patients_watching_a_doctor_see_each_others_locks_and_bookings_live(
    stack: Stack,
    http: httpx.Client,
    new_patient: Callable[[], Account],
    new_race_slot: Callable[[], PublishedSlot],
) -> None:
    a, b = new_patient(), new_patient()
    first, second = new_race_slot(), new_race_slot()
    with live(stack, a.token) as a_socket, live(stack, b.token) as b_socket:
        watch_doctor(a_socket, first.doctor_id)
        watch_doctor(b_socket, first.doctor_id)

        a_locked = hold(http, a, first)
        locked, b_saw_lock = wait_for(b_socket, "slot-locked", of_slot(first))
        b_locked = hold(http, b, second)
        _, a_saw_lock = wait_for(a_socket, "slot-locked", of_slot(second))

        book(http, a, first)
        booked, _ = wait_for(b_socket, "slot-booked", of_slot(first))
        book(http, b, second)
        wait_for(a_socket, "slot-booked", of_slot(second))

    assert b_saw_lock - a_locked < LIVE_WITHIN_SECONDS
    assert a_saw_lock - b_locked < LIVE_WITHIN_SECONDS
    assert locked["data"]["doctor_id"] == first.doctor_id
    assert locked["data"]["expires_at"]
    assert booked["data"]["doctor_id"] == first.doctor_id
    assert a.user_id not in json.dumps(booked), "a slot event says nothing of who booked it"


def test_doctor_sees_a_new_appointment_live(
    stack: Stack,
    http: httpx.Client,
    race_doctor_token: str,
    new_patient: Callable[[], Account],
    new_race_slot: Callable[[], PublishedSlot],
) -> None:
    patient = new_patient()
    slot = new_race_slot()
    with live(stack, race_doctor_token) as doctor_socket:
        assert ask(doctor_socket, {"action": "ping"})["type"] == "pong"

        appointment = book(http, patient, slot)
        news, _ = wait_for(
            doctor_socket, "new-appointment", lambda d: d.get("appointment_id") == appointment["appointment_id"]
        )

    assert news["data"]["doctor_id"] == slot.doctor_id
    assert news["data"]["status"] == "SCHEDULED"
    assert news["at"]
    assert "live test" not in json.dumps(news), "a push carries no reason for visit"


def test_patient_subscribing_to_the_admin_topic_is_refused(stack: Stack, new_patient: Callable[[], Account]) -> None:
    with live(stack, new_patient().token) as socket:
        answer = ask(socket, {"action": "subscribe", "topic": "admin"})
        still_usable = ask(socket, {"action": "ping"})

    assert answer["type"] == "error"
    assert answer["data"]["code"] == "FORBIDDEN_TOPIC"
    assert still_usable["type"] == "pong"


def test_connecting_without_a_valid_token_is_refused(stack: Stack) -> None:
    for query in ("", "?token=not-a-token"):
        with pytest.raises(InvalidStatus) as refused:
            connect(f"{stack.ws}{query}", open_timeout=RECEIVE_TIMEOUT)

        assert refused.value.response.status_code == 401
        error = json.loads(refused.value.response.body or b"")["error"]
        assert error["code"] and error["message"]


def test_closed_connection_is_cleaned_up(
    stack: Stack, new_patient: Callable[[], Account], race_doctor: tuple[str, str]
) -> None:
    patient = new_patient()
    doctor_id, _ = race_doctor
    tables = StackTables(stack)
    with live(stack, patient.token) as socket:
        watch_doctor(socket, doctor_id)
        [connection_id] = tables.connections_of(patient.user_id)
        subscribed = tables.subscribers(f"doctor#{doctor_id}#slots")

    deadline = time.monotonic() + RECEIVE_TIMEOUT
    while tables.connections_of(patient.user_id) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert connection_id in subscribed
    assert tables.connections_of(patient.user_id) == []
    assert connection_id not in tables.subscribers(f"doctor#{doctor_id}#slots")
    assert connection_id not in tables.subscribers(f"user#{patient.user_id}")
    with pytest.raises(ClientError) as gone:
        stack.management().post_to_connection(ConnectionId=connection_id, Data=b"still there?")
    assert gone.value.response["Error"]["Code"] == "GoneException"


class StackTables:
    """The stack's connections and subscriptions, read from its moto as an operator would read DynamoDB."""

    def __init__(self, stack: Stack) -> None:
        state = json.loads(stack.state.read_text())
        self.dynamodb = boto3.resource(
            "dynamodb",
            endpoint_url=state["moto_endpoint"],
            region_name=state["region"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        self.prefix = f"docspot-{state['stage']}-"

    def connections_of(self, user_id: str) -> list[str]:
        table = self.dynamodb.Table(self.prefix + "connections")
        items = table.query(IndexName="user-index", KeyConditionExpression=Key("user_id").eq(user_id))["Items"]
        return [str(item["connection_id"]) for item in items]

    def subscribers(self, topic: str) -> list[str]:
        table = self.dynamodb.Table(self.prefix + "subscriptions")
        items = table.query(KeyConditionExpression=Key("topic").eq(topic))["Items"]
        return [str(item["connection_id"]) for item in items]


def test_a_booking_s_mail_and_both_pushes_arrive_once_from_the_streams(
    stack: Stack,
    http: httpx.Client,
    race_doctor_token: str,
    new_patient: Callable[[], Account],
    new_race_slot: Callable[[], PublishedSlot],
) -> None:
    """The booking's request writes; the stack's stream poller runs the consumer that mails and pushes
    (local/streams.py), once, however long the sockets keep listening."""
    patient = new_patient()
    slot = new_race_slot()
    with live(stack, race_doctor_token) as doctor_socket, live(stack, patient.token) as patient_socket:
        appointment = book(http, patient, slot)
        mine = lambda d: d.get("appointment_id") == appointment["appointment_id"]  # noqa: E731
        wait_for(doctor_socket, "new-appointment", mine)
        wait_for(patient_socket, "new-appointment", mine)
        time.sleep(1.5)  # anything sent twice would have come by now
        again = [drained(socket) for socket in (doctor_socket, patient_socket)]

    assert [m for messages in again for m in messages if mine(m.get("data") or {})] == []
    deadline = time.monotonic() + RECEIVE_TIMEOUT
    while time.monotonic() < deadline:
        mail = httpx.get(f"{stack.url}/_local/mail.json", timeout=30, trust_env=False).json()["items"]
        kinds = [m["kind"] for m in mail if any(patient.email in to for to in m["to"])]
        if "appointment-booked" in kinds:
            break
        time.sleep(0.1)
    time.sleep(1.0)
    mail = httpx.get(f"{stack.url}/_local/mail.json", timeout=30, trust_env=False).json()["items"]
    assert [m["kind"] for m in mail if any(patient.email in to for to in m["to"])].count("appointment-booked") == 1


def drained(socket: ClientConnection) -> list[dict[str, Any]]:
    """What the socket has received and not yet been read."""
    messages = []
    while True:
        try:
            messages.append(json.loads(socket.recv(timeout=0.1)))
        except TimeoutError:
            return messages
