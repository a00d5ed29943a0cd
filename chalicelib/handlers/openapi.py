"""The OpenAPI 3.1 document of the REST API, made from what every route declares (``_http.api_route``) and the
pydantic contracts, served at ``GET /openapi.json`` to anyone. docs/api.md keeps the prose; this is the reference.

Every operation lists each status it may answer: its success, and each error status with the codes it may carry
(``error.code`` is an enum per status). The codes every route of a kind may answer are added here, once:

- 400 ``VALIDATION_ERROR`` everywhere (an unknown query parameter is refused on every route), ``INVALID_CURSOR``
  where a list pages;
- 401 ``UNAUTHORIZED`` and 403 ``ACCOUNT_DISABLED`` on every route that needs a bearer token;
- 403 ``FORBIDDEN_ROLE`` where not every role may call, ``DOCTOR_NOT_APPROVED`` where doctors may;
- 404 ``NOT_FOUND`` where the path has an id; 415 ``UNSUPPORTED_MEDIA_TYPE`` where there is a JSON body;
- 429 ``RATE_LIMITED`` (with ``Retry-After``) where a route limits attempts per client.

The WebSocket API is described by ``/asyncapi.json`` (``handlers/asyncapi.py``), linked from ``info``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from chalice.app import Blueprint, Response
from pydantic import TypeAdapter

from chalicelib.caches import process_cache
from chalicelib.handlers._http import JSON, MAX_PATH_PARAM, OPERATIONS, Operation, api_route
from chalicelib.vocabulary import Role

openapi = Blueprint(__name__)

VERSION = "1.0.0"
SCHEMAS = "#/components/schemas/"
ERROR, ERROR_DETAIL = "Error", "ErrorDetail"
BEARER = "bearerAuth"

TAGS = {
    "health": "Is the API up?",
    "openapi": "This document",
    "asyncapi": "The WebSocket API's description",
    "auth": "Sign-up, log-in, tokens and password reset",
    "me": "Your own account",
    "specialties": "The catalogue of specialties",
    "doctors": "The doctor directory, profiles and onboarding",
    "availability": "Slots and weekly hours",
    "appointment-types": "The visits a doctor offers: length, price, in person or by video",
    "clinics": "Clinics, and the clinics each doctor works at",
    "holds": "The 5-minute hold on a slot",
    "appointments": "Booking, cancelling, rescheduling, the status machine",
    "files": "Patients' documents on an appointment (uploaded straight to storage)",
    "waitlist": "A patient's place in a doctor's queue for freed slots",
    "notifications": "The notification feed",
    "admin-users": "Accounts as admins govern them",
    "attendance": "The reminder's attendance link (the token is the credential)",
    "records": "Medical records, their access log, the doctor's patients and follow-ups",
    "conversations": "Doctor-patient conversations: messages, read marks, unread counts",
    "urgent-requests": "Urgent requests to the doctors on duty, and the doctors' duty",
    "fhir": "Free slots published as SMART Scheduling Links (FHIR R4)",
    "calendar-feeds": "Calendar feeds people subscribe to (the token in the URL is the credential)",
    "phone": "A patient's phone number for SMS reminders, confirmed by a code",
    "support": "Support tickets: users open them, admins work the queue",
    "reviews": "Ratings and reviews of completed visits, the doctor's reply, reports and moderation",
    "analytics": "Utilization, no-shows, cancellations and revenue from daily counters; CSV exports",
    "audit-log": "The audit trail, read by admins",
    "plans": "Doctor plans, subscriptions with their trial, invoices and their payment",
    "platform-settings": "The platform's numbers admins may change: notice, holds, currency, emergency number",
    "disputes": "Disputes over finished appointments and how admins resolve them",
    "admin-patients": "Patients as admins find and look after them (never their medical record)",
}

STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No content",
    400: "The request is malformed: `details` lists each field at fault",
    401: "No, a bad or an expired token, or wrong credentials",
    403: "Your role, your account or your part in the thing does not allow this",
    404: "No such thing (or not one you may see)",
    409: "It conflicts with what exists now",
    415: "The body must be JSON (`Content-Type: application/json`)",
    422: "Well-formed, but a rule refuses it",
    429: "Too many attempts: wait `Retry-After` seconds",
}

MESSAGES = {
    "VALIDATION_ERROR": "the request is not valid: email: is not a valid e-mail address",
    "UNAUTHORIZED": "sign in to do this: the access token is missing, invalid or expired",
    "ACCOUNT_DISABLED": "this account is disabled",
    "FORBIDDEN_ROLE": "your role may not do this",
    "NOT_FOUND": "no such resource",
    "UNSUPPORTED_MEDIA_TYPE": "Unsupported media type: text/plain",
}

ROLE_NAMES = {Role.PATIENT: "patients", Role.DOCTOR: "approved doctors", Role.ADMIN: "admins"}


def _error_schemas() -> dict[str, Any]:
    return {
        ERROR_DETAIL: {
            "type": "object",
            "required": ["field", "message"],
            "properties": {
                "field": {"type": "string", "description": "the field as the client named it (`a.b` when nested)"},
                "message": {"type": "string"},
            },
        },
        ERROR: {
            "type": "object",
            "description": "Every error answer: `code` is stable and machine-readable, `message` is for people.",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {"type": "string", "pattern": "^[A-Z][A-Z_]*$"},
                        "message": {"type": "string"},
                        "details": {"type": "array", "items": {"$ref": SCHEMAS + ERROR_DETAIL}},
                    },
                }
            },
            "examples": [{"error": {"code": "EMAIL_TAKEN", "message": "an account with this e-mail address exists"}}],
        },
    }


def error_codes(op: Operation) -> dict[int, list[str]]:
    """Every error status ``op`` may answer, with its codes: the ones of its kind, then the ones it declared."""
    codes: dict[int, list[str]] = defaultdict(list)
    codes[400].append("VALIDATION_ERROR")
    if op.query is not None and "cursor" in op.query.model_fields:
        codes[400].append("INVALID_CURSOR")
    if op.authorized:
        codes[401].append("UNAUTHORIZED")
        codes[403].append("ACCOUNT_DISABLED")
        if op.roles and set(op.roles) != set(Role):
            codes[403].append("FORBIDDEN_ROLE")
        if Role.DOCTOR in op.roles:
            codes[403].append("DOCTOR_NOT_APPROVED")
    if op.path_params:
        codes[404].append("NOT_FOUND")
    if op.body is not None:
        codes[415].append("UNSUPPORTED_MEDIA_TYPE")
    if op.limit is not None:
        codes[429].append("RATE_LIMITED")
    for status, declared in op.errors.items():
        codes[status].extend(c for c in declared if c not in codes[status])
    return dict(sorted(codes.items()))


def _error_response(status: int, codes: list[str]) -> dict[str, Any]:
    listed = ", ".join(f"`{c}`" for c in codes)
    response: dict[str, Any] = {
        "description": f"{STATUS_TEXT.get(status, 'Refused')}. Codes: {listed}.",
        "content": {
            JSON: {
                "schema": {
                    "allOf": [
                        {"$ref": SCHEMAS + ERROR},
                        {"properties": {"error": {"properties": {"code": {"enum": codes}}}}},
                    ]
                },
                "example": {"error": {"code": codes[0], "message": MESSAGES.get(codes[0], codes[0].lower())}},
            }
        },
    }
    if status == 400:
        response["content"][JSON]["example"]["error"]["details"] = [
            {"field": "email", "message": "is not a valid e-mail address"}
        ]
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "integer"}}
        }
    return response


def _key(op: Operation) -> str:
    return f"{op.method} {op.path}"


def _schemas(operations: Iterable[Operation]) -> tuple[dict[tuple[str, str], Any], dict[str, Any]]:
    """The JSON Schema of every body, query and answer, sharing one set of definitions (the components)."""
    inputs: list[tuple[tuple[str, str], Any, TypeAdapter[Any]]] = []
    for op in operations:
        if op.body is not None:
            inputs.append(((_key(op), "body"), "validation", TypeAdapter(op.body)))
        if op.query is not None:
            inputs.append(((_key(op), "query"), "validation", TypeAdapter(op.query)))
        response = op.response()
        if response is not None:
            inputs.append(((_key(op), "response"), "serialization", TypeAdapter(response)))
    by_key, definitions = TypeAdapter.json_schemas(inputs, ref_template=SCHEMAS + "{model}")
    components = {name: untitled(schema) for name, schema in definitions.get("$defs", {}).items()}
    return {key: untitled(schema) for (key, _mode), schema in by_key.items()}, components


def untitled(schema: Any) -> Any:
    """``schema`` without the titles pydantic gives every property ("User Id" for ``user_id``): they repeat the
    name and clutter the reference and the generated types. A model keeps its own title."""
    if isinstance(schema, list):
        return [untitled(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: untitled(value) for key, value in schema.items()}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {
            name: {k: v for k, v in prop.items() if k != "title"} if isinstance(prop, dict) else prop
            for name, prop in out["properties"].items()
        }
    return out


def _resolve(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMAS):
        found: Mapping[str, Any] = components[ref.removeprefix(SCHEMAS)]
        return found
    return schema


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is text or absent, never null: ``X | None`` becomes ``X``."""
    options = schema.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            schema = {**kept[0], **rest}
    if schema.get("default") is None:
        schema.pop("default", None)
    return schema


