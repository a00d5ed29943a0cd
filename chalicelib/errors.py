"""Typed domain errors. Services raise them; ``handlers/_http.py`` turns them into HTTP answers in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a client may see. ``code`` is the stable machine-readable name; ``details`` lists the
    fields at fault (``[{"field", "message"}]``, with the names the client sent)."""

    code = "ERROR"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[dict[str, str]] | None = None
        if code is not None:
            self.code = code


class Invalid(DomainError):
    """400. ``field`` names the one field at fault (as the client sent it); ``details`` several."""

    code = "VALIDATION_ERROR"

    def __init__(
        self,
        message: str,
        code: str | None = None,
        *,
        field: str | None = None,
        details: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(message, code)
        if details:
            self.details = details
        elif field is not None:
            self.details = [{"field": field, "message": message}]


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
    """429. ``retry_after`` (seconds) becomes the ``Retry-After`` header."""

    code = "TOO_MANY_REQUESTS"

    def __init__(self, message: str, code: str | None = None, *, retry_after: int | None = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after
