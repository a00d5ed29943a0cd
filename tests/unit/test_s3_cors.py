"""The local stack's S3 CORS (local/s3_cors.py) decides as S3 does, from the bucket's rules, whatever moto says."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from local.s3_cors import CorsRule, S3Cors

SITE = "http://127.0.0.1:8000"
RULES = [
    CorsRule(
        allowed_methods=("GET", "HEAD", "POST"),
        allowed_origins=(SITE,),
        allowed_headers=("Content-Type", "x-amz-*"),
        exposed_headers=("ETag",),
        max_age_seconds=3600,
    )
]


def moto(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """moto's server as flask-cors makes it: any origin is allowed."""
    start_response("204 No Content", [("Access-Control-Allow-Origin", "*"), ("Vary", "Origin"), ("ETag", '"1"')])
    return [b""]


def call(method: str, path: str, **headers: str) -> tuple[str, dict[str, str]]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen.update(status=status, headers=dict(headers))

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    environ.update({"HTTP_" + name.upper(): value for name, value in headers.items()})
    app = S3Cors(moto, lambda bucket: RULES if bucket == "uploads" else None)
    b"".join(app(environ, start_response))
    return seen["status"], seen["headers"]


def test_a_preflight_from_the_site_for_an_allowed_method_and_headers_is_answered() -> None:
    status, headers = call(
        "OPTIONS",
        "/uploads",
        origin=SITE,
        access_control_request_method="POST",
        access_control_request_headers="content-type, X-Amz-Date",
    )
    assert status.startswith("200")
    assert headers["Access-Control-Allow-Origin"] == SITE
    assert headers["Access-Control-Allow-Headers"] == "content-type, X-Amz-Date"
    assert headers["Access-Control-Max-Age"] == "3600"


def test_preflights_for_other_origins_methods_or_headers_are_refused() -> None:
    for headers in (
        {"origin": "http://evil.example", "access_control_request_method": "POST"},
        {"origin": SITE, "access_control_request_method": "PUT"},
        {"origin": SITE, "access_control_request_method": "GET", "access_control_request_headers": "authorization"},
    ):
        status, answer = call("OPTIONS", "/uploads/files/a", **headers)
        assert status.startswith("403"), headers
        assert "Access-Control-Allow-Origin" not in answer


def test_an_answer_carries_the_rules_cors_headers_for_an_allowed_origin_and_none_otherwise() -> None:
    status, allowed = call("POST", "/uploads", origin=SITE)
    assert status.startswith("204")
    assert allowed["Access-Control-Allow-Origin"] == SITE
    assert allowed["Access-Control-Expose-Headers"] == "ETag"
    assert allowed["ETag"] == '"1"'
    _, refused = call("POST", "/uploads", origin="http://evil.example")
    assert not [name for name in refused if name.startswith("Access-Control-")]
    _, other_method = call("DELETE", "/uploads/files/a", origin=SITE)
    assert "Access-Control-Allow-Origin" not in other_method


def test_requests_to_other_services_or_without_an_origin_are_moto_s_own() -> None:
    assert call("POST", "/", origin=SITE)[1]["Access-Control-Allow-Origin"] == "*"
    assert call("GET", "/uploads/files/a")[1]["Access-Control-Allow-Origin"] == "*"
    assert call("GET", "/other-bucket/a", origin=SITE)[1]["Access-Control-Allow-Origin"] == "*"
