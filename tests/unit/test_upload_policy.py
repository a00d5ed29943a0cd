"""The signed S3 POST policy and GET links themselves: moto accepts any upload whatever its policy says, so what
S3 will enforce is checked here, by decoding what was signed. Signing is local; no request leaves the process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from moto import mock_aws

from chalicelib.adapters.storage import S3Storage, policy_of

BUCKET = "docspot-test-uploads"
KEY = "pending/appointment-1/file-1"
KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f4c2d3e-aaaa-bbbb-cccc-1234567890ab"
MB10 = 10 * 1024 * 1024
# Fields S3 itself does not require the policy to name.
UNCOVERED_FIELDS = {"policy", "x-amz-signature", "file"}


@pytest.fixture
def storage() -> Iterator[S3Storage]:
    with mock_aws():
        yield S3Storage(BUCKET, "us-east-1", kms_key=KMS_KEY)


def equalities(policy: dict[str, Any]) -> dict[str, str]:
    """The policy's exact-match conditions, ``{"field": "value"}`` and ``["eq", "$field", "value"]`` alike."""
    found: dict[str, str] = {}
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            found.update({name.lower(): value for name, value in condition.items()})
        elif condition[0] == "eq":
            found[condition[1].lstrip("$").lower()] = condition[2]
    return found


def test_the_form_allows_exactly_the_servers_key_type_and_the_announced_size(storage: S3Storage) -> None:
    form = storage.upload_form(KEY, content_type="application/pdf", size=MB10, seconds=900)
    policy = policy_of(form.fields)
    exact = equalities(policy)
    assert exact["bucket"] == BUCKET
    assert exact["key"] == KEY
    assert exact["content-type"] == "application/pdf"
    ranges = [c for c in policy["conditions"] if isinstance(c, list) and c[0] == "content-length-range"]
    assert ranges == [["content-length-range", MB10, MB10]]
    assert not [c for c in policy["conditions"] if isinstance(c, list) and c[0] == "starts-with"], "no key prefix"


def test_every_field_of_the_form_is_pinned_by_the_policy(storage: S3Storage) -> None:
    form = storage.upload_form(KEY, content_type="image/png", size=MB10, seconds=900)
    exact = equalities(policy_of(form.fields))
    for name, value in form.fields.items():
        if name in UNCOVERED_FIELDS:
            continue
        assert exact.get(name.lower()) == value, name


def test_uploads_are_encrypted_with_the_stages_key_as_the_bucket_policy_demands(storage: S3Storage) -> None:
    form = storage.upload_form(KEY, content_type="image/jpeg", size=MB10, seconds=900)
    exact = equalities(policy_of(form.fields))
    assert exact["x-amz-server-side-encryption"] == "aws:kms"
    assert exact["x-amz-server-side-encryption-aws-kms-key-id"] == KMS_KEY


def test_the_form_expires_when_it_says_it_does(storage: S3Storage) -> None:
    form = storage.upload_form(KEY, content_type="application/pdf", size=MB10, seconds=900)
    policy = policy_of(form.fields)
    signed = datetime.strptime(form.fields["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expiration - signed == timedelta(seconds=900)
    assert form.expires_at == expiration
    assert form.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"


def test_without_a_kms_key_the_form_names_no_encryption(storage: S3Storage) -> None:
    plain = S3Storage(BUCKET, "us-east-1")
    form = plain.upload_form(KEY, content_type="application/pdf", size=MB10, seconds=900)
    assert not [name for name in form.fields if "server-side-encryption" in name]


def test_a_download_link_is_sigv4_lasts_its_seconds_and_names_the_file(storage: S3Storage) -> None:
    disposition = "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf"
    link = storage.download_link(
        "files/appointment-1/file-1", disposition=disposition, content_type="application/pdf", seconds=300
    )
    parts = urlsplit(link.url)
    query = parse_qs(parts.query)
    assert parts.path.endswith("/files/appointment-1/file-1")
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-disposition"] == [disposition]
    assert query["response-content-type"] == ["application/pdf"]
    signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert link.expires_at == signed + timedelta(seconds=300)
