"""CORS on moto's S3 as S3 does it, from the bucket's own CORS configuration, so that a browser on the local site
meets exactly what it will meet in AWS (dev only).

moto's server answers every request with flask-cors' permissive headers (any origin, any method), and its own
preflight answer lists a bucket's rules without checking them: a page that S3 would refuse (an origin or a method
the rules do not allow, as a POST upload against rules that name only PUT) works locally and fails in production.
``S3Cors`` sits in front of moto for path-style requests to a bucket (``/{bucket}[/{key}]``, how presigned URLs
address moto on 127.0.0.1) that carry an ``Origin``:

* a preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered here: 200 with the first matching
  rule's headers, or S3's 403 when no rule allows that origin, method and every requested header;
* any other request goes to moto, and its answer leaves with the CORS headers of the first rule matching its
  origin and method, or with none.

The rules are read from moto's S3 backend under the request lock (see moto_backend.AtomicRequests), so a change of
the bucket's configuration (PutBucketCors) applies at once, as in S3.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
RulesReader = Callable[[str], "list[CorsRule] | None"]

REFUSED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS '
    b"request is not allowed. This is usually because the evalution of Origin, request method / "
    b"Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS "
    b"spec.</Message></Error>"
)


@dataclass(frozen=True)
class CorsRule:
    allowed_methods: tuple[str, ...]
    allowed_origins: tuple[str, ...]
    allowed_headers: tuple[str, ...] = ()
    exposed_headers: tuple[str, ...] = ()
    max_age_seconds: int | None = None

    def allows(self, origin: str, method: str, headers: Iterable[str] = ()) -> bool:
        return (
            any(fnmatchcase(origin, allowed) for allowed in self.allowed_origins)
            and method in self.allowed_methods
            and all(any(fnmatchcase(h.lower(), a.lower()) for a in self.allowed_headers) for h in headers)
        )


def bucket_rules(bucket: str) -> list[CorsRule] | None:
    """The CORS rules of a bucket in moto's S3 backend; None when there is no such bucket (not an S3 request)."""
    from moto.s3.models import s3_backends

    where = s3_backends.bucket_accounts.get(bucket)
    if where is None:
        return None
    partition, account = where
    found = s3_backends[account][partition].buckets.get(bucket)
    if found is None:
        return None
    return [
        CorsRule(
            allowed_methods=tuple(rule.allowed_methods or ()),
            allowed_origins=tuple(rule.allowed_origins or ()),
            allowed_headers=tuple(rule.allowed_headers or ()),
            exposed_headers=tuple(rule.exposed_headers or ()),
            max_age_seconds=None if rule.max_age_seconds is None else int(rule.max_age_seconds),
        )
        for rule in found.cors
    ]


def _requested_headers(environ: dict[str, Any]) -> list[str]:
    raw = str(environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS") or "")
    return [h.strip() for h in raw.split(",") if h.strip()]


def _rule_headers(rule: CorsRule, origin: str) -> list[tuple[str, str]]:
    headers = [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", ", ".join(rule.allowed_methods)),
        ("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"),
    ]
    if rule.exposed_headers:
        headers.append(("Access-Control-Expose-Headers", ", ".join(rule.exposed_headers)))
    if rule.max_age_seconds is not None:
        headers.append(("Access-Control-Max-Age", str(rule.max_age_seconds)))
    return headers


class S3Cors:
    """WSGI middleware in front of moto's application (see the module's docstring)."""

    def __init__(self, app: WSGIApp, read_rules: RulesReader) -> None:
        self.app = app
        self.read_rules = read_rules

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        origin = str(environ.get("HTTP_ORIGIN") or "")
        bucket = str(environ.get("PATH_INFO") or "").lstrip("/").split("/", 1)[0]
        rules = self.read_rules(bucket) if origin and bucket else None
        if rules is None:
            return self.app(environ, start_response)
        method = str(environ.get("REQUEST_METHOD") or "")
        asked = str(environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD") or "")
        if method == "OPTIONS" and asked:
            return self._preflight(rules, origin, asked, _requested_headers(environ), start_response)
        rule = next((r for r in rules if r.allows(origin, method)), None)

        def with_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(n, v) for n, v in headers if not n.lower().startswith("access-control-") and n.lower() != "vary"]
            return start_response(status, kept + (_rule_headers(rule, origin) if rule else []), exc_info)

        return self.app(environ, with_cors)

    @staticmethod
    def _preflight(
        rules: list[CorsRule], origin: str, method: str, headers: list[str], start_response: StartResponse
    ) -> Iterable[bytes]:
        rule = next((r for r in rules if r.allows(origin, method, headers)), None)
        if rule is None:
            start_response(
                "403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", str(len(REFUSED)))]
            )
            return [REFUSED]
        answer = _rule_headers(rule, origin)
        if headers:
            answer.append(("Access-Control-Allow-Headers", ", ".join(headers)))
        start_response("200 OK", [*answer, ("Content-Length", "0")])
        return [b""]
