"""Expands build/<stage>/sam.json into the plain CloudFormation that AWS would run (the SAM transform), offline.

    .venv-infra/bin/python -m infra.translate build/prod

cfn-lint and checkov read the SAM template as written; the resources SAM makes from it (the API's stage and
deployment, the functions, their permissions and schedule rules) are only visible after the transform. This runs
the transform with aws-sam-translator (the library behind AWS's own), writes build/<stage>/cfn.json for the linters,
and checks what the SAM template alone cannot show. It runs in .venv-infra, where aws-sam-translator lives.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

# What `aws cloudformation package` puts in place of the local deployment.zip.
UPLOADED_CODE = "s3://docspot-artifacts-placeholder/deployment.zip"
CHALICE_CONFIG = Path(__file__).resolve().parents[1] / ".chalice" / "config.json"


class _NoManagedPolicies:
    """DocSpot's functions name no AWS managed policy, so the transform never has to look one up in IAM."""

    def load(self) -> dict[str, str]:
        return {}


def translate(template: dict[str, Any]) -> dict[str, Any]:
    from samtranslator.translator.transform import transform

    template = json.loads(json.dumps(template))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = UPLOADED_CODE
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    parameters = {"MailFrom": "no-reply@example.com"}
    translated: dict[str, Any] = transform(template, parameters, _NoManagedPolicies())
    return translated


def problems(cfn: dict[str, Any]) -> list[str]:
    """What must hold once SAM has expanded the template."""
    found = []
    resources = cfn["Resources"]
    stage_name = json.loads(CHALICE_CONFIG.read_text())["api_gateway_stage"]
    stages = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::ApiGateway::Stage"}
    if [s["StageName"] for s in stages.values()] != [stage_name]:
        found.append(f"the REST API must have exactly one stage, {stage_name!r}: {sorted(stages)}")
    for name, resource in resources.items():
        if resource["Type"] == "AWS::ApiGateway::Deployment" and "StageName" in resource["Properties"]:
            found.append(f"{name} creates an extra stage {resource['Properties']['StageName']!r} (no throttling)")
    for properties in stages.values():
        if not properties.get("MethodSettings") or "AccessLogSetting" not in properties:
            found.append("the API stage lacks its throttling or its access log")
    bodies = [r["Properties"]["Body"] for r in resources.values() if r["Type"] == "AWS::ApiGateway::RestApi"]
    if not all("x-amazon-apigateway-gateway-responses" in body for body in bodies):
        found.append("the REST API definition lacks the gateway responses")
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        properties = resource["Properties"]
        variables = properties.get("Environment", {}).get("Variables", {})
        if not {"DOCSPOT_STAGE", "DOCSPOT_MAIL_FROM", "DOCSPOT_JWT_SECRET_PARAM"} <= set(variables):
            found.append(f"{name} lacks part of its environment: {sorted(variables)}")
        if properties.get("TracingConfig") != {"Mode": "Active"} or "LoggingConfig" not in properties:
            found.append(f"{name} is not traced or has no log group of its own")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m infra.translate build/<stage>", file=sys.stderr)
        return 2
    out = Path(argv[0])
    cfn = translate(json.loads((out / "sam.json").read_text()))
    (out / "cfn.json").write_text(json.dumps(cfn, indent=2) + "\n")
    found = problems(cfn)
    for problem in found:
        print(f"{out / 'cfn.json'}: {problem}", file=sys.stderr)
    if not found:
        kinds = sorted({r["Type"] for r in cfn["Resources"].values()})
        print(f"{out / 'cfn.json'}: {len(cfn['Resources'])} resources after the SAM transform ({len(kinds)} kinds)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