def _query_parameters(schema: Mapping[str, Any], components: Mapping[str, Any]) -> list[dict[str, Any]]:
    model = _resolve(schema, components)
    required = set(model.get("required", []))
    parameters = []
    for name, prop in model.get("properties", {}).items():
        prop = _without_null({k: v for k, v in prop.items() if k != "title"})
        description = prop.pop("description", None)
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _who(op: Operation) -> str:
    if not op.authorized:
        return "Anyone."
    if not op.roles:
        return "Any signed-in user."
    return "Only " + ", ".join(ROLE_NAMES[r] for r in op.roles) + "."


def _has_required_fields(schema: Mapping[str, Any], components: Mapping[str, Any]) -> bool:
    model = _resolve(schema, components)
    if "oneOf" in model or "anyOf" in model:
        return True
    return bool(model.get("required"))


def _operation(op: Operation, schemas: Mapping[tuple[str, str], Any], components: Mapping[str, Any]) -> dict[str, Any]:
    key = _key(op)
    description = "\n\n".join(part for part in (op.description, f"**Who:** {_who(op)}") if part)
    spec: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": description,
        "tags": [op.tag],
        "security": [{BEARER: []}] if op.authorized else [],
        "x-roles": [str(r) for r in op.roles] if op.authorized else ["anyone"],
    }
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": "an opaque id, as the API handed it out",
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_PATH_PARAM},
        }
        for name in op.path_params
    ]
    if op.query is not None:
        parameters += _query_parameters(schemas[(key, "query")], components)
    parameters += [
        {"name": name, "in": "header", "required": False, "description": meaning, "schema": {"type": "string"}}
        for name, meaning in op.headers.items()
    ]
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        body = schemas[(key, "body")]
        spec["requestBody"] = {
            "required": _has_required_fields(body, components),
            "content": {JSON: {"schema": body}},
        }
    responses: dict[str, Any] = {}
    response = op.response()
    if response is None:
        responses["204" if op.status == 200 else str(op.status)] = {"description": STATUS_TEXT[204]}
    else:
        # JSON and its dialects (application/fhir+json) carry their schema; anything else is text
        is_json = op.media_type == JSON or op.media_type.endswith("+json")
        schema = schemas[(key, "response")] if is_json else {"type": "string"}
        for status in (op.status, *op.also):
            responses[str(status)] = {
                "description": STATUS_TEXT.get(status, "OK"),
                "content": {op.media_type: {"schema": schema}},
            }
    if "If-None-Match" in op.headers:
        # A conditional GET: the answer carries an ETag, and the same ETag sent back answers 304 without a body
        responses[str(op.status)]["headers"] = {
            "ETag": {"description": "the version of this answer", "schema": {"type": "string"}}
        }
        responses["304"] = {"description": "Not modified: the copy named by `If-None-Match` is current"}
    for status, codes in error_codes(op).items():
        responses[str(status)] = _error_response(status, codes)
    spec["responses"] = responses
    return spec


