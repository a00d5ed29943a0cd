"""The packaged stack, as `make package` builds it (build/<stage>/sam.json and deployment.zip).

A test marked ``infra`` uses the package of a stage. It is rebuilt when any of its inputs is newer than it; when
packaging cannot run here (chalice downloads the Lambda wheels from PyPI the first time), those tests are skipped,
except under `make test`, which sets DOCSPOT_INFRA_REQUIRED=1 and has packaged every stage just before.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
STAGES = ("prod", "dev")
PACKAGE_INPUTS = ("app.py", "requirements.txt", "chalicelib", "infra", ".chalice")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "infra: needs the packaged stack (make package), built on demand")


def _newest_input() -> float:
    newest = 0.0
    for name in PACKAGE_INPUTS:
        path = REPO / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        skipped = {"__pycache__", "deployments"}  # .chalice/deployments: chalice's own cache, written by packaging
        newest = max([newest, *(p.stat().st_mtime for p in files if not skipped & set(p.parts))])
    return newest


def _package(stage: str) -> Path:
    out = BUILD / stage
    template = out / "sam.json"
    if template.exists() and (out / "deployment.zip").exists() and template.stat().st_mtime >= _newest_input():
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


@pytest.fixture(scope="session")
def packaged() -> Callable[[str], Path]:
    """``packaged("prod")`` -> build/prod, packaged and up to date."""
    done: dict[str, Path] = {}

    def get(stage: str) -> Path:
        if stage not in done:
            done[stage] = _package(stage)
        return done[stage]

    return get


@pytest.fixture(scope="session")
def templates(packaged: Callable[[str], Path]) -> dict[str, dict[str, Any]]:
    """The packaged template of every stage."""
    return {stage: json.loads((packaged(stage) / "sam.json").read_text()) for stage in STAGES}


@pytest.fixture(scope="session")
def prod(templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return templates["prod"]


@pytest.fixture(scope="session")
def unzipped(packaged: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """deployment.zip of prod, unpacked as Lambda unpacks it into /var/task."""
    root = tmp_path_factory.mktemp("task")
    with zipfile.ZipFile(packaged("prod") / "deployment.zip") as archive:
        archive.extractall(root)
    yield root


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}
