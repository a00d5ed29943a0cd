"""The local stack's S3 decides a presigned POST as S3 does (local/s3_policy.py): the key, the content type, the
size range, the expiry and the signature, against a policy signed exactly as the app signs one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config

from local.s3_policy import S3PostPolicy

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BUCKET, KEY = "docspot-local-uploads", "pending/a1/f1"


def signed_form(expires_in: int = 900) -> dict[str, str]:
    client = boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        endpoint_url="http://127.0.0.1:9",
        config=Config(signature_version="s3v4"),
    )
    post = client.generate_presigned_post(
        Bucket=BUCKET,
        Key=KEY,
        Fields={"Content-Type": "application/pdf"},
        Conditions=[{"Content-Type": "application/pdf"}, ["content-length-range", 1, 100]],
        ExpiresIn=expires_in,
    )
    return {str(k): str(v) for k, v in post["fields"].items()}


class Stored:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        start_response("204 No Content", [])
        return [b""]


def post(fields: dict[str, str], data: bytes = b"%PDF-1.7", *, now: datetime | None = None) -> tuple[int, str, int]:
    """The form POSTed to the bucket through the middleware; (status, body, times the store was reached)."""
    stored = Stored()
    app = S3PostPolicy(stored, clock=lambda: now or datetime.now(UTC), secret="local")
    transport = httpx.WSGITransport(app=app)
    with httpx.Client(transport=transport, base_url="http://s3.test") as client:
        reply = client.post(f"/{BUCKET}", data=fields, files={"file": ("a.pdf", data, "application/pdf")})
    return reply.status_code, reply.text, stored.calls


def test_a_form_as_signed_is_stored() -> None:
    assert post(signed_form())[::2] == (204, 1)


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"key": "pending/a1/other"}, 403, '["eq", "$key", "pending/a1/f1"]'),
        ({"Content-Type": "text/html"}, 403, '["eq", "$content-type", "application/pdf"]'),
        ({"acl": "public-read"}, 403, "Extra input fields: acl"),
    ],
)
def test_a_form_that_breaks_its_policy_is_refused_and_nothing_is_stored(
    change: dict[str, str], status: int, words: str
) -> None:
    fields = {**signed_form(), **change}
    code, body, stored = post(fields)
    assert (code, stored) == (status, 0)
    assert words.lower() in body.lower()


def test_a_policy_changed_after_signing_is_refused() -> None:
    import base64
    import json

    form = signed_form()
    policy = json.loads(base64.b64decode(form["policy"]))
    policy["conditions"] = [
        c for c in policy["conditions"] if not (isinstance(c, list) and c[0] == "content-length-range")
    ]
    forged = base64.b64encode(json.dumps(policy).encode()).decode()
    code, body, stored = post({**form, "policy": forged}, b"x" * 500)
    assert (code, stored) == (403, 0) and "SignatureDoesNotMatch" in body


def test_too_large_and_empty_files_are_refused_as_s3_does() -> None:
    assert post(signed_form(), b"x" * 101)[:1] == (400,) and "EntityTooLarge" in post(signed_form(), b"x" * 101)[1]
    assert "EntityTooSmall" in post(signed_form(), b"")[1]


def test_an_expired_form_is_refused() -> None:
    form = signed_form(expires_in=60)
    code, body, stored = post(form, now=datetime.now(UTC) + timedelta(minutes=2))
    assert (code, stored) == (403, 0) and "Policy expired" in body


def test_other_requests_pass_untouched() -> None:
    stored = Stored()
    app = S3PostPolicy(stored, secret="local")
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://s3.test") as client:
        assert client.get(f"/{BUCKET}/{KEY}").status_code == 204
        assert client.post(f"/{BUCKET}/{KEY}?uploads", content=b"").status_code == 204
    assert stored.calls == 2
