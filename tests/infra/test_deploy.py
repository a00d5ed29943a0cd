"""make deploy and make deploy-frontend refuse clearly, before doing anything, when they cannot reach AWS.

They are never run against AWS from here; these tests run them with no credentials at all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.infra import REPO

AWS_CLI = REPO / ".venv-infra" / "bin" / "aws"


def run_make(target: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """make <target> in an environment without any AWS credentials, profile or instance metadata."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(home / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_REGION": "eu-central-1",
    }
    return subprocess.run(
        ["make", "--no-print-directory", target, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def aws_cli() -> None:
    if not AWS_CLI.exists():
        if os.environ.get("DOCSPOT_INFRA_REQUIRED") == "1":
            pytest.fail(f"{AWS_CLI} is missing: make infra-venv")
        pytest.skip("the AWS CLI of .venv-infra is not installed (make infra-venv)")


@pytest.mark.parametrize("target", ["deploy", "deploy-frontend"])
def test_without_aws_credentials_it_stops_at_once_and_says_why(target: str, tmp_path: Path, aws_cli: None) -> None:
    package = REPO / "build" / "prod" / "sam.json"
    before = package.stat().st_mtime if package.exists() else None

    result = run_make(target, tmp_path, "STAGE=prod")

    assert result.returncode != 0
    assert "no usable AWS credentials" in result.stderr
    assert "Nothing was packaged or deployed" in result.stderr
    assert (package.stat().st_mtime if package.exists() else None) == before, "it packaged before failing"


@pytest.mark.parametrize("target", ["deploy", "deploy-frontend"])
def test_it_needs_a_stage(target: str, tmp_path: Path) -> None:
    result = run_make(target, tmp_path)

    assert result.returncode != 0
    assert f"usage: make {target} STAGE=prod|dev" in result.stdout + result.stderr
