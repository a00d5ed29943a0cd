"""axe-core in the browser journeys: the engine from the web app's own npm packages (frontend/node_modules/axe-core),
injected into the page and run there; only serious and critical findings fail a journey."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from local.launch import REPO

AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_findings(page: Page) -> list[dict[str, Any]]:
    """Every axe violation on the page as it is now (WCAG 2.x A and AA rules and axe's best practices)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `make frontend-test` or `cd frontend && npm ci`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test, not added as a <script>: the site's Content-Security-Policy refuses inline scripts,
        # and the journeys fail on anything it refuses.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return found


def blocking(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f.get("impact") in BLOCKING]


def record(results: Path, portal: str, pages: dict[str, list[dict[str, Any]]]) -> None:
    """frontend/test-results/axe-<portal>.json: each page's findings, for whoever reads the run."""
    (results / f"axe-{portal}.json").write_text(json.dumps(pages, indent=2))
