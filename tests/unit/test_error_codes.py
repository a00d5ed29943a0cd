"""Every error code the API can answer is in docs/api.md ("Every error code"): read from the code, not from a list
kept by hand, so a new code without its line in the docs fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ERRORS = {"Invalid", "InvalidBody", "Unauthorized", "Forbidden", "NotFound", "Conflict", "RuleViolation"}
ERRORS |= {"TooManyRequests", "SlotUnavailable", "SlotTaken", "SlotHeld", "RateLimited", "NotConnected"}
# The base classes' own codes: never answered, every refusal names its own.
BASES = {"ERROR", "CONFLICT", "FORBIDDEN", "RULE_VIOLATION", "TOO_MANY_REQUESTS"}
CODE = re.compile(r"[A-Z][A-Z_]+[A-Z]")


def codes_in(tree: ast.AST, path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
            found.add(str(node.value.value))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and [getattr(t, "id", None) for t in item.targets] == ["code"]
                    and isinstance(item.value, ast.Constant)
                ):
                    found.add(str(item.value.value))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS and len(node.args) >= 2:
            second = node.args[1]
            if isinstance(second, ast.Constant) and isinstance(second.value, str):
                found.add(second.value)
        elif (
            isinstance(node, ast.Assign)
            and "realtime" in path.parts
            and isinstance(node.value, ast.Constant)
            and [getattr(t, "id", None) for t in node.targets] == [node.value.value]
        ):
            found.add(str(node.value.value))
        elif isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["CHALICE_CODES"]:
            assert isinstance(node.value, ast.Dict)
            found |= {str(v.value) for v in node.value.values if isinstance(v, ast.Constant)}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refusal" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return {code for code in found if CODE.fullmatch(code)} - BASES


def answered_codes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "chalicelib").rglob("*.py"):
        found |= codes_in(ast.parse(path.read_text()), path)
    return found


def test_the_collector_finds_the_codes_it_should() -> None:
    codes = answered_codes()
    assert {"SLOT_TAKEN", "APPOINTMENT_OVER", "TIME_DOES_NOT_EXIST", "BAD_MESSAGE", "METHOD_NOT_ALLOWED"} <= codes
    assert {"TOO_EARLY", "TOO_LATE", "REQUEST_IN_PROGRESS", "RATE_LIMITED", "TOO_MANY_CONNECTIONS"} <= codes


def test_every_error_code_is_documented() -> None:
    section = (ROOT / "docs" / "api.md").read_text().split("## Every error code", 1)[1]
    documented = set(re.findall(r"`([A-Z][A-Z_]+[A-Z])`", section))
    assert sorted(answered_codes() - documented) == []
