"""Page cursors: opaque, URL-safe, and refused with a 400 when they are not ours."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from chalicelib.errors import Invalid
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor

KEY = {
    "doctor_id": {"S": "abc123"},
    "status": {"S": "APPROVED"},
    "name_sort": {"S": "anna smith#abc123"},
}


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_cursor_decodes_to_the_key_it_was_made_from() -> None:
    assert decode_cursor(encode_cursor(KEY)) == KEY


def test_a_cursor_is_url_safe_and_unpadded() -> None:
    cursor = encode_cursor({"doctor_id": {"S": "???>>>~~~ ünïcode"}, "n": {"N": "12"}})

    assert cursor is not None
    assert all(c.isalnum() or c in "-_" for c in cursor)
    assert decode_cursor(cursor) == {"doctor_id": {"S": "???>>>~~~ ünïcode"}, "n": {"N": "12"}}


@pytest.mark.parametrize("key", [None, {}])
def test_the_last_page_has_no_cursor(key: dict[str, Any] | None) -> None:
    assert encode_cursor(key) is None


@pytest.mark.parametrize("cursor", [None, ""])
def test_no_cursor_means_the_first_page(cursor: str | None) -> None:
    assert decode_cursor(cursor) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "@@@",
        "%%%%",
        base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
        _cursor("a string"),
        _cursor([1, 2]),
        _cursor(42),
        _cursor(None),
        _cursor({}),
        _cursor({"doctor_id": 1}),
        _cursor({"doctor_id": "abc"}),
        _cursor({"doctor_id": {"S": 1}}),
        _cursor({"doctor_id": {"X": "abc"}}),
        _cursor({"doctor_id": {"S": "a", "N": "1"}}),
        _cursor({"doctor_id": {"M": {"S": "a"}}}),
    ],
)
def test_a_cursor_that_is_not_one_of_ours_is_invalid(cursor: str) -> None:
    with pytest.raises(Invalid) as caught:
        decode_cursor(cursor)

    assert caught.value.code == "INVALID_CURSOR"


def test_a_cursor_with_exactly_the_expected_key_attributes_is_accepted() -> None:
    cursor = encode_cursor(KEY)

    assert decode_cursor(cursor, {"doctor_id": "S", "status": "S", "name_sort": "S"}) == KEY


@pytest.mark.parametrize(
    "schema",
    [
        {"doctor_id": "S", "specialty_id": "S", "name_sort": "S"},
        {"doctor_id": "S", "status": "S"},
        {"doctor_id": "S", "status": "S", "name_sort": "S", "extra": "S"},
        {"doctor_id": "S", "status": "S", "name_sort": "N"},
    ],
)
def test_a_cursor_of_another_index_or_shape_is_invalid(schema: dict[str, str]) -> None:
    with pytest.raises(Invalid) as caught:
        decode_cursor(encode_cursor(KEY), schema)

    assert caught.value.code == "INVALID_CURSOR"
