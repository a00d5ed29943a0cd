"""The uploads bucket as patients' documents need it (chalicelib/services/files.py): the browser may POST its form
and GET its links from the site, every function knows the bucket and its key, and an upload under pending/ reaches
the backstop function through EventBridge."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.infra import STAGES, resources_of

pytestmark = pytest.mark.infra


def properties(template: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = template["Resources"][name]["Properties"]
    return found


def test_the_site_may_post_upload_forms_and_fetch_download_links(prod: dict[str, Any]) -> None:
    (rule,) = properties(prod, "UploadsBucket")["CorsConfiguration"]["CorsRules"]
    assert {"POST", "GET"} <= set(rule["AllowedMethods"])
    assert "PUT" not in rule["AllowedMethods"] and "DELETE" not in rule["AllowedMethods"]


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_names_the_uploads_bucket_and_the_key_its_writes_must_use(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    variables = templates[stage]["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["DOCSPOT_UPLOADS_BUCKET"] == properties(templates[stage], "UploadsBucket")["BucketName"]
    assert variables["DOCSPOT_UPLOADS_KMS_KEY"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
    denial = next(
        s
        for s in properties(templates[stage], "UploadsBucketPolicy")["PolicyDocument"]["Statement"]
        if s["Sid"] == "OnlyTheStageKeyEncryptsObjects"
    )
    (keyed,) = denial["Condition"].values()
    assert keyed["s3:x-amz-server-side-encryption-aws-kms-key-id"] == variables["DOCSPOT_UPLOADS_KMS_KEY"]


def test_uploads_under_pending_reach_the_backstop_function_and_only_from_their_rule(prod: dict[str, Any]) -> None:
    from app import app

    (backstop,) = [f for f in app.pure_lambda_functions if f.name == "upload-backstop"]
    function = properties(prod, "UploadBackstop")
    assert function["Handler"] == backstop.handler_string
    assert properties(prod, "UploadsBucket")["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }
    rules = resources_of(prod, "AWS::Events::Rule")
    (name,) = [n for n, r in rules.items() if r["Properties"]["EventPattern"].get("source") == ["aws.s3"]]
    rule = rules[name]["Properties"]
    assert rule["EventPattern"]["detail"] == {
        "bucket": {"name": [{"Ref": "UploadsBucket"}]},
        "object": {"key": [{"prefix": "pending/"}]},
    }
    assert rule["EventPattern"]["detail-type"] == ["Object Created"]
    (target,) = rule["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["UploadBackstop", "Arn"]}
    permissions = [
        p["Properties"]
        for p in resources_of(prod, "AWS::Lambda::Permission").values()
        if p["Properties"]["FunctionName"] == {"Ref": "UploadBackstop"}
    ]
    assert permissions == [
        {
            "FunctionName": {"Ref": "UploadBackstop"},
            "Action": "lambda:InvokeFunction",
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [name, "Arn"]},
        }
    ]
