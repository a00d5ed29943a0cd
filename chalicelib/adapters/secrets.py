from __future__ import annotations

from typing import Any

from chalicelib import aws
from chalicelib.caches import process_cache
from chalicelib.config import get_settings
from chalicelib.errors import DomainError

MIN_SECRET_BYTES = 32


class SecretMissing(DomainError):
    code = "MISCONFIGURED"


def jwt_secret() -> str:
    """The HS256 key: from SSM (SecureString, cached by powertools for 5 minutes) in AWS, else from settings."""
    settings = get_settings()
    if settings.jwt_secret_param:
        secret = str(_parameters().get(settings.jwt_secret_param, decrypt=True, max_age=300))
    else:
        secret = settings.jwt_secret or ""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise SecretMissing(f"the JWT secret must be at least {MIN_SECRET_BYTES} bytes")
    return secret


@process_cache
def _parameters() -> Any:
    """powertools' SSM provider (with its cache), through a client of the shared session: its default provider
    would build a boto3 session of its own on the first request."""
    from aws_lambda_powertools.utilities.parameters import SSMProvider

    return SSMProvider(boto3_client=aws.client("ssm"))
