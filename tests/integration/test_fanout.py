"""The daily slot horizon and the reminders fan out over SQS: the schedules only enqueue, one message per batch of
doctors or per slice of the reminder window, and the queue consumers (Lambda's SQS event source) do the work, each
message idempotent, a failing record reported alone. Messages are really sent to and received from moto's SQS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from chalice.test import Client

from chalicelib.adapters.queues import HORIZON, REMINDERS, queue_name
from chalicelib.config import get_settings
from chalicelib.contracts.queues import HorizonBatch
from chalicelib.models.availability_rules import EXTENDING, AvailabilityRule
from chalicelib.models.slots import Slot
from chalicelib.models.unique_keys import UniqueKey
from local.queues import MAX_RECEIVES, Consumer, QueuePoller, consumers_of, handle_batch, sqs_event
from tests.support.accounts import admin_create_doctor, login
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingMailer

RULE: dict[str, Any] = {"weekdays": [1, 3], "start_time": "09:00", "end_time": "11:00", "duration_minutes": 30}
RULE["valid_from"] = "2026-11-01"
pytestmark = pytest.mark.usefixtures("one_backup_per_transaction")


def url(queue: str) -> str:
    return str(boto3.client("sqs").get_queue_url(QueueName=queue_name(get_settings().stage, queue))["QueueUrl"])


def receive_all(queue: str) -> list[dict[str, Any]]:
    """Every message waiting in the queue, received (and so invisible for the queue's visibility timeout)."""
    sqs, found = boto3.client("sqs"), []
    while batch := sqs.receive_message(QueueUrl=url(queue), MaxNumberOfMessages=10).get("Messages", []):
        found += batch
    return found


@pytest.fixture
def lambdas(api: Api) -> Iterator[Client]:
    from app import app

    with Client(app) as client:
        yield client


def run_schedule(client: Client, name: str) -> None:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    client.lambda_.invoke(name, event)


def consume(client: Client, function: str, queue: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The consumer's Lambda invoked with the event SQS's event source builds from these received messages."""
    event = sqs_event(queue_name(get_settings().stage, queue), messages, get_settings().region)
    reply: dict[str, Any] = client.lambda_.invoke(function, event).payload
    return reply


def doctors(api: Api, admin_token: str, specialty: dict[str, Any], count: int) -> list[dict[str, Any]]:
    made = []
    for i in range(count):
        email = f"doc{i}@example.com"
        body = admin_create_doctor(api, admin_token, specialty["specialty_id"], email=email, license_number=f"L-{i}")
        made.append({**body, "token": login(api, email)["access_token"]})
    return made


def with_rule(api: Api, doctor: dict[str, Any]) -> str:
    reply = api.post("/doctors/me/availability-rules", RULE, doctor["token"])
    assert reply.status == 201, reply.body
    return str(reply.body["rule"]["rule_id"])


def rule_row(doctor_id: str, rule_id: str, generated_until: str, extending: bool = True) -> None:
    AvailabilityRule(
        doctor_id=doctor_id,
        rule_id=rule_id,
        weekdays={1},
        start_time="09:00",
        end_time="10:00",
        duration_minutes=30,
        timezone="Europe/Berlin",
        valid_from="2026-12-01",
        generated_until=generated_until,
        extend_key=EXTENDING if extending else None,
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
    ).save()


def slots_and_guards(doctor_id: str) -> tuple[int, int]:
    slots = list(Slot.query(doctor_id))
    return len(slots), sum(1 for _ in UniqueKey.scan(UniqueKey.key.startswith(f"slotq#{doctor_id}")))


# The slot horizon -----------------------------------------------------------------------------------------------


def test_the_horizon_schedule_enqueues_one_message_per_batch_of_doctors_with_work(
    lambdas: Client, configure: Any
) -> None:
    # Given 7 doctors short of the horizon (one with two rules), one whose rule is done and one whose rule ended
    configure(DOCSPOT_HORIZON_BATCH_DOCTORS="3")
    for i in range(7):
        rule_row(f"doctor-{i}", "r1", "2026-12-20")
    rule_row("doctor-0", "r2", "2026-12-10")
    rule_row("doctor-done", "r1", "2027-06-30")
    rule_row("doctor-ended", "r1", "2026-12-20", extending=False)

    # When the daily schedule runs
    run_schedule(lambdas, "slot-horizon")

    # Then three messages name the seven doctors, each once
    bodies = [HorizonBatch.model_validate_json(m["Body"]) for m in receive_all(HORIZON)]
    assert sorted(len(b.doctor_ids) for b in bodies) == [1, 3, 3]
    assert sorted(d for b in bodies for d in b.doctor_ids) == [f"doctor-{i}" for i in range(7)]


def test_a_consumed_batch_extends_each_doctors_horizon_and_a_second_delivery_creates_nothing(
    api: Api, lambdas: Client, admin_token: str, specialty: dict[str, Any], clock: FakeClock
) -> None:
    # Given two doctors with weekly rules, a week later
    team = doctors(api, admin_token, specialty, 2)
    rules = {d["doctor_id"]: with_rule(api, d) for d in team}
    before = {d: slots_and_guards(d) for d in rules}
    clock.advance(days=7)

    # When the schedule enqueues and the consumer works the message
    run_schedule(lambdas, "slot-horizon")
    messages = receive_all(HORIZON)
    assert len(messages) == 1
    assert consume(lambdas, "horizon-batches", HORIZON, messages) == {"batchItemFailures": []}

    # Then each doctor's rule reached the new horizon, with the week's new slots (Wed 27 Jan and Mon 1 Feb)
    after = {d: slots_and_guards(d) for d in rules}
    for doctor_id, rule_id in rules.items():
        assert AvailabilityRule.get(doctor_id, rule_id).generated_until == "2027-02-01"
        assert after[doctor_id] == (before[doctor_id][0] + 8, before[doctor_id][1] + 8 * 6)  # a guard per 5 minutes
    # And the same message delivered again creates no slot and no guard twice
    assert consume(lambdas, "horizon-batches", HORIZON, messages) == {"batchItemFailures": []}
    assert {d: slots_and_guards(d) for d in rules} == after


def test_a_unit_redelivered_after_dying_half_way_finishes_without_duplicates(
    api: Api, lambdas: Client, admin_token: str, specialty: dict[str, Any], clock: FakeClock
) -> None:
    # Given a doctor whose slots of the new week were written but whose rule never recorded it (the Lambda died)
    (doctor,) = doctors(api, admin_token, specialty, 1)
    rule_id = with_rule(api, doctor)
    clock.advance(days=7)
    run_schedule(lambdas, "slot-horizon")
    messages = receive_all(HORIZON)
    consume(lambdas, "horizon-batches", HORIZON, messages)
    done = slots_and_guards(doctor["doctor_id"])
    AvailabilityRule(doctor_id=doctor["doctor_id"], rule_id=rule_id).update(
        actions=[AvailabilityRule.generated_until.set("2027-01-25")]
    )

    # When SQS delivers the message again
    assert consume(lambdas, "horizon-batches", HORIZON, messages) == {"batchItemFailures": []}

    # Then the rule is at the horizon again and no slot or guard exists twice
    assert AvailabilityRule.get(doctor["doctor_id"], rule_id).generated_until == "2027-02-01"
    assert slots_and_guards(doctor["doctor_id"]) == done


def test_a_failing_record_is_reported_alone_and_the_rest_of_the_batch_is_done(
    api: Api, lambdas: Client, admin_token: str, specialty: dict[str, Any], clock: FakeClock
) -> None:
    # Given a batch of two records, one of them no batch of doctors at all
    (doctor,) = doctors(api, admin_token, specialty, 1)
    rule_id = with_rule(api, doctor)
    clock.advance(days=7)
    sqs = boto3.client("sqs")
    sqs.send_message(
        QueueUrl=url(HORIZON), MessageBody=HorizonBatch(doctor_ids=[doctor["doctor_id"]]).model_dump_json()
    )
    sqs.send_message(QueueUrl=url(HORIZON), MessageBody='{"doctor_ids": []}')
    messages = receive_all(HORIZON)
    bad = next(m["MessageId"] for m in messages if "[]" in m["Body"])

    # When the consumer works the batch
    reply = consume(lambdas, "horizon-batches", HORIZON, messages)

    # Then only the bad record goes back to the queue, and the good one did its work
    assert reply == {"batchItemFailures": [{"itemIdentifier": bad}]}
    assert AvailabilityRule.get(doctor["doctor_id"], rule_id).generated_until == "2027-02-01"


# Reminders ------------------------------------------------------------------------------------------------------


def test_the_mail_schedule_enqueues_the_reminder_window_in_slices(lambdas: Client, clock: FakeClock) -> None:
    run_schedule(lambdas, "mail")

    bodies = sorted((m["Body"] for m in receive_all(REMINDERS)), key=len)
    assert len(bodies) == 25  # 24 hours of 60-minute slices, and the minute past the window's end
    starts = sorted(datetime.fromisoformat(b.split('"start":"')[1].split('"')[0]) for b in bodies)
    assert starts[0] == clock.now() and starts[-1] == clock.now() + timedelta(hours=24)


def test_reminders_through_the_queue_are_sent_exactly_once(
    api: Api,
    lambdas: Client,
    approved_doctor: dict[str, Any],
    patient_token: str,
    mailer: RecordingMailer,
    clock: FakeClock,
) -> None:
    # Given an appointment 20 hours ahead and one 30 minutes ahead (booked yesterday)
    for start in (clock.now() + timedelta(hours=20), clock.now() + timedelta(minutes=30)):
        clock.advance(days=-1)
        reply = api.post("/appointments", {"slot_id": make_slot(approved_doctor["doctor_id"], start)}, patient_token)
        assert reply.status == 201, reply.body
        clock.advance(days=1)

    # When two schedule runs enqueue their slices and every slice is delivered twice
    run_schedule(lambdas, "mail")
    run_schedule(lambdas, "mail")
    messages = receive_all(REMINDERS)
    assert len(messages) == 50
    for _ in range(2):
        for first in range(0, len(messages), 5):
            assert consume(lambdas, "reminder-slices", REMINDERS, messages[first : first + 5]) == {
                "batchItemFailures": []
            }

    # Then the patient got the 24-hour reminder of one and the 1-hour reminder of the other, once each
    kinds = sorted(m.kind for m in mailer.to("pat@example.com") if m.kind.startswith("reminder-"))
    assert kinds == ["reminder-1h", "reminder-24h"]


# The local stack's poller ---------------------------------------------------------------------------------------


class InProcess:
    """The worker pool's ``call``, in this process (the app is the one the test client serves)."""

    def call(self, fn: Any, *args: Any, timeout: float) -> Any:
        return fn(*args)


@pytest.fixture
def in_process_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import app
    from local import workers

    monkeypatch.setattr(workers, "_app", app)


def test_the_local_poller_drains_a_queue_and_parks_a_record_that_always_fails(
    api: Api, in_process_worker: None, admin_token: str, specialty: dict[str, Any], clock: FakeClock
) -> None:
    # Given a good batch and one that can never be worked, on a queue that redelivers at once
    from app import app

    (doctor,) = doctors(api, admin_token, specialty, 1)
    rule_id = with_rule(api, doctor)
    clock.advance(days=7)
    sqs = boto3.client("sqs")
    sqs.set_queue_attributes(QueueUrl=url(HORIZON), Attributes={"VisibilityTimeout": "0"})
    sqs.send_message(
        QueueUrl=url(HORIZON), MessageBody=HorizonBatch(doctor_ids=[doctor["doctor_id"]]).model_dump_json()
    )
    sqs.send_message(QueueUrl=url(HORIZON), MessageBody="not json")
    (consumer,) = [c for c in consumers_of(app, get_settings().stage) if c.function == "horizon-batches"]
    poller = QueuePoller(InProcess(), [consumer], get_settings().region)

    # When the poller drains it until it is empty
    rounds = 0
    while poller.drain_once(sqs, url(HORIZON), consumer):
        rounds += 1

    # Then the good batch was worked once and deleted, and the bad one went to the dead-letter queue
    assert AvailabilityRule.get(doctor["doctor_id"], rule_id).generated_until == "2027-02-01"
    assert rounds == MAX_RECEIVES
    dlq = sqs.get_queue_url(QueueName=f"{consumer.queue}-dlq")["QueueUrl"]
    parked = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in parked] == ["not json"]


def test_a_consumer_that_raises_fails_every_record_of_its_batch(in_process_worker: None, aws: None) -> None:
    event = sqs_event("q", [{"MessageId": "m1", "ReceiptHandle": "h", "Body": "x"}], "us-east-1")
    assert handle_batch("horizon-batches", event) is None  # powertools raises when every record failed
    assert Consumer("horizon-batches", "q", 2).batch_size == 2


def test_neither_the_schedules_nor_the_consumers_scan(
    api: Api,
    lambdas: Client,
    admin_token: str,
    specialty: dict[str, Any],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a doctor with a weekly rule, a week later
    from botocore.client import BaseClient

    (doctor,) = doctors(api, admin_token, specialty, 1)
    with_rule(api, doctor)
    clock.advance(days=7)
    calls: list[str] = []
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        calls.append(operation_name)
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)

    # When both schedules enqueue and their consumers work every message
    for schedule, function, queue in (
        ("slot-horizon", "horizon-batches", HORIZON),
        ("mail", "reminder-slices", REMINDERS),
    ):
        run_schedule(lambdas, schedule)
        consume(lambdas, function, queue, receive_all(queue))

    # Then they queried, wrote and sent, and never scanned
    assert {"Query", "TransactWriteItems", "SendMessageBatch"} <= set(calls)
    assert "Scan" not in calls
