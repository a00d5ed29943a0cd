"""`make package`: build/<stage>/sam.json (one SAM template) and build/<stage>/deployment.zip.

    python -m infra.package --stage prod --region eu-central-1

1. merge: infra/template.json plus one DynamoDB table per PynamoDB model -> build/<stage>.merge.json
2. chalice package --stage <stage> --merge-template build/<stage>.merge.json <out>
3. finalize: what can only be named once Chalice has generated its functions (each function's log group, its
   error and throttle alarms), and bytecode for the function runtime inside deployment.zip.

Concurrent runs (two `make test` in one checkout) take turns on a lock, and each builds in a scratch directory that
replaces build/<stage> only when complete, so nobody reads half a package.
"""

from __future__ import annotations

import argparse
import copy
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from infra import bytecode
from infra.tables import table_resources

INFRA = Path(__file__).resolve().parent
REPO = INFRA.parent
BUILD = REPO / "build"
STATIC_TEMPLATE = INFRA / "template.json"
PROTECTED_STAGES = frozenset({"prod"})
# Kept when a protected stage's stack is deleted, besides its tables: the key that decrypts them and the uploads.
RETAINED_WITH_THE_TABLES = ("DataKey", "UploadsBucket")
FUNCTION = "AWS::Serverless::Function"
WEBSOCKET_API = "WebsocketAPI"  # the logical ids chalice package gives the WebSocket API and its stage
WEBSOCKET_STAGE = "WebsocketAPIStage"
WEBSOCKET_ENDPOINT_VARIABLE = "DOCSPOT_WS_ENDPOINT"
WEBSOCKET_ACCESS_LOG = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "route": "$context.routeKey",
    "event": "$context.eventType",
    "connection": "$context.connectionId",
    "status": "$context.status",
    "error": "$context.error.responseType",
}


def load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def merge_template(stage: str) -> dict[str, Any]:
    """infra/template.json for ``stage`` with every table of chalicelib.models.ALL_MODELS."""
    template = copy.deepcopy(load_json(STATIC_TEMPLATE))
    protected = stage in PROTECTED_STAGES
    parameters = template["Parameters"]
    parameters["Stage"].update(Default=stage, AllowedValues=[stage])
    parameters["JwtSecretParameterName"]["Default"] = f"/docspot/{stage}/jwt-secret"
    resources = template["Resources"]
    tables = table_resources(stage, protected=protected)
    clash = sorted(set(tables) & set(resources))
    if clash:
        raise SystemExit(f"infra/template.json already declares {clash}; a table's logical id must be its own")
    resources.update(tables)
    if protected:
        for name in RETAINED_WITH_THE_TABLES:
            resources[name].update(DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
    return template


def functions(template: dict[str, Any]) -> list[str]:
    return sorted(name for name, resource in template["Resources"].items() if resource["Type"] == FUNCTION)


def _alarm(function: str, metric: str, description: str) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": {"Fn::Sub": f"DocSpot ${{Stage}}: {function} {description}"},
            "Namespace": "AWS/Lambda",
            "MetricName": metric,
            "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": function}}],
            "Statistic": "Sum",
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": "AlarmTopic"}],
            "OKActions": [{"Ref": "AlarmTopic"}],
        },
    }


def add_function_resources(template: dict[str, Any]) -> list[str]:
    """For each function Chalice generated: its own encrypted log group with retention (the function writes there,
    so it needs no logs:CreateLogGroup), an alarm on its errors and one on its throttles."""
    resources = template["Resources"]
    names = functions(template)
    for function in names:
        extra = {
            f"{function}LogGroup": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": {"Fn::Sub": f"/aws/lambda/docspot-${{Stage}}-{function}"},
                    "RetentionInDays": {"Ref": "LogRetentionInDays"},
                    "KmsKeyId": {"Fn::GetAtt": ["DataKey", "Arn"]},
                },
            },
            f"{function}ErrorsAlarm": _alarm(function, "Errors", "raised errors in 5 minutes"),
            f"{function}ThrottlesAlarm": _alarm(function, "Throttles", "was throttled in 5 minutes"),
        }
        clash = sorted(set(extra) & set(resources))
        if clash:
            raise SystemExit(f"the template already declares {clash}")
        resources.update(extra)
        resources[function]["Properties"]["LoggingConfig"] = {"LogGroup": {"Ref": f"{function}LogGroup"}}
    return names


