"""PynamoDB models: one per table, the single definition used by the app, the tests, the local stack and infra."""

from __future__ import annotations

from pynamodb.models import Model

from chalicelib.models.audit import AuditEntry
from chalicelib.models.doctors import Doctor
from chalicelib.models.specialties import Specialty
from chalicelib.models.tokens import Token
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.models.users import User

ALL_MODELS: tuple[type[Model], ...] = (User, UniqueKey, Specialty, Doctor, Token, AuditEntry)

__all__ = ["ALL_MODELS", "AuditEntry", "Doctor", "Specialty", "Token", "UniqueKey", "User"]
