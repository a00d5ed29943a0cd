"""``make api-types`` (first half): writes the API's documents, made from the code, where the web app reads them.

``frontend/src/api/openapi.json`` is the OpenAPI document that ``GET /api/openapi.json`` serves, and the input of
the SPA's generated types (``frontend/src/api/schema.ts``, made by openapi-typescript); ``asyncapi.json`` beside
it describes the WebSocket API. Both are committed, so a change of the contract shows in the diff; the unit tests
fail while a committed copy differs from what the code makes (``--check`` says the same from the command line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGETS = {
    "openapi": REPO / "frontend" / "src" / "api" / "openapi.json",
    "asyncapi": REPO / "frontend" / "src" / "api" / "asyncapi.json",
}


def documents() -> dict[str, dict[str, Any]]:
    import app  # noqa: F401  (registers every route)
    from chalicelib.handlers.asyncapi import document as asyncapi
    from chalicelib.handlers.openapi import document_json

    return {"openapi": json.loads(document_json()), "asyncapi": asyncapi()}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def stale() -> list[Path]:
    """The committed copies that differ from what the code makes now."""
    made = documents()
    return [path for name, path in TARGETS.items() if not path.is_file() or path.read_text() != render(made[name])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale copies (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        behind = stale()
        for path in behind:
            print(f"{path.relative_to(REPO)} is stale: run make api-types", file=sys.stderr)
        return 1 if behind else 0
    for name, document in documents().items():
        TARGETS[name].write_text(render(document))
        print(f"wrote {TARGETS[name].relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
