"""Patients' documents: what clients send, what they get back (never the stored rows)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import Out, Request, example

# Bounds the raw input only; the cleaned display name has its own, smaller limit (services/file_rules.py).
MAX_RAW_FILENAME = 1000


class UploadRequest(Request):
    model_config = example(filename="lab results.pdf", content_type="application/pdf", size=48213)

    filename: str = Field(min_length=1, max_length=MAX_RAW_FILENAME)
    content_type: str = Field(min_length=1, max_length=100)
    size: int = Field(strict=True, gt=0, description="bytes")


class FileOut(Out):
    file_id: str
    filename: str
    content_type: str
    size: int
    status: Literal["PENDING", "UPLOADED"]
    created_at: datetime
    uploaded_at: datetime | None
    download_url: str | None = None
    download_expires_at: datetime | None = None


class UploadFormOut(Out):
    """Sent as multipart/form-data to ``url``: every field of ``fields`` first, the file last (field ``file``)."""

    url: str
    fields: dict[str, str]


class UploadOut(Out):
    file_id: str
    upload: UploadFormOut
    expires_at: datetime
    max_size: int
    file: FileOut
