"""Every answer the tests see, checked against the OpenAPI document: its status is one the operation documents
and its body matches the schema documented for that status (error codes included: each error status lists its
codes). The integration tests' client (``tests/support/api.py``) and the e2e tests' HTTP clients
(``tests/support/stack.py``) check every answer, so a response that drifts from the contract fails the suite.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


@functools.cache
def document() -> dict[str, Any]:
    """The app's OpenAPI document, as ``GET /openapi.json`` serves it."""
    import app  # noqa: F401  (registers every route)
    from chalicelib.handlers.openapi import document_json

    return dict(json.loads(document_json()))


@dataclass(frozen=True)
class Route:
    template: str
    pattern: re.Pattern[str]
    literal: bool


class ContractViolation(AssertionError):
    pass


class Contract:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.routes = [
            Route(t, re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(t)) + "$"), "{" not in t)
            for t in spec["paths"]
        ]
        # Literal paths first (``/doctors/me`` before ``/doctors/{doctor_id}``), as the gateway routes them.
        self.routes.sort(key=lambda r: (not r.literal, r.template))
        self._validators: dict[tuple[str, str, str], Draft202012Validator] = {}

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        """The template and operation a request reaches, or None (no such route or method)."""
        bare = path.split("?", 1)[0]
        for route in self.routes:
            if route.pattern.match(bare):
                found = self.spec["paths"][route.template].get(method.lower())
                return (route.template, found) if found is not None else None
        return None

    def _validator(self, template: str, method: str, status: str, schema: dict[str, Any]) -> Draft202012Validator:
        key = (template, method, status)
        if key not in self._validators:
            rooted = {**schema, "components": self.spec["components"]}
            self._validators[key] = Draft202012Validator(rooted, format_checker=FormatChecker())
        return self._validators[key]

    def check(self, method: str, path: str, status: int, content_type: str | None, body: bytes | str | None) -> None:
        """Raises ``ContractViolation`` when the answer is not what the document promises."""
        found = self.operation(method, path)
        if found is None:
            return
        template, op = found
        name = f"{method.upper()} {template}"
        documented = op["responses"]
        if str(status) not in documented:
            raise ContractViolation(f"{name} answered {status}, which it does not document: {body!r:.300}")
        response = documented[str(status)]
        content = response.get("content")
        text = body.decode() if isinstance(body, bytes) else (body or "")
        if not content:
            if text:
                raise ContractViolation(f"{name} {status} documents no body but sent {text!r:.200}")
            return
        media_type, media = next(iter(content.items()))
        if not (content_type or "").startswith(media_type):
            raise ContractViolation(f"{name} {status} sent {content_type!r}, documented {media_type!r}")
        if not (media_type == "application/json" or media_type.endswith("+json")):
            return  # text (iCalendar, NDJSON): its shape is the format's, not a JSON Schema's
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise ContractViolation(f"{name} {status} sent a body that is not JSON: {text!r:.200}") from exc
        validator = self._validator(template, method.lower(), str(status), media["schema"])
        errors = sorted(validator.iter_errors(parsed), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(str(p) for p in errors[0].absolute_path)
            raise ContractViolation(
                f"{name} {status} does not match its schema at '{where}': {errors[0].message:.300} "
                f"({len(errors)} problem(s)) in {text!r:.300}"
            )


@functools.cache
def contract() -> Contract:
    return Contract(document())


def check(method: str, path: str, status: int, content_type: str | None, body: bytes | str | None) -> None:
    contract().check(method, path, status, content_type, body)


@functools.cache
def asyncapi() -> dict[str, Any]:
    from chalicelib.handlers.asyncapi import document as made

    return made()


@functools.cache
def _message_validators() -> dict[str, Draft202012Validator]:
    spec = asyncapi()
    components = spec["components"]
    validators = {}
    for name, message in components["messages"].items():
        if name == "clientMessage":
            continue
        rooted = {**message["payload"], "components": components}
        validators[name] = Draft202012Validator(rooted, format_checker=FormatChecker())
    return validators


def check_message(message: dict[str, Any]) -> None:
    """A message the server pushed matches one of the messages the AsyncAPI document describes."""
    problems = {}
    for name, validator in _message_validators().items():
        error = next(iter(validator.iter_errors(message)), None)
        if error is None:
            return
        problems[name] = error.message
    kind = message.get("type")
    near = {n: p for n, p in problems.items() if "is not one of" not in p} or problems
    raise ContractViolation(f"a pushed {kind!r} message matches no documented message: {near} in {message!r:.300}")
