"""The SMART Scheduling Links manifest (``GET /fhir/$bulk-publish``). Field names are the specification's."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_serializer

from chalicelib.contracts.common import Out, Query


class ManifestFileOut(Out):
    type: Literal["Location", "Schedule", "Slot"]
    url: str
    # Slot files only: the countries (ISO 3166-1 alpha-2) whose slots the file holds.
    extension: dict[str, list[str]] | None = Field(default=None, exclude_if=lambda value: value is None)


class ManifestErrorOut(Out):
    type: Literal["OperationOutcome"]
    url: str


class ManifestOut(Out):
    transactionTime: datetime  # the specification's name
    request: str
    output: list[ManifestFileOut]
    error: list[ManifestErrorOut] = []

    @field_serializer("transactionTime")
    def _instant(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class ManifestQuery(Query):
    since: str | None = Field(
        default=None,
        alias="_since",
        max_length=40,
        description="ISO 8601 time with offset: list only the files changed since then",
    )
