"""The uploads bucket: presigned forms and links for the browser, and the few object calls the server makes itself.

Browsers send and fetch the bytes straight to and from S3; the Lambda only signs (a local computation), looks at
what arrived and moves it. The client is made on first use, with botocore's own region and endpoint resolution
(``AWS_ENDPOINT_URL`` points it at moto locally), so importing this module costs nothing.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from botocore.config import Config
from botocore.exceptions import ClientError

from chalicelib import aws

AMZ_DATE = "%Y%m%dT%H%M%SZ"
POLICY_EXPIRATION = "%Y-%m-%dT%H:%M:%SZ"
MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


@dataclass(frozen=True)
class UploadForm:
    """An S3 presigned POST: the browser sends ``fields`` then the file, as multipart/form-data, to ``url``."""

    url: str
    fields: dict[str, str]
    expires_at: datetime


@dataclass(frozen=True)
class DownloadLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str


class Storage(Protocol):
    def upload_form(self, key: str, *, content_type: str, size: int, seconds: int) -> UploadForm:
        """A form that can store exactly ``key``, of ``content_type``, of exactly ``size`` bytes, for ``seconds``."""
        ...

    def download_link(self, key: str, *, disposition: str, content_type: str, seconds: int) -> DownloadLink: ...

    def head(self, key: str) -> StoredObject | None:
        """What is stored at ``key``, or None when nothing is."""
        ...

    def read_start(self, key: str, length: int) -> bytes: ...

    def copy(self, source: str, target: str) -> bool:
        """Copies ``source`` to ``target`` (content type and encryption kept); False when ``source`` is gone."""
        ...

    def delete(self, key: str) -> None:
        """Removes ``key``; nothing stored there is not an error."""
        ...

    def put(self, key: str, body: bytes, *, content_type: str) -> None:
        """Writes ``body`` at ``key`` (the server's own objects, such as the slot publication)."""
        ...

    def get(self, key: str) -> bytes | None:
        """The whole object at ``key``, or None when nothing is stored there."""
        ...


def _missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code")) in MISSING


def policy_of(fields: dict[str, str]) -> dict[str, Any]:
    """The POST policy a form's fields carry, decoded (S3 checks the upload against its conditions)."""
    decoded: dict[str, Any] = json.loads(base64.b64decode(fields["policy"]))
    return decoded


def link_expiry(url: str) -> datetime:
    """When a SigV4 presigned URL stops working: its signing time plus its lifetime, both in its query."""
    query = parse_qs(urlsplit(url).query)
    signed = datetime.strptime(query["X-Amz-Date"][0], AMZ_DATE).replace(tzinfo=UTC)
    return signed + timedelta(seconds=int(query["X-Amz-Expires"][0]))


class S3Storage:
    """One bucket. With ``kms_key`` every write names the stage's key, as the bucket policy demands."""

    def __init__(self, bucket: str, region: str, kms_key: str | None = None) -> None:
        self.bucket = bucket
        self._region = region
        self._kms_key = kms_key

    @cached_property
    def _client(self) -> Any:
        # SigV4 for every presigned request: objects encrypted with KMS can only be fetched with it.
        return aws.client("s3", region_name=self._region, config=Config(signature_version="s3v4"))

    def _encryption_fields(self) -> dict[str, str]:
        if self._kms_key is None:
            return {}
        return {"x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": self._kms_key}

    def upload_form(self, key: str, *, content_type: str, size: int, seconds: int) -> UploadForm:
        fields = {"Content-Type": content_type, **self._encryption_fields()}
        conditions: list[Any] = [{name: value} for name, value in fields.items()]
        # Exactly the announced size: a form is for one file, and S3 refuses any other length with 403.
        conditions.append(["content-length-range", size, size])
        signed = self._client.generate_presigned_post(
            Bucket=self.bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=seconds
        )
        signed_fields = {str(name): str(value) for name, value in signed["fields"].items()}
        expiration = datetime.strptime(policy_of(signed_fields)["expiration"], POLICY_EXPIRATION)
        return UploadForm(url=str(signed["url"]), fields=signed_fields, expires_at=expiration.replace(tzinfo=UTC))

    def download_link(self, key: str, *, disposition: str, content_type: str, seconds: int) -> DownloadLink:
        url = self._client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            ExpiresIn=seconds,
        )
        return DownloadLink(url=url, expires_at=link_expiry(url))

    def head(self, key: str) -> StoredObject | None:
        try:
            found = self._client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return StoredObject(size=int(found["ContentLength"]), content_type=str(found.get("ContentType") or ""))

    def read_start(self, key: str, length: int) -> bytes:
        answer = self._client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
        data: bytes = answer["Body"].read()
        return data

    def copy(self, source: str, target: str) -> bool:
        extra: dict[str, str] = {}
        if self._kms_key is not None:
            extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self._kms_key}
        try:
            self._client.copy_object(
                Bucket=self.bucket,
                Key=target,
                CopySource={"Bucket": self.bucket, "Key": source},
                MetadataDirective="COPY",
                **extra,
            )
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=key)

    def put(self, key: str, body: bytes, *, content_type: str) -> None:
        extra: dict[str, str] = {}
        if self._kms_key is not None:
            extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self._kms_key}
        self._client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type, **extra)

    def get(self, key: str) -> bytes | None:
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        data: bytes = answer["Body"].read()
        return data