def add_websocket_settings(template: dict[str, Any]) -> list[str]:
    """Chalice generates the WebSocket API once app.py has WebSocket handlers; its stage gets the REST stage's
    throttling and an access log like the REST API's, and every function the URL of its @connections management
    API (DOCSPOT_WS_ENDPOINT): the REST API's function and the schedules push too, and never see a WebSocket event
    to learn it from."""
    resources = template["Resources"]
    stages = sorted(name for name, r in resources.items() if r["Type"] == "AWS::ApiGatewayV2::Stage")
    if WEBSOCKET_API in resources:
        stage_name = resources[WEBSOCKET_STAGE]["Properties"]["StageName"]
        variables = template["Globals"]["Function"]["Environment"]["Variables"]
        variables[WEBSOCKET_ENDPOINT_VARIABLE] = {
            # The API, not its stage: the stage depends on the functions through its routes' integrations.
            "Fn::Sub": f"https://${{{WEBSOCKET_API}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage_name}"
        }
    for stage in stages:
        log_group = f"{stage}AccessLogGroup"
        resources[log_group] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": {"Fn::Sub": f"/aws/apigateway/docspot-${{Stage}}-{stage}"},
                "RetentionInDays": {"Ref": "LogRetentionInDays"},
                "KmsKeyId": {"Fn::GetAtt": ["DataKey", "Arn"]},
            },
        }
        properties = resources[stage]["Properties"]
        properties["AccessLogSettings"] = {
            "DestinationArn": {"Fn::GetAtt": [log_group, "Arn"]},
            "Format": json.dumps(WEBSOCKET_ACCESS_LOG, separators=(",", ":")),
        }
        properties["DefaultRouteSettings"] = {
            "ThrottlingRateLimit": {"Ref": "ApiThrottleRateLimit"},
            "ThrottlingBurstLimit": {"Ref": "ApiThrottleBurstLimit"},
        }
    return stages


# The schedule whose rate a stage sets at deploy time (its Rate in the code is the local stack's and the default).
PUBLICATION_FUNCTION = "SlotPublication"


def set_publication_rate(template: dict[str, Any]) -> None:
    """The slot publication runs every ``SlotPublicationMinutes`` (a template parameter, at least 2, so the
    expression is always the plural ``minutes`` EventBridge wants)."""
    events = template["Resources"][PUBLICATION_FUNCTION]["Properties"]["Events"]
    (event,) = [e for e in events.values() if e["Type"] == "Schedule"]
    event["Properties"]["Schedule"] = {"Fn::Sub": "rate(${SlotPublicationMinutes} minutes)"}


# The queues app.py names to Chalice (chalicelib/handlers/queues.py) -> the template's queue that stage consumes.
QUEUE_RESOURCES = {"docspot-horizon": "HorizonQueue", "docspot-reminders": "ReminderQueue"}


def bind_queue_consumers(template: dict[str, Any]) -> list[str]:
    """Each ``on_sqs_message`` consumer reads its stage's queue (Chalice names it by the bare name app.py gives) and
    reports partial batch failures, so a failed record alone is delivered again (powertools' BatchProcessor)."""
    bound = []
    for name in functions(template):
        for event in template["Resources"][name]["Properties"].get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            properties = event["Properties"]
            named = str(properties["Queue"]["Fn::Sub"]).rsplit(":", 1)[-1]
            if named not in QUEUE_RESOURCES:
                raise SystemExit(f"{name} consumes {named!r}, which infra/template.json does not declare")
            properties["Queue"] = {"Fn::GetAtt": [QUEUE_RESOURCES[named], "Arn"]}
            properties["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            bound.append(f"{name} <- {QUEUE_RESOURCES[named]}")
    return bound


# The stream consumers app.py registers, and the table whose stream each reads (services/effects).
STREAM_CONSUMERS = {"AppointmentEffects": "AppointmentsTable", "SlotEffects": "SlotsTable"}
STREAM_RETRIES = 3  # then the batch (bisected down to the failing record) is parked in StreamDeadLetterQueue
STREAM_DEAD_LETTERS = "StreamDeadLetterQueue"


def set_stream_consumers(template: dict[str, Any]) -> None:
    """Each consumer reads its table's stream (the ARN Chalice was given is a placeholder): failed records are
    reported one by one (``ReportBatchItemFailures``), a failing batch is halved until the failing record is
    alone, retried ``STREAM_RETRIES`` times, then sent to the dead-letter queue so the shard moves on."""
    resources = template["Resources"]
    for function, table in STREAM_CONSUMERS.items():
        events = resources[function]["Properties"]["Events"]
        (event,) = [e for e in events.values() if e["Type"] == "DynamoDB"]
        event["Properties"].update(
            {
                "Stream": {"Fn::GetAtt": [table, "StreamArn"]},
                "StartingPosition": "TRIM_HORIZON",
                "BisectBatchOnFunctionError": True,
                "MaximumRetryAttempts": STREAM_RETRIES,
                "MaximumRecordAgeInSeconds": 86400,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "DestinationConfig": {
                    "OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": [STREAM_DEAD_LETTERS, "Arn"]}}
                },
            }
        )


