"""S3's presigned POST policy, enforced in front of moto's S3, which stores whatever a form sends.

The server signs each upload form (``adapters/storage.py``): a policy naming the bucket, the exact key it chose,
the announced content type and ``content-length-range`` 1 byte to 10 MB, valid for 15 minutes, with a SigV4
signature of the policy. S3 checks all of it before storing anything; moto checks none of it, so a page that broke
the policy would pass locally and fail in production. ``S3PostPolicy`` decides a form POST to a bucket as S3 does:

- the policy must be signed with the stack's credentials (a changed policy fails: 403 ``SignatureDoesNotMatch``);
- it must not have expired (403 ``AccessDenied``, "Invalid according to Policy: Policy expired.");
- every condition must hold: exact values, ``starts-with``, and the bucket (403 ``AccessDenied``, naming the
  condition), and every form field must be named by one (403, "Extra input fields");
- the file's size must lie in ``content-length-range`` (400 ``EntityTooLarge`` / ``EntityTooSmall``, as S3).

Anything else (GETs, the API's own calls, non-form POSTs) passes through untouched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from xml.sax.saxutils import escape

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Clock = Callable[[], datetime]
# Fields S3 takes without a condition: the signature's own, the file, and what S3 ignores.
UNCHECKED = {"policy", "x-amz-signature", "file", "signature", "awsaccesskeyid"}


@dataclass(frozen=True)
class Refusal:
    status: str
    code: str
    message: str

    def body(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{escape(self.message)}</Message></Error>"
        ).encode()


def denied(message: str) -> Refusal:
    return Refusal("403 Forbidden", "AccessDenied", message)


def form_fields(content_type: str, body: bytes) -> tuple[dict[str, str], int | None]:
    """The form's fields (names lower-cased, as S3 compares them) and the file's size (None without a file)."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    fields: dict[str, str] = {}
    size: int | None = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if name.lower() == "file":
            size = len(data)
            break  # S3 ignores fields after the file
        fields[name.lower()] = data.decode("utf-8")
    return fields, size


def _signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = hmac.new(("AWS4" + secret).encode(), day.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def signature_refusal(fields: dict[str, str], secret: str) -> Refusal | None:
    credential = fields.get("x-amz-credential", "").split("/")
    signature = fields.get("x-amz-signature", "")
    if len(credential) != 5 or fields.get("x-amz-algorithm") != "AWS4-HMAC-SHA256" or not signature:
        return denied("Query-string or form authentication requires a signature, an algorithm and a credential")
    _, day, region, service, _ = credential
    expected = hmac.new(
        _signing_key(secret, day, region, service), fields.get("policy", "").encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return Refusal(
            "403 Forbidden",
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )
    return None


def policy_refusal(bucket: str, fields: dict[str, str], size: int | None, now: datetime) -> Refusal | None:
    """What S3 answers a form that breaks its policy, or None when the form may be stored."""
    try:
        policy = json.loads(base64.b64decode(fields.get("policy", "")))
        expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        conditions = list(policy["conditions"])
    except (ValueError, KeyError, TypeError):
        return Refusal("400 Bad Request", "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    if now >= expiration:
        return denied("Invalid according to Policy: Policy expired.")
    values = {**fields, "bucket": bucket}
    named: set[str] = set()
    for condition in conditions:
        if isinstance(condition, dict):
            for name, wanted in condition.items():
                named.add(name.lower())
                if values.get(name.lower()) != str(wanted):
                    return denied(
                        f'Invalid according to Policy: Policy Condition failed: ["eq", "${name}", "{wanted}"]'
                    )
            continue
        operator, *rest = condition
        if operator == "content-length-range":
            low, high = int(rest[0]), int(rest[1])
            if size is not None and size > high:
                return Refusal(
                    "400 Bad Request", "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
                )
            if size is not None and size < low:
                return Refusal(
                    "400 Bad Request", "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size"
                )
            continue
        name, wanted = str(rest[0]).lstrip("$").lower(), str(rest[1])
        named.add(name)
        actual = values.get(name, "")
        if (operator == "eq" and actual != wanted) or (operator == "starts-with" and not actual.startswith(wanted)):
            return denied(
                f'Invalid according to Policy: Policy Condition failed: ["{operator}", "${name}", "{wanted}"]'
            )
    extra = sorted(
        n for n in fields if n not in named and n not in UNCHECKED and not n.startswith(("x-amz-", "x-ignore-"))
    )
    if extra:
        return denied(f"Invalid according to Policy: Extra input fields: {', '.join(extra)}")
    return None


class S3PostPolicy:
    """WSGI middleware in front of moto's application (see the module's docstring)."""

    def __init__(self, app: WSGIApp, *, clock: Clock | None = None, secret: str | None = None) -> None:
        self.app = app
        self.clock = clock or (lambda: datetime.now(UTC))
        self.secret = secret

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        content_type = str(environ.get("CONTENT_TYPE") or "")
        path = str(environ.get("PATH_INFO") or "").strip("/")
        if environ.get("REQUEST_METHOD") != "POST" or not content_type.startswith("multipart/form-data") or "/" in path:
            return self.app(environ, start_response)
        stream = environ.get("wsgi.input")
        length = str(environ.get("CONTENT_LENGTH") or "")
        body = stream.read(int(length)) if stream is not None and length.isdigit() else b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        fields, size = form_fields(content_type, body)
        secret = self.secret if self.secret is not None else os.environ.get("AWS_SECRET_ACCESS_KEY", "")
        bucket = path or str(environ.get("HTTP_HOST") or "").split(".", 1)[0]
        refusal = signature_refusal(fields, secret) or policy_refusal(bucket, fields, size, self.clock())
        if refusal is None:
            return self.app(environ, start_response)
        answer = refusal.body()
        start_response(refusal.status, [("Content-Type", "application/xml"), ("Content-Length", str(len(answer)))])
        return [answer]
