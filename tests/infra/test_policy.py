"""The hand-written IAM policies (.chalice/policy-*.json) grant exactly what the code uses, table by table.

A table or index added to the models without its line in the policies fails here, with the ARN to add.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from infra.tables import all_table_specs
from tests.support.infra import REPO, STAGES, resources_of

CHALICE = REPO / ".chalice"
TABLE_ARN = re.compile(
    r"^arn:\$\{AWS::Partition\}:dynamodb:\$\{AWS::Region\}:\$\{AWS::AccountId\}:table/(?P<table>[\w.-]+)"
    r"(/index/(?P<index>[\w.-]+))?$"
)
APP_TABLE_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
}
STREAM_ARN = re.compile(
    r"^arn:\$\{AWS::Partition\}:dynamodb:\$\{AWS::Region\}:\$\{AWS::AccountId\}:table/(?P<table>[\w.-]+)/stream/\*$"
)
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}
POWERTOOLS_IDEMPOTENCY_ACTIONS = {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}


def load(path: Path) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(path.read_text())
    return policy


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def resource_text(resource: Any) -> str:
    """A policy resource as written: a plain string, or the template of its Fn::Sub."""
    if isinstance(resource, dict) and "Fn::Sub" in resource:
        sub = resource["Fn::Sub"]
        return str(sub[0] if isinstance(sub, list) else sub)
    return json.dumps(resource) if isinstance(resource, dict) else str(resource)


def grants(policy: dict[str, Any]) -> list[tuple[set[str], str]]:
    """(actions, resource) for every resource of every Allow statement; a ``NotResource`` reads ``NOT <arn>``."""
    out = []
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = set(as_list(statement["Action"]))
        if "NotResource" in statement:
            out.extend((actions, "NOT " + resource_text(r)) for r in as_list(statement["NotResource"]))
            continue
        out.extend((actions, resource_text(resource)) for resource in as_list(statement["Resource"]))
    return out


def dynamodb_grants(policy: dict[str, Any]) -> dict[tuple[str, str | None], set[str]]:
    """(table, index or None) -> actions."""
    found: dict[tuple[str, str | None], set[str]] = {}
    for actions, resource in grants(policy):
        match = TABLE_ARN.match(resource)
        if match:
            found.setdefault((match["table"], match["index"]), set()).update(actions)
        elif STREAM_ARN.match(resource):
            continue  # the stream consumers' reads: test_streams_are_read_by_their_consumers_only
        else:
            assert not any(a.startswith("dynamodb:") for a in actions), f"DynamoDB on an unexpected resource {resource}"
    return found


def arn(key: tuple[str, str | None]) -> str:
    table, index = key
    return (
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/"
        + table
        + (f"/index/{index}" if index else "")
    )


@pytest.mark.parametrize("stage", STAGES)
def test_stage_policy_names_exactly_the_models_tables_and_indexes(stage: str) -> None:
    granted = dynamodb_grants(load(CHALICE / f"policy-{stage}.json"))
    expected: set[tuple[str, str | None]] = set()
    for spec in all_table_specs():
        table = f"docspot-{stage}-{spec.name}"
        expected.add((table, None))
        expected.update((table, index[0]) for index in spec.indexes)

    missing = sorted(expected - set(granted), key=str)
    extra = sorted(set(granted) - expected, key=str)
    assert not missing, f".chalice/policy-{stage}.json lacks: " + ", ".join(arn(k) for k in missing)
    assert not extra, f".chalice/policy-{stage}.json names what no model has: " + ", ".join(arn(k) for k in extra)


@pytest.mark.parametrize("stage", STAGES)
def test_streams_are_read_by_their_consumers_only(stage: str) -> None:
    """Exactly the streamed tables' streams, with the reads an event source mapping needs and nothing else."""
    streams: dict[str, set[str]] = {}
    for actions, resource in grants(load(CHALICE / f"policy-{stage}.json")):
        match = STREAM_ARN.match(resource)
        if match:
            streams.setdefault(match["table"], set()).update(actions)
    streamed = {f"docspot-{stage}-{spec.name}" for spec in all_table_specs() if spec.stream_view_type}
    assert streams == dict.fromkeys(streamed, STREAM_ACTIONS)


