"""Accepted types, cleaned names, the download's Content-Disposition and the check of what arrived."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from chalicelib.errors import Invalid, RuleViolation
from chalicelib.services.files._rules import (
    MAX_FILENAME,
    accepted_type,
    check_size,
    content_disposition,
    display_name,
    mismatch,
)

PDF_START = b"%PDF-1.7"


@pytest.mark.parametrize(
    ("raw", "kind", "shown"),
    [
        ("report.pdf", "application/pdf", "report.pdf"),
        ("report", "application/pdf", "report.pdf"),
        ("notes.exe", "application/pdf", "notes.exe.pdf"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("photo.jpg", "image/jpeg", "photo.jpg"),
        ("C:\\Users\\pat\\scan.png", "image/png", "scan.png"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("  two   words \t here.pdf ", "application/pdf", "two words here.pdf"),
        ("report\u202efdp.exe", "application/pdf", "reportfdp.exe.pdf"),
        (".hidden.pdf", "application/pdf", "hidden.pdf"),
        ("Befund Müller.pdf", "application/pdf", "Befund Müller.pdf"),
        ("Befund Mu\u0308ller.pdf", "application/pdf", "Befund Müller.pdf"),
        ("検査結果.pdf", "application/pdf", "検査結果.pdf"),
    ],
)
def test_names_are_cleaned_and_end_as_their_type(raw: str, kind: str, shown: str) -> None:
    assert display_name(raw, kind) == shown


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u202e", "/", "a/", "..", "\x00\x07"])
def test_a_name_with_nothing_left_is_refused(raw: str) -> None:
    with pytest.raises(Invalid) as refused:
        display_name(raw, "application/pdf")
    assert refused.value.code == "INVALID_FILENAME"


def test_a_name_may_have_the_maximum_length_but_not_more() -> None:
    assert len(display_name("a" * (MAX_FILENAME - 4) + ".pdf", "application/pdf")) == MAX_FILENAME
    with pytest.raises(Invalid) as refused:
        display_name("a" * (MAX_FILENAME - 3) + ".pdf", "application/pdf")
    assert refused.value.code == "FILENAME_TOO_LONG"


def test_content_disposition_is_an_attachment_with_an_ascii_name_and_the_exact_one_in_rfc_5987() -> None:
    value = content_disposition('Befund "Müller"; 1.pdf')
    assert value.startswith("attachment; ")
    plain, exact = value.split("; ")[1:]
    assert plain == 'filename="Befund _Muller__ 1.pdf"'
    assert exact.startswith("filename*=UTF-8''")
    assert unquote(exact.removeprefix("filename*=UTF-8''")) == 'Befund "Müller"; 1.pdf'
    assert ";" not in exact and '"' not in exact and " " not in exact


def test_a_name_without_any_ascii_still_has_a_plain_fallback() -> None:
    assert content_disposition("検査.pdf").startswith('attachment; filename=".pdf"')
    assert content_disposition("検査").startswith('attachment; filename="document"')


@pytest.mark.parametrize("kind", ["application/pdf", "image/png", "image/jpeg", " Image/PNG "])
def test_pdf_png_and_jpeg_are_accepted(kind: str) -> None:
    assert accepted_type(kind) == kind.strip().lower()


@pytest.mark.parametrize("kind", ["text/html", "image/svg+xml", "application/octet-stream", "image/gif", ""])
def test_other_types_are_refused(kind: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        accepted_type(kind)
    assert refused.value.code == "UNSUPPORTED_FILE_TYPE"


def test_sizes_up_to_the_limit_pass() -> None:
    check_size(10, 10)
    with pytest.raises(RuleViolation) as refused:
        check_size(11, 10)
    assert refused.value.code == "FILE_TOO_LARGE"


def test_what_arrived_must_have_the_announced_size_type_and_signature() -> None:
    ok = {"declared_size": 100, "declared_type": "application/pdf", "stored_size": 100}
    assert mismatch(**ok, stored_type="application/pdf", first_bytes=PDF_START) is None
    assert mismatch(**ok, stored_type="Application/PDF", first_bytes=PDF_START) is None
    assert "bytes" in str(mismatch(**{**ok, "stored_size": 99}, stored_type="application/pdf", first_bytes=PDF_START))
    assert "sent as" in str(mismatch(**ok, stored_type="image/png", first_bytes=PDF_START))
    assert "content" in str(mismatch(**ok, stored_type="application/pdf", first_bytes=b"<html>"))
    assert "content" in str(mismatch(**ok, stored_type="application/pdf", first_bytes=b""))
    png = {"declared_size": 100, "declared_type": "image/png", "stored_size": 100, "stored_type": "image/png"}
    assert mismatch(**png, first_bytes=b"\x89PNG\r\n\x1a\n") is None
    assert mismatch(**png, first_bytes=b"\x89PNG") is not None
