"""Typed domain errors. Services raise them; ``handlers/_http.py`` turns them into HTTP answers in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a client may see. ``code`` is the stable machine-readable name."""

    code = "ERROR"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class Invalid(DomainError):
    code = "VALIDATION_ERROR"


class Unauthorized(DomainError):
    code = "UNAUTHORIZED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class SlotTaken(Conflict):
    code = "SLOT_TAKEN"


class SlotHeld(Conflict):
    code = "SLOT_LOCKED"


class RuleViolation(DomainError):
    code = "RULE_VIOLATION"


class TooManyRequests(DomainError):
    code = "TOO_MANY_REQUESTS"
