"""The uploads bucket of the local stack and the tests, made as infra/template.json makes it in AWS: versioned, with
the production CORS rules read from the template itself (only the allowed origins differ: the local site's)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import boto3

from chalicelib.config import get_settings

TEMPLATE = Path(__file__).resolve().parents[1] / "infra" / "template.json"
# CloudFormation's names of a CORS rule's properties -> S3's (PutBucketCors).
CORS_FIELDS = {
    "Id": "ID",
    "AllowedHeaders": "AllowedHeaders",
    "AllowedMethods": "AllowedMethods",
    "AllowedOrigins": "AllowedOrigins",
    "ExposedHeaders": "ExposeHeaders",
    "MaxAge": "MaxAgeSeconds",
}


def production_cors_rules() -> list[dict[str, Any]]:
    template = json.loads(TEMPLATE.read_text())
    rules: list[dict[str, Any]] = template["Resources"]["UploadsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    return rules


def local_cors_rules(origins: Sequence[str]) -> list[dict[str, Any]]:
    """The production rules in S3's terms, allowing ``origins`` instead of the CloudFront distribution's."""
    rules = []
    for rule in production_cors_rules():
        converted = {CORS_FIELDS[name]: value for name, value in rule.items() if name != "AllowedOrigins"}
        converted["AllowedOrigins"] = list(origins)
        rules.append(converted)
    return rules


def site_origins(site_url: str) -> list[str]:
    """The origins a browser may show the local site under: as printed, and by the other loopback name."""
    origins = [site_url]
    for printed, other in (("//127.0.0.1:", "//localhost:"), ("//localhost:", "//127.0.0.1:")):
        if printed in site_url:
            origins.append(site_url.replace(printed, other))
    return origins


def create_uploads_bucket(origins: Sequence[str]) -> str:
    settings = get_settings()
    s3 = boto3.client("s3", region_name=settings.region)
    name = settings.uploads_bucket
    if settings.region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": settings.region})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": local_cors_rules(origins)})
    return name
