from __future__ import annotations

import re
from typing import Annotated, Any, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


def _email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("is not a valid e-mail address")
    return value


def _timezone(value: str) -> str:
    # ZoneInfo looks the name up as a file: an over-long name fails with OSError (ENAMETOOLONG), not a lookup error.
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError("is not a known IANA time zone") from exc
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value):
        raise ValueError("is not a valid phone number")
    return value


EmailAddress = Annotated[str, AfterValidator(_email)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Phone = Annotated[str, AfterValidator(_phone)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
PersonName = Annotated[str, Field(min_length=1, max_length=100)]


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omissible(**constraints: Any) -> Any:
    """A field of a partial update that may be left out (the value stays) but never sent as ``null``: null is
    refused like any value of the wrong type (400 naming the field). Its schema says exactly that: the type, without
    null and without a default. A field whose ``null`` removes the value is ``clearable``."""
    return Field(default=None, json_schema_extra=_without_default, **constraints)


def clearable(**constraints: Any) -> Any:
    """A field of a partial update, typed ``X | None``, that may be left out (the value stays) or sent as ``null``
    (the value goes). No default in its schema: leaving it out is not the same as sending null."""
    return Field(default=None, json_schema_extra=_without_default, description="null removes it", **constraints)


def example(**fields: Any) -> ConfigDict:
    """A model's example in the OpenAPI document (and the first case schemathesis tries): a realistic body."""
    return ConfigDict(json_schema_extra={"examples": [fields]})


class Request(BaseModel):
    """A request body: unknown fields are refused, never written."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Query(BaseModel):
    """A query string: unknown parameters are refused (``handlers/_http.parse_query``); values arrive as text and
    are converted by their types. A Python keyword travels under its alias (``from``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)


MAX_CURSOR = 2048


class Paging(Query):
    limit: int | None = Field(default=None, ge=1, le=100, description="page size (default 20)")
    cursor: str | None = Field(
        default=None, max_length=MAX_CURSOR, description="the `next_cursor` of the previous page, as it came"
    )


class Out(BaseModel):
    """An answer. Every field is always sent (``null`` when empty), so the OpenAPI document marks them required;
    a field left out when empty says so with ``exclude_if``."""

    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)


T = TypeVar("T")


class Page(Out, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class HealthOut(Out):
    status: Literal["ok"] = "ok"
