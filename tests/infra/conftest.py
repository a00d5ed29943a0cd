"""The packaged stack, as `make package` builds it (build/<stage>/sam.json and deployment.zip).

A test marked ``infra`` uses the package of a stage. It is rebuilt when any of its inputs is newer than it; when
packaging cannot run here (chalice downloads the Lambda wheels from PyPI the first time), those tests are skipped,
except under `make test`, which sets DOCSPOT_INFRA_REQUIRED=1 and has packaged every stage just before.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.infra import STAGES, package


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "infra: needs the packaged stack (make package), built on demand")


@pytest.fixture(scope="session")
def packaged() -> Callable[[str], Path]:
    """``packaged("prod")`` -> build/prod, packaged and up to date."""
    done: dict[str, Path] = {}

    def get(stage: str) -> Path:
        if stage not in done:
            done[stage] = package(stage)
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
