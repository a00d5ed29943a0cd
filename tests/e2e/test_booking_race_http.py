"""Races for one slot over real HTTP, against the local stack's worker processes (ISSUE 3, "Tests").

Each patient is a thread with its own connection; all leave together from a barrier, and the stack's workers
(separate processes, as Lambdas are) run the requests side by side against moto, whose requests are atomic as
DynamoDB's are (local/moto_backend.py). Whatever the interleaving, the database must let exactly one through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from tests.support.stack import WORKER_HEADER, Account, PublishedSlot, Stack, bearer, error_code, race

pytestmark = pytest.mark.stack

LOSING_BOOKING_CODES = {"SLOT_TAKEN", "SLOT_LOCKED"}


def unexpected(answers: list[httpx.Response]) -> list[tuple[int, str]]:
    return [(a.status_code, a.text) for a in answers if a.status_code != 409]


def doctors_appointments_on(http: httpx.Client, doctor_token: str, slot: PublishedSlot) -> list[dict[str, object]]:
    reply = http.get(
        "/appointments",
        params={"from": slot.start.isoformat(), "to": slot.end.isoformat(), "limit": 100},
        headers=bearer(doctor_token),
    )
    assert reply.status_code == 200, reply.text
    return [a for a in reply.json()["items"] if a["slot_id"] == slot.slot_id]


def slot_state(http: httpx.Client, slot: PublishedSlot) -> str:
    reply = http.get(
        f"/doctors/{slot.doctor_id}/slots", params={"from": slot.start.isoformat(), "to": slot.end.isoformat()}
    )
    assert reply.status_code == 200, reply.text
    (listed,) = [s for s in reply.json()["items"] if s["slot_id"] == slot.slot_id]
    return str(listed["state"])


def book(slot: PublishedSlot, patient: Account, key: str | None = None) -> Callable[[httpx.Client], httpx.Response]:
    headers = bearer(patient.token) | ({"Idempotency-Key": key} if key else {})
    body = {"slot_id": slot.slot_id, "reason_for_visit": "checking who wins"}
    return lambda client: client.post("/appointments", json=body, headers=headers)


def test_fifty_patients_booking_one_slot_make_exactly_one_appointment(
    stack: Stack,
    http: httpx.Client,
    racers: list[Account],
    new_race_slot: Callable[[], PublishedSlot],
    race_doctor_token: str,
) -> None:
    slot = new_race_slot()

    answers = race(stack, [book(slot, patient) for patient in racers])

    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: 1, 409: len(racers) - 1}, unexpected(answers)
    losing_codes = Counter(error_code(a) for a in answers if a.status_code == 409)
    assert set(losing_codes) <= LOSING_BOOKING_CODES, losing_codes
    (won,) = [(patient, a.json()) for patient, a in zip(racers, answers, strict=True) if a.status_code == 201]
    winner, appointment = won
    assert appointment["patient"]["id"] == winner.user_id
    assert appointment["slot_id"] == slot.slot_id
    assert appointment["status"] == "SCHEDULED"
    on_the_slot = doctors_appointments_on(http, race_doctor_token, slot)
    assert [a["appointment_id"] for a in on_the_slot] == [appointment["appointment_id"]]
    assert slot_state(http, slot) == "booked"
    # The requests really ran side by side, in several worker processes.
    assert len({a.headers[WORKER_HEADER] for a in answers}) > 1


def test_fifty_patients_locking_one_slot_give_one_hold(
    stack: Stack, http: httpx.Client, racers: list[Account], new_race_slot: Callable[[], PublishedSlot]
) -> None:
    slot = new_race_slot()
    headers = [bearer(patient.token) for patient in racers]

    answers = race(stack, [lambda client, h=h: client.post(f"/slots/{slot.slot_id}/lock", headers=h) for h in headers])

    statuses = Counter(a.status_code for a in answers)
    assert statuses == {200: 1, 409: len(racers) - 1}, unexpected(answers)
    assert {error_code(a) for a in answers if a.status_code == 409} == {"SLOT_LOCKED"}
    (hold,) = [a.json() for a in answers if a.status_code == 200]
    assert hold["slot_id"] == slot.slot_id
    assert slot_state(http, slot) == "locked"
    assert len({a.headers[WORKER_HEADER] for a in answers}) > 1


def test_one_booking_sent_five_times_at_once_with_one_idempotency_key_makes_one_appointment(
    stack: Stack,
    http: httpx.Client,
    racers: list[Account],
    new_race_slot: Callable[[], PublishedSlot],
    race_doctor_token: str,
) -> None:
    slot = new_race_slot()
    patient = racers[-1]
    send = book(slot, patient, key=f"retry-{slot.slot_id[:12]}")

    answers = race(stack, [send] * 5)

    booked = [a for a in answers if a.status_code == 201]
    in_progress = [a for a in answers if a.status_code == 409 and error_code(a) == "REQUEST_IN_PROGRESS"]
    assert len(booked) + len(in_progress) == 5, [(a.status_code, a.text) for a in answers]
    assert booked, "no attempt completed"
    ids = {a.json()["appointment_id"] for a in booked}
    assert len(ids) == 1
    on_the_slot = doctors_appointments_on(http, race_doctor_token, slot)
    assert [a["appointment_id"] for a in on_the_slot] == list(ids)
    # A retry after the first attempt finished answers the same appointment again.
    with stack.client() as client:
        again = send(client)
    assert again.status_code == 201, again.text
    assert again.json()["appointment_id"] in ids
