"""The side effects of a change come from the DynamoDB streams (services/effects), at least once from the
stream and exactly once to the people: a batch delivered twice, a consumer killed mid batch and an effect that
keeps failing, through the same delivery the local stack runs (local/streams.py) and the app's consumers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import app as app_module
from chalicelib.config import get_settings
from chalicelib.services.core import announce
from chalicelib.services.core.announce import Happening
from chalicelib.services.effects import consumer
from local.streams import STREAMED, Delivery, StreamReader, dead_letters, sqs_parker
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import RecordingMailer
from tests.support.ws import Ws

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CONSUMERS = {"slots": app_module.slot_effects, "appointments": app_module.appointment_effects}


class Killed(BaseException):
    """What a process killed mid batch looks like to the code after it: nothing below it runs, nothing catches it."""


@pytest.fixture
def reader(api: Api) -> StreamReader:
    """Reads the streams by hand: the requests of these tests are not drained after each."""
    api.after = None
    settings = get_settings()
    return StreamReader(settings.region, {table: settings.table_name(table) for table in STREAMED})


def person(api: Api, email: str, name: str) -> dict[str, Any]:
    register_patient(api, email=email, name=name)
    pair = login(api, email)
    return {"user_id": pair["user"]["user_id"], "token": pair["access_token"], "email": email}


def book(api: Api, token: str, slot_id: str) -> str:
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "check-up"}, token)
    assert reply.status == 201, reply.body
    return str(reply.body["appointment_id"])


def deliver(reader: StreamReader, parked: list[dict[str, Any]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Reads what is new on each stream and delivers it; returns the records, to deliver again."""
    read = {table: reader.read(table) for table in STREAMED}
    for table in STREAMED:
        Delivery(CONSUMERS[table], (parked if parked is not None else []).append).deliver(read[table])
    return read


def booking_mail(mailer: RecordingMailer) -> list[tuple[str, str]]:
    return sorted((email.to, email.kind) for email in mailer.sent if email.kind.startswith("appointment-"))


def test_a_booking_mails_both_parties_and_pushes_to_both_once(
    api: Api, ws: Ws, approved_doctor: dict[str, Any], mailer: RecordingMailer
):
    paula = person(api, "paula@example.com", "Paula Patient")
    doctor_socket, patient_socket = ws.open(approved_doctor["token"]), ws.open(paula["token"])
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)

    book(api, paula["token"], slot_id)

    assert booking_mail(mailer) == [
        ("approved@example.com", "appointment-booked-doctor"),
        ("paula@example.com", "appointment-booked"),
    ]
    assert [m["type"] for m in ws.pushed(doctor_socket)] == ["new-appointment"]
    assert [m["type"] for m in ws.pushed(patient_socket)] == ["new-appointment"]


def test_the_request_itself_sends_nothing(
    api: Api, reader: StreamReader, approved_doctor: dict[str, Any], mailer: RecordingMailer
):
    paula = person(api, "paula@example.com", "Paula Patient")
    mailer.sent.clear()

    book(api, paula["token"], make_slot(approved_doctor["doctor_id"], TOMORROW_10))
    assert booking_mail(mailer) == []

    deliver(reader)
    assert len(booking_mail(mailer)) == 2


def test_a_batch_delivered_twice_sends_each_mail_and_push_once(
    api: Api, ws: Ws, reader: StreamReader, approved_doctor: dict[str, Any], mailer: RecordingMailer
):
    paula = person(api, "paula@example.com", "Paula Patient")
    doctor_socket = ws.open(approved_doctor["token"])
    appointment_id = book(api, paula["token"], make_slot(approved_doctor["doctor_id"], TOMORROW_10))
    api.post(f"/appointments/{appointment_id}/cancel", {"reason": "better"}, paula["token"])

    records = deliver(reader)
    first_mail, first_pushes = booking_mail(mailer), ws.pushed(doctor_socket)
    for table in STREAMED:
        Delivery(CONSUMERS[table], lambda record: None).deliver(records[table])

    assert len(first_mail) == 4  # booked and cancelled, to each party
    assert [m["type"] for m in first_pushes] == ["new-appointment", "appointment-cancelled"]
    assert booking_mail(mailer) == first_mail
    assert ws.pushed(doctor_socket) == first_pushes


def test_a_consumer_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    api: Api, reader: StreamReader, approved_doctor: dict[str, Any], mailer: RecordingMailer, monkeypatch
):
    patients = [person(api, f"p{n}@example.com", f"Patient {n}") for n in range(3)]
    for n, patient in enumerate(patients):
        book(api, patient["token"], make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=n)))
    records = reader.read("appointments")
    assert len(records) == 3
    real = consumer.change_of
    seen: list[str] = []

    def dies_at_the_second_record(record: dict[str, Any]) -> Any:
        seen.append(record["dynamodb"]["SequenceNumber"])
        if len(seen) == 2:
            raise Killed
        return real(record)

    monkeypatch.setattr(consumer, "change_of", dies_at_the_second_record)
    with pytest.raises(Killed):
        Delivery(app_module.appointment_effects, lambda record: None).deliver(records)
    assert [to for to, kind in booking_mail(mailer) if kind == "appointment-booked"] == ["p0@example.com"]

    monkeypatch.setattr(consumer, "change_of", real)
    Delivery(app_module.appointment_effects, lambda record: None).deliver(records)  # the whole batch, again

    patients_mail = sorted(to for to, kind in booking_mail(mailer) if kind == "appointment-booked")
    assert patients_mail == ["p0@example.com", "p1@example.com", "p2@example.com"]


def test_an_effect_that_keeps_failing_is_parked_in_the_dead_letter_queue_and_the_others_go_once(
    api: Api, reader: StreamReader, approved_doctor: dict[str, Any], mailer: RecordingMailer
):
    paula = person(api, "paula@example.com", "Paula Patient")
    tries: list[int] = []

    def broken(happenings: Sequence[Happening]) -> None:
        tries.append(1)
        raise RuntimeError("this effect always fails")

    stop = announce.listen(broken)
    try:
        appointment_id = book(api, paula["token"], make_slot(approved_doctor["doctor_id"], TOMORROW_10))
        region = get_settings().region
        delivery = Delivery(app_module.appointment_effects, sqs_parker(region))
        delivery.deliver(reader.read("appointments"))
    finally:
        stop()

    assert len(tries) == 1 + delivery.max_retries
    (letter,) = dead_letters(region)
    assert letter["Keys"] == {"appointment_id": {"S": appointment_id}}
    assert letter["eventSourceARN"].split("/")[1] == get_settings().table_name("appointments")
    assert "NewImage" not in letter  # the images may hold health data: only where the record was
    assert len(booking_mail(mailer)) == 2  # the mail went once, however often the record came back


def test_changes_that_tell_no_one_make_no_effects(
    api: Api, reader: StreamReader, approved_doctor: dict[str, Any], mailer: RecordingMailer
):
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, approved_doctor["token"])
    mailer.sent.clear()
    heard: list[Happening] = []
    stop = announce.listen(heard.extend)
    try:
        deliver(reader)
    finally:
        stop()
    assert heard == [] and mailer.sent == []
