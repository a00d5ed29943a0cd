"""What the packaged template promises beyond the tables: gateway answers, buckets, the site, limits, alarms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.infra import REPO, STAGES, resources_of

pytestmark = pytest.mark.infra

# API Gateway's own answers and the local stack's emulation of them (local/gateway.py).
GATEWAY_RESPONSES = {
    "UNAUTHORIZED": 401,
    "ACCESS_DENIED": 403,
    "MISSING_AUTHENTICATION_TOKEN": 404,
    "INTEGRATION_TIMEOUT": 504,
    "DEFAULT_5XX": 500,
}


def resource(template: dict[str, Any], name: str) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"][name]["Properties"]
    return properties


def chalice_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads((REPO / ".chalice" / "config.json").read_text())
    return config


@pytest.mark.parametrize(("response_type", "status"), sorted(GATEWAY_RESPONSES.items()))
def test_gateway_responses_answer_as_the_local_stack_does(
    prod: dict[str, Any], response_type: str, status: int
) -> None:
    from local.gateway import gateway_response

    responses = resource(prod, "RestAPI")["GatewayResponses"]
    configured = responses[response_type]
    local = gateway_response(status)

    assert json.loads(configured["ResponseTemplates"]["application/json"]) == json.loads(local["body"])
    assert configured.get("StatusCode", str(status)) == str(status) or response_type == "DEFAULT_5XX"


def test_other_gateway_errors_keep_the_error_shape(prod: dict[str, Any]) -> None:
    responses = resource(prod, "RestAPI")["GatewayResponses"]
    throttled = json.loads(responses["THROTTLED"]["ResponseTemplates"]["application/json"])
    assert responses["THROTTLED"]["StatusCode"] == "429"
    assert set(throttled["error"]) == {"code", "message"}
    default_4xx = responses["DEFAULT_4XX"]["ResponseTemplates"]["application/json"]
    assert default_4xx.startswith('{"error": {"code": "$context.error.responseType", "message": ')


def test_the_rest_api_is_throttled_traced_and_access_logged(prod: dict[str, Any]) -> None:
    api = resource(prod, "RestAPI")
    (settings,) = api["MethodSettings"]
    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    assert settings["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRateLimit"}
    assert settings["ThrottlingBurstLimit"] == {"Ref": "ApiThrottleBurstLimit"}
    assert api["TracingEnabled"] is True
    assert api["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert "$context.path" not in api["AccessLogSetting"]["Format"], "paths carry ids; log the resource template"
    assert api["EndpointConfiguration"] == "REGIONAL"


def test_uploads_bucket_is_private_encrypted_tls_only_and_forgets_abandoned_uploads(prod: dict[str, Any]) -> None:
    bucket = resource(prod, "UploadsBucket")
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    (encryption,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    (cors,) = bucket["CorsConfiguration"]["CorsRules"]
    assert {"Fn::Sub": "https://${Distribution.DomainName}"} in cors["AllowedOrigins"]
    assert "*" not in cors["AllowedOrigins"]
    pending = next(r for r in bucket["LifecycleConfiguration"]["Rules"] if r.get("Prefix") == "pending/")
    assert pending["Status"] == "Enabled" and pending["ExpirationInDays"] == 1
    policy = resource(prod, "UploadsBucketPolicy")["PolicyDocument"]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in policy["Statement"]
    )


def test_every_bucket_refuses_plain_http_and_public_access(prod: dict[str, Any]) -> None:
    buckets = resources_of(prod, "AWS::S3::Bucket")
    policies = {p["Properties"]["Bucket"]["Ref"]: p for p in resources_of(prod, "AWS::S3::BucketPolicy").values()}
    assert sorted(buckets) == sorted(policies)
    for name, bucket in buckets.items():
        assert all(bucket["Properties"]["PublicAccessBlockConfiguration"].values()), name
        statements = policies[name]["Properties"]["PolicyDocument"]["Statement"]
        assert any(s["Sid"] == "TlsOnly" and s["Effect"] == "Deny" for s in statements), name


def test_the_spa_is_served_only_through_cloudfront_with_security_headers(prod: dict[str, Any]) -> None:
    config = resource(prod, "Distribution")["DistributionConfig"]
    spa = next(o for o in config["Origins"] if o["Id"] == "spa")
    assert spa["OriginAccessControlId"] == {"Fn::GetAtt": ["SpaOriginAccessControl", "Id"]}
    reader = next(s for s in resource(prod, "SpaBucketPolicy")["PolicyDocument"]["Statement"] if s["Effect"] == "Allow")
    assert reader["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in reader["Condition"]["StringEquals"]

    headers = resource(prod, "SecurityHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeaders"}
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_only_the_embeddable_booking_page_may_be_framed_and_only_by_https_sites(prod: dict[str, Any]) -> None:
    config = resource(prod, "Distribution")["DistributionConfig"]
    framed = [b for b in config["CacheBehaviors"] if b["ResponseHeadersPolicyId"] == {"Ref": "EmbedHeaders"}]
    assert [b["PathPattern"] for b in framed] == ["/embed/*"]
    assert framed[0]["TargetOriginId"] == "spa" and framed[0]["FunctionAssociations"]
    others = [b for b in config["CacheBehaviors"] if b not in framed] + [config["DefaultCacheBehavior"]]
    assert all(b["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeaders"} for b in others)
    strict = resource(prod, "SecurityHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    embed = resource(prod, "EmbedHeaders")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = embed["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    assert "frame-ancestors https:" in csp and "frame-ancestors 'none'" not in csp
    assert "FrameOptions" not in embed
    # everything else as strict as every other page
    assert csp == strict["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"].replace(
        "frame-ancestors 'none'", "frame-ancestors https:"
    )
    assert embed["StrictTransportSecurity"] == strict["StrictTransportSecurity"]


def test_the_api_is_proxied_under_api_on_the_sites_origin_and_never_shared_between_callers(
    prod: dict[str, Any],
) -> None:
    """The SPA calls /api/* on its own origin (as under `make run`): no CORS, and the API stage is named api."""
    config = resource(prod, "Distribution")["DistributionConfig"]
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert chalice_config()["api_gateway_stage"] == "api"
    cache = resource(prod, "ApiCachePolicy")["CachePolicyConfig"]
    assert cache["DefaultTTL"] == 0
    assert "Authorization" in cache["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"]
    assert api["CachePolicyId"] == {"Ref": "ApiCachePolicy"}


def test_every_function_has_its_own_encrypted_log_group_and_error_and_throttle_alarms(prod: dict[str, Any]) -> None:
    resources = prod["Resources"]
    alarms = resources_of(prod, "AWS::CloudWatch::Alarm").values()
    watched = {
        (a["Properties"]["MetricName"], a["Properties"]["Dimensions"][0]["Value"]["Ref"])
        for a in alarms
        if a["Properties"]["Namespace"] == "AWS/Lambda"
    }
    for name, function in resources_of(prod, "AWS::Serverless::Function").items():
        log_group = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources[log_group]["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
        assert {("Errors", name), ("Throttles", name)} <= watched, name


def test_5xx_alarm_watches_this_stages_api(prod: dict[str, Any]) -> None:
    alarm = resource(prod, "Api5xxAlarm")
    dimensions = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
    assert dimensions == {"ApiName": resource(prod, "RestAPI")["Name"], "Stage": chalice_config()["api_gateway_stage"]}
    assert alarm["MetricName"] == "5XXError"


@pytest.mark.parametrize("stage", STAGES)
def test_functions_take_sender_and_secret_name_from_the_stack_parameters(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    """Globals set them for every function; a function-level value (from .chalice/config.json) would win."""
    template = templates[stage]
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["DOCSPOT_MAIL_FROM"] == {"Ref": "MailFrom"}
    assert variables["DOCSPOT_JWT_SECRET_PARAM"] == {"Ref": "JwtSecretParameterName"}
    assert template["Parameters"]["JwtSecretParameterName"]["Default"] == f"/docspot/{stage}/jwt-secret"
    for name, function in resources_of(template, "AWS::Serverless::Function").items():
        own = function["Properties"]["Environment"]["Variables"]
        assert own["DOCSPOT_STAGE"] == stage, name
        assert not set(own) & set(variables), f"{name} overrides {set(own) & set(variables)}"


def test_every_schedule_of_the_app_is_in_the_template(prod: dict[str, Any]) -> None:
    from app import app

    expected = sorted(event.name for event in app.event_sources if hasattr(event, "schedule_expression"))
    scheduled = sorted(
        name
        for name, f in resources_of(prod, "AWS::Serverless::Function").items()
        for event in f["Properties"].get("Events", {}).values()
        if event["Type"] == "Schedule"
    )
    assert len(scheduled) == len(expected) >= 2, (scheduled, expected)


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_can_push_to_this_stacks_websocket_connections(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    """The REST API's function and the schedules push as well as the WebSocket handlers: each is told the
    @connections endpoint of this stack's WebSocket API and may post there, and nowhere else."""
    template = templates[stage]
    stage_name = resource(template, "WebsocketAPIStage")["StageName"]
    assert stage_name == chalice_config()["api_gateway_stage"]
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["DOCSPOT_WS_ENDPOINT"] == {
        "Fn::Sub": f"https://${{WebsocketAPI}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage_name}"
    }
    policy = json.loads((REPO / ".chalice" / f"policy-{stage}.json").read_text())
    (push,) = [s for s in policy["Statement"] if s["Action"] == "execute-api:ManageConnections"]
    assert push["Resource"] == {
        "Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
        f"${{WebsocketAPI}}/{stage_name}/POST/@connections/*"
    }


def test_the_websocket_routes_run_the_apps_handlers(prod: dict[str, Any]) -> None:
    from app import app

    handlers = {
        name: resource(prod, name)["Handler"]
        for name in ("WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect")
    }
    assert handlers == {
        "WebsocketConnect": "app.ws_connect",
        "WebsocketMessage": "app.ws_message",
        "WebsocketDisconnect": "app.ws_disconnect",
    }
    assert {route: handler.handler_string for route, handler in app.websocket_handlers.items()} == {
        "$connect": "app.ws_connect",
        "$default": "app.ws_message",
        "$disconnect": "app.ws_disconnect",
    }


@pytest.mark.parametrize("stage", STAGES)
def test_the_slot_publication_runs_at_the_rate_the_stage_sets(stage: str, templates: dict[str, dict[str, Any]]) -> None:
    template = templates[stage]
    function = resource(template, "SlotPublication")
    (event,) = function["Events"].values()
    assert event == {
        "Type": "Schedule",
        "Properties": {"Schedule": {"Fn::Sub": "rate(${SlotPublicationMinutes} minutes)"}},
    }
    parameter = template["Parameters"]["SlotPublicationMinutes"]
    assert (parameter["Default"], parameter["MinValue"]) == (5, 2)


def test_the_api_stage_takes_requests_only_through_cloudfront_and_limits_each_viewer(prod: dict[str, Any]) -> None:
    """A WAF web ACL on the REST stage: a request without the origin header CloudFront adds is refused (so the
    viewer address the limits read cannot be forged around CloudFront), and each viewer address gets at most
    ApiClientRateLimit requests per window, keyed by the header CloudFront's function overwrites."""
    acl = resource(prod, "ApiWebAcl")
    assert acl["Scope"] == "REGIONAL" and acl["DefaultAction"] == {"Allow": {}}
    association = resource(prod, "ApiWebAclAssociation")
    assert association["WebACLArn"] == {"Fn::GetAtt": ["ApiWebAcl", "Arn"]}
    assert "/restapis/${RestAPI}/stages/" in association["ResourceArn"]["Fn::Sub"]
    rules = {rule["Name"]: rule for rule in acl["Rules"]}

    config = resource(prod, "Distribution")["DistributionConfig"]
    (origin,) = [o for o in config["Origins"] if o["Id"] == "api"]
    (verify,) = origin["OriginCustomHeaders"]
    direct = rules["only-through-cloudfront"]["Statement"]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert direct["FieldToMatch"]["SingleHeader"]["Name"] == verify["HeaderName"].lower()
    assert direct["SearchString"] == verify["HeaderValue"] and direct["PositionalConstraint"] == "EXACTLY"
    assert rules["only-through-cloudfront"]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 403

    rate = rules["per-viewer-rate"]["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == {"Ref": "ApiClientRateLimit"}
    (key,) = rate["CustomKeys"]
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    (function,) = api["FunctionAssociations"]
    assert function == {
        "EventType": "viewer-request",
        "FunctionARN": {"Fn::GetAtt": ["ApiViewerAddress", "FunctionMetadata.FunctionARN"]},
    }
    code = resource(prod, "ApiViewerAddress")["FunctionCode"]
    assert f"request.headers['{key['Header']['Name']}'] = {{value: event.viewer.ip}}" in code
    forwarded = resource(prod, "ApiOriginRequestPolicy")["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"]
    assert key["Header"]["Name"] in [header.lower() for header in forwarded]
    throttled = rules["per-viewer-rate"]["Action"]["Block"]["CustomResponse"]
    body = json.loads(acl["CustomResponseBodies"][throttled["CustomResponseBodyKey"]]["Content"])
    assert throttled["ResponseCode"] == 429 and body["error"]["code"] == "THROTTLED"
    assert [rule["Priority"] for rule in acl["Rules"]] == [0, 1, 2]


def test_the_stage_throttle_is_sized_for_the_target_and_a_parameter(prod: dict[str, Any]) -> None:
    parameters = prod["Parameters"]
    rate, burst = parameters["ApiThrottleRateLimit"]["Default"], parameters["ApiThrottleBurstLimit"]["Default"]
    assert rate >= 300, "the peak of 1M patients and 50k doctors is about 295 requests a second (docs/scaling.md)"
    assert burst >= rate
