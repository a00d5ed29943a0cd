"""schemathesis against a local stack of its own: every operation of the OpenAPI document the stack serves,
with generated valid and invalid input, called with a token of a role it allows (tests/support/fuzz_hooks.py).

Checks: no 5xx, every status documented for its operation, every body matching its schema (error codes included)
and its content type. Bounded and reproducible: a few examples per operation, a fixed seed, the limits per client
on (429 answers are part of the contract too). The stack is its own because fuzzing writes whatever it likes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from local.launch import REPO
from tests.support.stack import Stack, running_stack

WORKERS = 2
# schemathesis's own workers are threads, and CPython 3.11's parser is not safe across threads: hypothesis parses
# lambda sources to describe the strategies it filters, which crashed a run ("AST constructor recursion depth
# mismatch"). One thread generates; the stack still serves with WORKERS processes.
FUZZ_THREADS = 1
MAX_EXAMPLES = 5
SEED = 20261206
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
TIME_LIMIT_SECONDS = 900


@pytest.fixture(scope="module")
def fuzzed_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("fuzzed-stack")
    # The limits per client and per address stay on here (the other suites turn them off in tests/conftest.py)
    with running_stack(home, WORKERS, {"DOCSPOT_RATE_LIMITS": "on"}) as running:
        yield running


def test_no_operation_answers_5xx_or_anything_its_document_does_not_promise(
    fuzzed_stack: Stack, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{fuzzed_stack.api}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        str(FUZZ_THREADS),
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.support.fuzz_hooks",
        "DOCSPOT_FUZZ_API": fuzzed_stack.api,
        "PYTHONPATH": str(REPO),
    }
    started = time.monotonic()
    # In a directory of its own: schemathesis keeps a cache in the working directory.
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=TIME_LIMIT_SECONDS)
    seconds = time.monotonic() - started
    summary = summarize(report) if report.exists() else "no report"
    print(f"schemathesis: {summary}, {seconds:.0f} s")
    assert done.returncode == 0, f"{summary}\n{done.stdout[-12000:]}\n{done.stderr[-3000:]}"


def summarize(report: Path) -> str:
    data = json.loads(report.read_text())
    return json.dumps({key: data[key] for key in data if key != "operations"})[:2000]
