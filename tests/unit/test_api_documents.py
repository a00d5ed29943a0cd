"""The API's documents are made from the code and cannot drift from it: the OpenAPI document is valid OpenAPI 3.1,
names every route of the app and nothing else, and the committed copies the web app is generated from are
current (``make api-types``)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from tools import api_documents


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return api_documents.documents()["openapi"]


@pytest.fixture(scope="module")
def asyncapi() -> dict[str, Any]:
    return api_documents.documents()["asyncapi"]


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method.upper(), path): op for path, item in spec["paths"].items() for method, op in item.items()}


def test_the_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_of_the_app_is_documented_and_every_documented_path_is_a_route(spec: dict[str, Any]) -> None:
    from app import app

    # Every path also answers OPTIONS, the CORS preflight (_http.api_route): plumbing, not an operation.
    routes = {(method, path) for path, entries in app.routes.items() for method in entries if method != "OPTIONS"}

    assert set(operations(spec)) == routes
    assert all("OPTIONS" in entries for entries in app.routes.values())


def test_operation_ids_are_unique_and_each_operation_says_what_it_does(spec: dict[str, Any]) -> None:
    ops = operations(spec).values()
    ids = [op["operationId"] for op in ops]

    assert len(ids) == len(set(ids))
    assert all(op["summary"] for op in ops), [op["operationId"] for op in ops if not op["summary"]]


def test_every_error_answer_has_the_error_shape_and_names_its_codes(spec: dict[str, Any]) -> None:
    for (method, path), op in operations(spec).items():
        for status, response in op["responses"].items():
            if int(status) < 400:
                continue
            schema = response["content"]["application/json"]["schema"]
            assert schema["allOf"][0] == {"$ref": "#/components/schemas/Error"}, (method, path, status)
            codes = schema["allOf"][1]["properties"]["error"]["properties"]["code"]["enum"]
            assert codes and all(re.fullmatch(r"[A-Z][A-Z_]+", c) for c in codes), (method, path, status)


def test_routes_behind_the_token_name_the_bearer_scheme_and_answer_401(spec: dict[str, Any]) -> None:
    for (method, path), op in operations(spec).items():
        if op["security"]:
            assert op["security"] == [{"bearerAuth": []}]
            assert "401" in op["responses"], (method, path)
        else:
            assert "401" not in op["responses"] or path.startswith("/auth/"), (method, path)


def test_every_path_parameter_is_declared(spec: dict[str, Any]) -> None:
    for (method, path), op in operations(spec).items():
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{([^}]+)}", path)), (method, path)


def test_the_asyncapi_document_resolves_every_reference(asyncapi: dict[str, Any]) -> None:
    assert asyncapi["asyncapi"] == "3.0.0"
    text = json.dumps(asyncapi)
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
        node: Any = asyncapi
        for part in ref.split("/"):
            assert part in node, ref
            node = node[part]


def test_the_committed_copies_are_current() -> None:
    """frontend/src/api/openapi.json and asyncapi.json are what the code makes: run ``make api-types``."""
    assert api_documents.stale() == []
