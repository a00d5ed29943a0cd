"""The packaged stack, as `make package` builds it (build/<stage>/sam.json and deployment.zip), and the resources
of a template by type."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
STAGES = ("prod", "dev")
PACKAGE_INPUTS = ("app.py", "requirements.txt", "chalicelib", "infra", ".chalice")


def newest_input() -> float:
    """When the newest of the package's inputs changed (mtime)."""
    newest = 0.0
    for name in PACKAGE_INPUTS:
        path = REPO / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        skipped = {"__pycache__", "deployments"}  # .chalice/deployments: chalice's own cache, written by packaging
        newest = max([newest, *(p.stat().st_mtime for p in files if not skipped & set(p.parts))])
    return newest


def package(stage: str) -> Path:
    """build/<stage>, packaged again when an input is newer than it. Where packaging fails, the test is skipped
    (failed under DOCSPOT_INFRA_REQUIRED=1)."""
    out = BUILD / stage
    template = out / "sam.json"
    if template.exists() and (out / "deployment.zip").exists() and template.stat().st_mtime >= newest_input():
        return out
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCSPOT_", "AWS_"))}
    result = subprocess.run(
        ["make", "--no-print-directory", "package", f"STAGE={stage}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        message = f"make package STAGE={stage} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        if os.environ.get("DOCSPOT_INFRA_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return out


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}
