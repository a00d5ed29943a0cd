"""The fan-out's queues in the packaged stack: each consumer reads its stage's encrypted queue with partial batch
failures and bounded concurrency, a unit that keeps failing is parked in a dead-letter queue that raises an alarm,
and the functions may send to and consume exactly those queues."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.infra import REPO, STAGES, resources_of

pytestmark = pytest.mark.infra

QUEUES = {"HorizonQueue": "HorizonDeadLetterQueue", "ReminderQueue": "ReminderDeadLetterQueue"}
CONSUMERS = {"HorizonBatches": "HorizonQueue", "ReminderSlices": "ReminderQueue"}
KEY = {"Fn::GetAtt": ["DataKey", "Arn"]}


def sqs_events(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: event["Properties"]
        for name, function in resources_of(template, "AWS::Serverless::Function").items()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "SQS"
    }


def lambda_timeout(function: str) -> int:
    config = json.loads((REPO / ".chalice" / "config.json").read_text())
    name = {"HorizonBatches": "horizon-batches", "ReminderSlices": "reminder-slices"}[function]
    timeouts = {config["stages"][stage]["lambda_functions"][name]["lambda_timeout"] for stage in STAGES}
    (timeout,) = timeouts
    return int(timeout)


@pytest.mark.parametrize("stage", STAGES)
def test_each_consumer_reads_its_stages_queue_reporting_failed_records_with_bounded_concurrency(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    events = sqs_events(templates[stage])

    assert sorted(events) == sorted(CONSUMERS)
    for function, queue in CONSUMERS.items():
        event = events[function]
        assert event["Queue"] == {"Fn::GetAtt": [queue, "Arn"]}
        assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert 2 <= event["ScalingConfig"]["MaximumConcurrency"] <= 20
        assert 1 <= event["BatchSize"] <= 10


@pytest.mark.parametrize("stage", STAGES)
def test_queues_are_encrypted_with_the_stage_key_and_park_a_unit_failing_five_times(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    resources = templates[stage]["Resources"]
    for queue, dead_letters in QUEUES.items():
        properties = resources[queue]["Properties"]
        assert properties["KmsMasterKeyId"] == KEY
        assert resources[dead_letters]["Properties"]["KmsMasterKeyId"] == KEY
        assert properties["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dead_letters, "Arn"]},
            "maxReceiveCount": 5,
        }
        alarm = resources[f"{dead_letters}Alarm"]["Properties"]
        assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [dead_letters, "QueueName"]}}]
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_a_received_record_stays_hidden_for_six_times_its_consumers_timeout(prod: dict[str, Any]) -> None:
    """AWS's advice for Lambda consumers: a record in flight never reappears while a retry of its batch runs."""
    for function, queue in CONSUMERS.items():
        assert prod["Resources"][queue]["Properties"]["VisibilityTimeout"] >= 6 * lambda_timeout(function)


def test_every_function_finds_the_queues_by_url(prod: dict[str, Any]) -> None:
    variables = prod["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["DOCSPOT_HORIZON_QUEUE_URL"] == {"Ref": "HorizonQueue"}
    assert variables["DOCSPOT_REMINDER_QUEUE_URL"] == {"Ref": "ReminderQueue"}


@pytest.mark.parametrize("stage", STAGES)
def test_the_functions_send_to_and_consume_the_two_queues_only(stage: str) -> None:
    policy = json.loads((REPO / ".chalice" / f"policy-{stage}.json").read_text())
    sqs = [s for s in policy["Statement"] if any(a.startswith("sqs:") for a in _list(s["Action"]))]
    queues = [{"Fn::GetAtt": [queue, "Arn"]} for queue in QUEUES]
    # Beside the two queues, the stream consumers may only park failed batches in their dead-letter queue.
    parking = [s for s in sqs if s["Resource"] == {"Fn::GetAtt": ["StreamDeadLetterQueue", "Arn"]}]
    sqs = [s for s in sqs if s not in parking]

    assert [_list(s["Action"]) for s in parking] == [["sqs:SendMessage"]]
    assert {json.dumps(s["Resource"]) for s in sqs} == {json.dumps(queues)}
    actions = set().union(*(_list(s["Action"]) for s in sqs))
    assert actions == {
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
    }


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
