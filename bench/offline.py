"""The environment of an in-process bench: moto's fake credentials, a stage of its own, quiet powertools, and no
endpoint left over from a shell that pointed boto3 at a local stack. Set before the app is imported."""

from __future__ import annotations

import os

ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "DOCSPOT_STAGE": "bench",
    "DOCSPOT_JWT_SECRET": "bench-secret-that-is-at-least-32-bytes-long",
    "POWERTOOLS_TRACE_DISABLED": "1",
    "POWERTOOLS_METRICS_DISABLED": "1",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
}


def use_offline_environment(**extra: str) -> None:
    os.environ.update({**ENVIRONMENT, **extra})
    os.environ.pop("AWS_ENDPOINT_URL", None)
