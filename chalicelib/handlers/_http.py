"""HTTP plumbing shared by every blueprint: routes, body parsing, the caller, and errors -> status, once."""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from chalice.app import Blueprint, Request, Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from chalicelib.adapters.secrets import SecretMissing
from chalicelib.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    RuleViolation,
    TooManyRequests,
    Unauthorized,
)
from chalicelib.handlers.authorizer import jwt_auth
from chalicelib.observability import logger
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

T = TypeVar("T")
View = Callable[..., Any]

STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (SecretMissing, 500),
    (Invalid, 400),
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (RuleViolation, 422),
    (TooManyRequests, 429),
)


def json_headers() -> dict[str, str | list[str]]:
    return {"Content-Type": "application/json"}


# Chalice's own error answers (unknown method, wrong content type...) put into our error shape.
CHALICE_CODES = {
    "BadRequestError": "BAD_REQUEST",
    "MethodNotAllowedError": "METHOD_NOT_ALLOWED",
    "UnsupportedMediaType": "UNSUPPORTED_MEDIA_TYPE",
    "NotFoundError": "NOT_FOUND",
    "InternalServerError": "INTERNAL",
}


def error_body(code: str, message: str, details: list[dict[str, str]] | None = None) -> str:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return json.dumps({"error": error})


def error_response(exc: DomainError) -> Response:
    status = next((s for kind, s in STATUS if isinstance(exc, kind)), 400)
    details = getattr(exc, "details", None)
    return Response(body=error_body(exc.code, exc.message, details), status_code=status, headers=json_headers())


def _to_body(result: Any) -> str:
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    return json.dumps(result)


def api_route(
    blueprint: Blueprint, path: str, *, methods: list[str], authorized: bool = True, status: int = 200
) -> Callable[[View], View]:
    """Registers a view whose DomainErrors become the JSON error shape and whose result becomes JSON."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(**params: Any) -> Response:
            if any(len(str(value)) > MAX_PATH_PARAM for value in params.values()):
                # No id of ours is this long, and DynamoDB refuses keys over 2 KB with an error, not a miss.
                return error_response(NotFound("no such resource", code="NOT_FOUND"))
            try:
                result = view(**params)
            except DomainError as exc:
                return error_response(exc)
            except Exception:
                logger.exception("unhandled error")
                return Response(
                    body=error_body("INTERNAL", "something went wrong on our side; please try again"),
                    status_code=500,
                    headers=json_headers(),
                )
            if isinstance(result, Response):
                return result
            if result is None:
                return Response(body="", status_code=204 if status == 200 else status)
            return Response(body=_to_body(result), status_code=status, headers=json_headers())

        blueprint.route(path, methods=methods, authorizer=jwt_auth if authorized else None)(wrapped)
        return view

    return decorate


class InvalidBody(Invalid):
    def __init__(self, message: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, code="VALIDATION_ERROR")
        self.details = details


def _details(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in err["loc"]) or "body"
        message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        out.append({"field": field, "message": message})
    return out


def parse_body(request: Request, model: Any) -> Any:
    """Validates the JSON body against ``model`` (a pydantic model or annotated type); 400 with details if not."""
    raw = request.raw_body or b""
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser's stack
        raise InvalidBody("the body is not valid JSON") from exc
    if not isinstance(data, dict):
        raise InvalidBody("the body must be a JSON object")
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        details = _details(exc)
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        raise InvalidBody(f"the request is not valid: {summary}", details) from exc


def caller(request: Request) -> Principal:
    context: dict[str, Any] = request.context.get("authorizer") or {}
    user_id, role = context.get("principalId"), context.get("role")
    if not user_id or not role:
        raise Unauthorized("sign in to do this")
    return Principal(user_id=str(user_id), role=Role(str(role)))


def query(request: Request, name: str) -> str | None:
    params = request.query_params
    value = params.get(name) if params is not None else None
    return (value.strip() or None) if isinstance(value, str) else None


def query_int(request: Request, name: str) -> int | None:
    value = query(request, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise Invalid(f"{name} must be a whole number", code="VALIDATION_ERROR") from exc


def query_bool(request: Request, name: str) -> bool:
    return (query(request, name) or "").lower() in ("1", "true", "yes")


MAX_PATH_PARAM = 256
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def http_middleware(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """One log line per request with a correlation id; Chalice's own errors reshaped into ours."""
    context: dict[str, Any] = event.context or {}
    request_id = str(context.get("requestId") or "")
    offered = str(event.headers.get("x-correlation-id") or "")
    correlation = offered if _SAFE_ID.fullmatch(offered) else request_id
    logger.set_correlation_id(correlation)
    started = time.perf_counter()
    response = get_response(event)
    _reshape_chalice_error(response)
    response.headers["X-Correlation-Id"] = correlation
    logger.info(
        "request",
        extra={
            "method": event.method,
            "route": context.get("resourcePath"),
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    logger.set_correlation_id(None)
    return response


def _reshape_chalice_error(response: Response) -> None:
    body = response.body
    if isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = CHALICE_CODES.get(str(body["Code"]), "ERROR")
        response.body = error_body(code, str(body["Message"]) or code.lower().replace("_", " "))
        response.headers["Content-Type"] = "application/json"
