from __future__ import annotations

from chalicelib.config import get_settings
from chalicelib.errors import DomainError

MIN_SECRET_BYTES = 32


class SecretMissing(DomainError):
    code = "MISCONFIGURED"


def jwt_secret() -> str:
    """The HS256 key: from SSM (SecureString, cached by powertools for 5 minutes) in AWS, else from settings."""
    settings = get_settings()
    if settings.jwt_secret_param:
        from aws_lambda_powertools.utilities.parameters import get_parameter

        secret = str(get_parameter(settings.jwt_secret_param, decrypt=True, max_age=300))
    else:
        secret = settings.jwt_secret or ""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise SecretMissing(f"the JWT secret must be at least {MIN_SECRET_BYTES} bytes")
    return secret