def build(operations: Iterable[Operation]) -> dict[str, Any]:
    """The document for ``operations`` (every route of the app: ``OPERATIONS``)."""
    ops = sorted(operations, key=lambda o: (o.path, o.method))
    schemas, components = _schemas(ops)
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    for op in ops:
        paths[op.path][op.method.lower()] = _operation(op, schemas, components)
    used_tags = sorted({op.tag for op in ops}, key=lambda t: list(TAGS).index(t) if t in TAGS else len(TAGS))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DocSpot API",
            "version": VERSION,
            "description": (
                "The REST API of DocSpot, a doctor-appointment platform. JSON in, JSON out; times are ISO 8601 "
                "with an offset. Lists page with `limit` and `cursor` and answer `{items, next_cursor}`. Every "
                'error has one shape, `{"error": {"code", "message", "details?"}}`. Concepts and flows: '
                "docs/api.md. Live updates over WebSocket: the AsyncAPI document at `/api/asyncapi.json`."
            ),
        },
        "servers": [{"url": "/api", "description": "the API's stage, on the site's own origin"}],
        "tags": [{"name": tag, "description": TAGS.get(tag, tag)} for tag in used_tags],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": {**dict(sorted(components.items())), **_error_schemas()},
            "securitySchemes": {
                BEARER: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "the `access_token` of `POST /auth/login` (15 minutes); never a refresh token",
                }
            },
        },
    }


@process_cache
def document_json() -> str:
    """Made once per process, on the first request for it."""
    return json.dumps(build(OPERATIONS), separators=(",", ":"))


@api_route(openapi, "/openapi.json", methods=["GET"], authorized=False, response=dict[str, Any])
def get_openapi() -> Response:
    """This document: the OpenAPI 3.1 description of every route."""
    return Response(
        body=document_json(), status_code=200, headers={"Content-Type": JSON, "Cache-Control": "public, max-age=300"}
    )