def runtime_of(template: dict[str, Any]) -> str:
    runtimes = {template["Resources"][name]["Properties"]["Runtime"] for name in functions(template)}
    if len(runtimes) != 1:
        raise SystemExit(f"expected one Lambda runtime for the shared deployment.zip, found {sorted(runtimes)}")
    return str(runtimes.pop())


def finalize(out: Path) -> None:
    template_path = out / "sam.json"
    template = load_json(template_path)
    names = add_function_resources(template)
    websocket_stages = add_websocket_settings(template)
    set_publication_rate(template)
    consumers = bind_queue_consumers(template)
    set_stream_consumers(template)
    write_json(template_path, template)
    runtime = runtime_of(template)
    added, failed = bytecode.add_bytecode(out / "deployment.zip", runtime)
    print(f"sam.json: {len(template['Resources'])} resources; log group and alarms for {', '.join(names)}")
    if websocket_stages:
        print(f"  throttling and access log for the WebSocket stage {', '.join(websocket_stages)}")
    if consumers:
        print(f"  queue consumers: {', '.join(consumers)}")
    print(f"deployment.zip: {added} modules precompiled for {runtime} (unchecked-hash .pyc)")
    if failed:
        print(f"  left as source (they do not compile on {runtime}): {', '.join(failed)}")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def package(stage: str, region: str) -> Path:
    final = BUILD / stage
    with locked(BUILD / f".{stage}.lock"), tempfile.TemporaryDirectory(dir=BUILD, prefix=f".{stage}-") as scratch:
        merge = Path(scratch) / f"{stage}.merge.json"
        out = Path(scratch) / stage
        write_json(merge, merge_template(stage))
        print(f"{BUILD.name}/{merge.name}: infra/template.json and the tables of chalicelib.models.ALL_MODELS")
        chalice = str(Path(sys.executable).parent / "chalice")  # this venv's, as pinned in requirements-dev.txt
        print(f"chalice package --stage {stage} --merge-template {BUILD.name}/{merge.name} {BUILD.name}/{stage}")
        subprocess.run(  # noqa: S603 - our own chalice, arguments from argparse and paths we made
            [chalice, "package", "--stage", stage, "--merge-template", str(merge), str(out)],
            cwd=REPO,
            env={**os.environ, "AWS_DEFAULT_REGION": region},
            check=True,
        )
        finalize(out)
        shutil.rmtree(final, ignore_errors=True)
        out.rename(final)
        merge.replace(BUILD / merge.name)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.package")
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", required=True, help="chalice picks the service principals' partition from it")
    args = parser.parse_args(argv)
    if not (REPO / ".chalice" / f"policy-{args.stage}.json").exists():
        print(f"make package: stage {args.stage!r} has no .chalice/policy-{args.stage}.json", file=sys.stderr)
        return 2
    try:
        final = package(args.stage, args.region)
    except subprocess.CalledProcessError as exc:
        print(f"make package: chalice package failed ({exc.returncode})", file=sys.stderr)
        return 1
    print(f"{final.relative_to(REPO)}: sam.json and deployment.zip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