@pytest.mark.parametrize("stage", STAGES)
def test_tables_get_item_operations_only_and_indexes_only_query(stage: str) -> None:
    for (table, index), actions in dynamodb_grants(load(CHALICE / f"policy-{stage}.json")).items():
        if index is not None:
            assert actions == {"dynamodb:Query"}, (table, index)
        elif table.endswith("-idempotency"):
            assert actions == POWERTOOLS_IDEMPOTENCY_ACTIONS, table
        else:
            assert actions == APP_TABLE_ACTIONS, table


@pytest.mark.parametrize("name", sorted(p.name for p in CHALICE.glob("policy-*.json")))
def test_no_policy_grants_wildcard_actions_or_resources_except_xray(name: str) -> None:
    for actions, resource in grants(load(CHALICE / name)):
        assert not any(a.endswith("*") for a in actions), (name, actions)
        assert "dynamodb:Scan" not in actions
        if resource == "*":
            assert actions <= {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, (name, actions)


@pytest.mark.parametrize("stage", STAGES)
def test_the_authorizer_reads_the_secret_and_writes_logs_and_traces_only(stage: str) -> None:
    actions = set().union(*(a for a, _ in grants(load(CHALICE / f"policy-{stage}-authorizer.json"))))
    assert actions == {"ssm:GetParameter", "logs:CreateLogStream", "logs:PutLogEvents"} | {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
    }


@pytest.mark.parametrize("stage", STAGES)
def test_stage_policy_scopes_bucket_prefixes_sender_secret_and_logs(stage: str) -> None:
    policy = load(CHALICE / f"policy-{stage}.json")
    by_action: dict[str, set[str]] = {}
    for actions, resource in grants(policy):
        for action in actions:
            by_action.setdefault(action, set()).add(resource)
    bucket = f"arn:${{AWS::Partition}}:s3:::docspot-{stage}-uploads-${{AWS::AccountId}}-${{AWS::Region}}"
    assert by_action["s3:PutObject"] == {
        f"{bucket}/pending/*",
        f"{bucket}/files/*",
        f"{bucket}/publication/*",
        f"{bucket}/directory/*",
    }
    assert "s3:ListBucket" not in by_action
    assert by_action["ssm:GetParameter"] == {
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${JwtSecretParameterName}"
    }
    assert by_action["logs:PutLogEvents"] == {
        f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/docspot-{stage}-*:*"
    }
    ses = next(s for s in policy["Statement"] if "ses:SendRawEmail" in as_list(s["Action"]))
    assert as_list(ses["Action"]) == ["ses:SendRawEmail"], "mail goes as raw MIME only (it carries invite.ics)"
    assert ses["Condition"] == {"StringEquals": {"ses:FromAddress": {"Ref": "MailFrom"}}}
    assert "execute-api:ManageConnections" in by_action


@pytest.mark.parametrize("stage", STAGES)
def test_sms_go_to_phone_numbers_only_never_to_a_topic(stage: str) -> None:
    """SNS takes a phone number as ``*`` resource: the grant excludes every topic, so Publish reaches numbers only."""
    sns = [
        (actions, resource)
        for actions, resource in grants(load(CHALICE / f"policy-{stage}.json"))
        if any(a.startswith("sns:") for a in actions)
    ]
    assert sns == [({"sns:Publish"}, "NOT arn:${AWS::Partition}:sns:*:*:*")]


def test_chalice_uses_the_hand_written_policies_for_every_stage() -> None:
    config = load(CHALICE / "config.json")
    assert config["autogen_policy"] is False
    for stage in STAGES:
        assert config["stages"][stage]["iam_policy_file"] == f"policy-{stage}.json"
        authorizer = config["stages"][stage]["lambda_functions"]["jwt_auth"]["iam_policy_file"]
        assert authorizer == f"policy-{stage}-authorizer.json"


@pytest.mark.infra
@pytest.mark.parametrize("stage", STAGES)
def test_every_function_role_carries_its_policy_file(stage: str, templates: dict[str, dict[str, Any]]) -> None:
    template = templates[stage]
    stage_policy = load(CHALICE / f"policy-{stage}.json")
    authorizer_policy = load(CHALICE / f"policy-{stage}-authorizer.json")
    functions = resources_of(template, "AWS::Serverless::Function")
    assert functions
    for name, function in functions.items():
        role = template["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]
        documents = [policy["PolicyDocument"] for policy in role["Properties"]["Policies"]]
        assert "ManagedPolicyArns" not in role["Properties"], name
        assert documents == [authorizer_policy if name == "JwtAuth" else stage_policy], name
