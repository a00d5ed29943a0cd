"""HTTP plumbing shared by every blueprint: routes and what each declares (the source of the OpenAPI document,
``handlers/openapi.py``), strict parsing of query strings and bodies, the caller, and errors -> status, once.

A view gets what its route declared, already checked, as keyword arguments: its path parameters, ``principal``
(the caller, whose role the route allows), ``query`` (the query model) and ``body`` (the body model). Anything
a route did not declare is refused: an unknown query parameter is a 400 naming it. The order of the checks is
fixed: a too-long path parameter (404), the caller (401, 403), the query string, the body (400).
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import time
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, get_args, get_origin

from chalice.app import Blueprint, Request, Response
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from chalicelib.adapters.secrets import SecretMissing
from chalicelib.config import get_settings
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
from chalicelib.services.accounts.authentication import still_valid
from chalicelib.services.core import limits
from chalicelib.services.core.authz import Principal, require
from chalicelib.services.core.limits import Limit
from chalicelib.vocabulary import Role

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
JSON = "application/json"
MAX_PATH_PARAM = 256
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_PATH_PARAM = re.compile(r"{([^}]+)}")


def json_headers() -> dict[str, str | list[str]]:
    return {"Content-Type": JSON}


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
    headers = json_headers()
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(max(1, int(retry_after)))
    details = exc.details
    if details is None and exc.code == "VALIDATION_ERROR":
        details = [{"field": "request", "message": exc.message}]
    return Response(body=error_body(exc.code, exc.message, details), status_code=status, headers=headers)


def _internal_error() -> Response:
    return Response(
        body=error_body("INTERNAL", "something went wrong on our side; please try again"),
        status_code=500,
        headers=json_headers(),
    )


def _to_body(result: Any) -> str:
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    return json.dumps(result)


# Routes and what they declare -------------------------------------------------------------------------------------


_FROM_ANNOTATION: Any = object()


@dataclass(frozen=True)
class Operation:
    """One method of one route as ``api_route`` registered it: everything the OpenAPI document says of it."""

    method: str
    path: str
    operation_id: str
    tag: str
    summary: str
    description: str
    authorized: bool
    roles: tuple[Role, ...]
    status: int
    body: Any
    query: type[BaseModel] | None
    view: View
    declared_response: Any
    media_type: str
    errors: Mapping[int, tuple[str, ...]]
    headers: Mapping[str, str] = field(default_factory=dict)
    limit: Limit | None = None
    also: tuple[int, ...] = ()

    @property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)

    def response(self) -> Any:
        """The answer's type: declared, or the view's return annotation (None: no body). Resolved only when asked
        (for the OpenAPI document), never at import: a generic page type costs a schema build when made."""
        if self.declared_response is not _FROM_ANNOTATION:
            return self.declared_response
        returned = typing.get_type_hints(self.view).get("return", type(None))
        return None if returned is type(None) else returned


OPERATIONS: list[Operation] = []
# Paths that have their CORS preflight route already (one per path, whichever blueprint declares it first).
_PREFLIGHTS: set[str] = set()
CORS_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Correlation-Id"
CORS_EXPOSED = "Retry-After, X-Correlation-Id, Content-Disposition"


def _docstring(view: View) -> tuple[str, str]:
    doc = inspect.getdoc(view) or ""
    summary, _, rest = doc.partition("\n")
    return summary.strip(), rest.strip()


def api_route(
    blueprint: Blueprint,
    path: str,
    *,
    methods: list[str],
    authorized: bool = True,
    roles: Sequence[Role] = (),
    approved: bool = True,
    status: int = 200,
    body: Any = None,
    body_for: Callable[..., Any] | None = None,
    query: type[BaseModel] | None = None,
    errors: Mapping[int, Sequence[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    response: Any = _FROM_ANNOTATION,
    media_type: str = JSON,
    limit: Limit | None = None,
    also: Sequence[int] = (),
) -> Callable[[View], View]:
    """Registers a view and declares its contract.

    ``authorized``: a signed-in caller is needed (the bearer token); ``roles``: which roles may call (none: any
    signed-in user; a doctor must also be approved, ``core.authz.require``, unless ``approved=False``: a doctor's own
    application, where the service decides what each status may do). ``body`` and ``query``: the pydantic
    shapes of the JSON body and the query string. ``errors``: the codes the route answers beyond the ones every
    route of its kind may (``handlers/openapi.py`` adds those). ``headers``: request headers it reads, with their
    meaning. ``body_for``: when the shape of the body depends on a path parameter (a record's ``{kind}``), the
    model to parse with, from the path parameters; ``body`` then documents every shape it may be.
    ``response``: the answer's type when the view's return annotation is not it (a ``Response``).
    ``limit``: attempts per client address (``core.limits``), counted before anything else (429 with
    ``Retry-After`` beyond it). ``also``: other success statuses with the same answer (a create that finds the
    existing one: 201, or 200); the view returns ``(answer, status)`` to pick one."""

    def decorate(view: View) -> View:
        wants = set(inspect.signature(view).parameters)
        summary, description = _docstring(view)
        for method in methods:
            OPERATIONS.append(
                Operation(
                    method=method,
                    path=path,
                    operation_id=view.__name__,
                    tag=blueprint._import_name.rsplit(".", 1)[-1].replace("_", "-"),
                    summary=summary,
                    description=description,
                    authorized=authorized,
                    roles=tuple(roles),
                    status=status,
                    body=body,
                    query=query,
                    view=view,
                    declared_response=response,
                    media_type=media_type,
                    errors={s: tuple(codes) for s, codes in (errors or {}).items()},
                    headers=dict(headers or {}),
                    limit=limit,
                    also=tuple(also),
                )
            )

        @functools.wraps(view)
        def wrapped(**params: Any) -> Response:
            if any(len(str(value)) > MAX_PATH_PARAM for value in params.values()):
                # No id of ours is this long, and DynamoDB refuses keys over 2 KB with an error, not a miss.
                return error_response(NotFound("no such resource", code="NOT_FOUND"))
            try:
                request = blueprint.current_request
                if limit is not None:
                    limits.hit(limit, client_ip(request))
                arguments = dict(params)
                if authorized:
                    principal = caller(request)
                    if roles:
                        require(principal, *roles, approved=approved)
                    if "principal" in wants:
                        arguments["principal"] = principal
                parsed = parse_query(request, query)
                if query is not None:
                    arguments["query"] = parsed
                if body is not None:
                    arguments["body"] = parse_body(request, body_for(**params) if body_for else body)
                result = view(**arguments)
            except DomainError as exc:
                return error_response(exc)
            except Exception:
                logger.exception("unhandled error")
                return _internal_error()
            if isinstance(result, Response):
                return result
            if result is None:
                return Response(body="", status_code=204 if status == 200 else status)
            answered = status
            if also and isinstance(result, tuple):
                result, answered = result
            return Response(body=_to_body(result), status_code=answered, headers=json_headers())

        # A route without a body accepts any Content-Type (a GET may carry one); one with a body wants JSON.
        content_types = [JSON] if body is not None else ["*/*"]
        blueprint.route(
            path, methods=methods, authorizer=jwt_auth if authorized else None, content_types=content_types
        )(wrapped)
        if path not in _PREFLIGHTS:
            _PREFLIGHTS.add(path)
            blueprint.route(path, methods=["OPTIONS"], authorizer=None, content_types=["*/*"])(_preflight(blueprint))
        return view

    return decorate


# Parsing ---------------------------------------------------------------------------------------------------------


class InvalidBody(Invalid):
    def __init__(self, message: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, code="VALIDATION_ERROR", details=details or [{"field": "body", "message": message}])


_adapters: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _validate(model: Any, data: Any) -> Any:
    """``model`` validates ``data``: a model by itself, any other type through an adapter made on first use (never
    at import: building one costs a cold start)."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_validate(data)
    known = _adapters.get(id(model))
    if known is None or known[0] is not model:
        known = _adapters[id(model)] = (model, TypeAdapter(model))
    return known[1].validate_python(data)


def _discriminated(model: Any) -> tuple[str, dict[str, Any]] | None:
    """``(discriminator, {tag: model})`` of an ``Annotated[A | B, Field(discriminator=...)]``, else None."""
    if get_origin(model) is not Annotated:
        return None
    union, *extras = get_args(model)
    info = next((e for e in extras if isinstance(e, FieldInfo) and isinstance(e.discriminator, str)), None)
    if info is None:
        return None
    name = str(info.discriminator)
    branches: dict[str, Any] = {}
    for member in get_args(union):
        for tag in get_args(member.model_fields[name].annotation):
            branches[str(tag)] = member
    return name, branches


def _message(err: Mapping[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "is required"
    return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _details(exc: ValidationError, *, whole: str = "body") -> list[dict[str, str]]:
    """Each error at the field the client named (aliases, list positions), never the parser's own path."""
    out = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        parts = [str(p) for p in err["loc"]]
        out.append({"field": ".".join(parts) or whole, "message": _message(err)})
    return out


def _validation(exc: ValidationError, whole: str) -> Invalid:
    details = _details(exc, whole=whole)
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
    return InvalidBody(f"the request is not valid: {summary}", details)


def parse_body(request: Request, model: Any) -> Any:
    """Validates the JSON body against ``model`` (a pydantic model or annotated type); 400 with the fields at
    fault if not. An empty body is ``{}``."""
    raw = request.raw_body or b""
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser's stack
        raise InvalidBody("the body is not valid JSON") from exc
    if not isinstance(data, dict):
        raise InvalidBody("the body must be a JSON object")
    branches = _discriminated(model)
    if branches is not None:
        # Validated against the branch the client named, so errors name its fields, never the union's tags.
        name, by_tag = branches
        chosen = by_tag.get(str(data.get(name)))
        if chosen is None:
            message = f"must be one of {', '.join(by_tag)}"
            raise InvalidBody(f"the request is not valid: {name}: {message}", [{"field": name, "message": message}])
        model = chosen
    try:
        return _validate(model, data)
    except ValidationError as exc:
        raise _validation(exc, "body") from exc


def parse_query(request: Request, model: type[BaseModel] | None) -> BaseModel | None:
    """The query string as ``model`` (a parameter given empty counts as absent). A parameter the route does not
    know, or one given twice, is a 400 naming it: a typo must not pass for a search without that filter."""
    params = request.query_params
    names = list(params) if params is not None else []
    known = {f.alias or name for name, f in model.model_fields.items()} if model is not None else set()
    unknown = [name for name in names if name not in known]
    if unknown:
        details = [{"field": name, "message": "unknown query parameter"} for name in unknown]
        raise Invalid(f"unknown query parameter: {', '.join(unknown)}", details=details)
    if model is None:
        return None
    assert params is not None or not names
    data: dict[str, str] = {}
    for name in names:
        values = params.getlist(name)  # type: ignore[union-attr]
        if len(values) > 1:
            raise Invalid(f"{name} may be given once", field=name)
        value = values[0].strip() if isinstance(values[0], str) else ""
        if value:
            data[name] = value
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation(exc, "query") from exc


def client_ip(request: Request) -> str:
    """The client's address: from the header a trusted proxy sets (``DOCSPOT_CLIENT_IP_HEADER``, CloudFront's
    ``CloudFront-Viewer-Address``, ``ip:port``) when configured and present, else the connection's source."""
    header = get_settings().client_ip_header
    value = str(request.headers.get(header) or "").strip() if header else ""
    if value:
        address, colon, port = value.rpartition(":")
        return address.strip("[]") if colon and port.isdigit() else value
    identity: dict[str, Any] = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def caller(request: Request) -> Principal:
    """The principal the authorizer vouched for, once the request confirms its answer still holds: the token has
    not expired since the answer was cached, and the account is still active (one GetItem)."""
    context: dict[str, Any] = request.context.get("authorizer") or {}
    user_id, role, expires = context.get("principalId"), context.get("role"), context.get("exp")
    if not user_id or not role:
        raise Unauthorized("sign in to do this")
    principal = Principal(user_id=str(user_id), role=Role(str(role)))
    return still_valid(principal, int(expires) if expires is not None else None)


def _allowed_origin(request: Request) -> str | None:
    """The request's ``Origin`` if it is on the allow-list (``DOCSPOT_CORS_ORIGINS``; empty: the SPA shares the
    API's origin and no other is allowed). Never ``*``."""
    origin = str(request.headers.get("origin") or "").rstrip("/")
    return origin if origin and origin in get_settings().cors_origins else None


def _preflight(blueprint: Blueprint) -> View:
    """A browser's CORS preflight of any route of the path: allowed origins only. Not an operation of the API (the
    OpenAPI document leaves them out): plumbing that lets another allowed origin make the real request."""

    def preflight(**params: Any) -> Response:
        origin = _allowed_origin(blueprint.current_request)
        if origin is None:
            return Response(
                body=error_body("CORS_ORIGIN_NOT_ALLOWED", "this origin may not call the API"),
                status_code=403,
                headers=json_headers(),
            )
        return Response(
            body="",
            status_code=204,
            headers={
                "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
                "Access-Control-Allow-Headers": CORS_HEADERS,
                "Access-Control-Max-Age": "600",
            },
        )

    return preflight


def _secure_headers(request: Request, response: Response) -> None:
    """Every API answer: never cached by a browser or a shared cache unless the route said otherwise (the
    documents), never sniffed into another type, and readable cross-origin only by an allowed origin."""
    headers = response.headers
    if not any(name.lower() == "cache-control" for name in headers):
        headers["Cache-Control"] = "no-store"
    headers["X-Content-Type-Options"] = "nosniff"
    origin = _allowed_origin(request)
    if origin is not None:
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
    if get_settings().cors_origins:
        headers["Vary"] = "Origin"


def http_middleware(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """One log line per request with a correlation id; Chalice's own errors reshaped into ours; the security
    headers on every answer."""
    context: dict[str, Any] = event.context or {}
    request_id = str(context.get("requestId") or "")
    offered = str(event.headers.get("x-correlation-id") or "")
    correlation = offered if _SAFE_ID.fullmatch(offered) else request_id
    logger.set_correlation_id(correlation)
    started = time.perf_counter()
    response = get_response(event)
    _reshape_chalice_error(response)
    _secure_headers(event, response)
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
        response.headers["Content-Type"] = JSON
