"""A thin JSON client over ``chalice.test.Client`` with API Gateway's own answers (see local/gateway.py), and a
check of DocSpot's error shape. Every answer is checked against the OpenAPI document (tests/support/contract.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from local.gateway import make_gateway
from tests.support.contract import check


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def error_code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            code = self.body["error"].get("code")
            return str(code) if code is not None else None
        return None


def assert_error(reply: Reply, status: int, code: str | None = None) -> None:
    """The answer has ``status`` and DocSpot's error shape (and ``code`` if given)."""
    assert reply.status == status, (reply.status, reply.body)
    assert isinstance(reply.body, dict) and set(reply.body) == {"error"}, reply.body
    error = reply.body["error"]
    assert isinstance(error.get("code"), str) and error["code"], error
    assert isinstance(error.get("message"), str) and error["message"], error
    if code is not None:
        assert error["code"] == code, error


class Api:
    def __init__(self, client: Client, *, checked: bool = True, after: Callable[[], object] | None = None) -> None:
        self._client = client
        self.checked = checked
        # Run after every request: the integration fixtures drain the DynamoDB streams into the app's consumers
        # (tests/support/streams.py), so the effects of a change are there when the test looks.
        self.after = after
        client.http._local_gateway = make_gateway(client.http._app)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        response = self._client.http.request(method, path, headers=sent, body=payload)
        if self.after is not None:
            self.after()
        body = response.body
        binary = isinstance(body, bytes) and str(response.headers.get("Content-Type", "")).startswith("application/pdf")
        text = body.decode("latin-1") if binary else (body.decode() if isinstance(body, bytes) else body)
        if self.checked:
            check(method, path, response.status_code, response.headers.get("Content-Type"), text)
        media = str(response.headers.get("Content-Type", "application/json")).split(";")[0].strip()
        is_json = media == "application/json" or media.endswith("+json")  # not NDJSON (application/fhir+ndjson)
        parsed = (json.loads(text) if is_json else text) if text else None
        return Reply(response.status_code, parsed, dict(response.headers))

    def get(self, path: str, token: str | None = None, **kw: Any) -> Reply:
        return self.call("GET", path, token=token, **kw)

    def post(self, path: str, body: Any = None, token: str | None = None, **kw: Any) -> Reply:
        return self.call("POST", path, body=body, token=token, **kw)

    def patch(self, path: str, body: Any = None, token: str | None = None, **kw: Any) -> Reply:
        return self.call("PATCH", path, body=body, token=token, **kw)

    def put(self, path: str, body: Any = None, token: str | None = None, **kw: Any) -> Reply:
        return self.call("PUT", path, body=body, token=token, **kw)

    def delete(self, path: str, token: str | None = None, **kw: Any) -> Reply:
        return self.call("DELETE", path, token=token, **kw)
