"""Pure rules of patients' documents: which types are accepted, how a file's name is cleaned for display and for
the download's Content-Disposition, and whether stored bytes are what they claim to be.

No AWS, no I/O: plain values in, plain values out.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from chalicelib.errors import Invalid, RuleViolation

# Content type -> the file name endings that go with it (the first is added to a name that has none of them).
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
# How each accepted type's bytes begin (its "magic number").
SIGNATURES: dict[str, bytes] = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
SNIFF_BYTES = max(len(signature) for signature in SIGNATURES.values())
MAX_FILENAME = 200
# Unicode categories dropped from names: controls, format characters (among them the right-to-left override that
# makes "report\u202efdp.exe" display as "reportexe.pdf"), surrogates, private use, unassigned, line separators.
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SPACES = re.compile(r"\s+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()+,-]")


def accepted_type(content_type: str) -> str:
    """The content type, normalised; 422 when it is not one DocSpot keeps."""
    normalised = content_type.strip().lower()
    if normalised not in ALLOWED_TYPES:
        accepted = ", ".join(ALLOWED_TYPES)
        raise RuleViolation(f"only these file types are accepted: {accepted}", code="UNSUPPORTED_FILE_TYPE")
    return normalised


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise RuleViolation(
            f"a file may be at most {max_bytes} bytes ({max_bytes / 1024 / 1024:g} MB)", code="FILE_TOO_LARGE"
        )


def display_name(raw: str, content_type: str) -> str:
    """The name shown and offered on download: the last path component, without invisible or control characters,
    whitespace collapsed, leading dots removed, and ending as the content type does (``scan`` -> ``scan.pdf``;
    ``notes.exe`` stored as a PDF -> ``notes.exe.pdf``), so a saved file opens as what it is."""
    name = unicodedata.normalize("NFC", raw)
    name = re.split(r"[/\\]", name)[-1]
    name = _SPACES.sub(" ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in DROPPED_CATEGORIES)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if not name:
        raise Invalid("the file name is empty once cleaned of paths and invisible characters", code="INVALID_FILENAME")
    endings = ALLOWED_TYPES[content_type]
    if not name.lower().endswith(endings):
        name += endings[0]
    if len(name) > MAX_FILENAME:
        raise Invalid(f"the file name may be at most {MAX_FILENAME} characters", code="FILENAME_TOO_LONG")
    return name


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the exact name as RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = _ASCII_UNSAFE.sub("_", ascii_name).strip() or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def mismatch(
    *, declared_size: int, declared_type: str, stored_size: int, stored_type: str, first_bytes: bytes
) -> str | None:
    """Why the stored object is not the file that was announced, or None when it is."""
    if stored_size != declared_size:
        return f"the uploaded file has {stored_size} bytes, not the {declared_size} announced"
    if stored_type.strip().lower() != declared_type:
        return f"the uploaded file was sent as {stored_type or 'no type'}, not {declared_type}"
    if not first_bytes.startswith(SIGNATURES[declared_type]):
        return f"the uploaded file's content is not {declared_type}"
    return None
