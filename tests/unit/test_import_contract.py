"""The import contract (pyproject.toml, [tool.importlinter]) holds, and it fails on a forbidden arrow with a message
that names the arrow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is installed by make install")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "chalicelib", tree / "chalicelib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def with_import(tree: Path, module: str, statement: str) -> Path:
    """Appends ``statement`` to the module at ``module`` (a path under chalicelib/) in the copied tree."""
    path = tree / "chalicelib" / module
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")
    return tree


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = lint(copy_of_the_tree(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_booking_importing_mail_breaks_the_contract_and_says_which_arrow(tmp_path: Path) -> None:
    # Given booking reaching into mail (booking announces; mail listens)
    tree = with_import(
        copy_of_the_tree(tmp_path), "services/booking/appointments.py", "from chalicelib.services.mail import reminders"
    )

    # When
    result = lint(tree)

    # Then it fails, naming the forbidden arrow
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "chalicelib.services.booking.appointments -> chalicelib.services.mail.reminders" in result.stdout


def test_a_service_importing_a_handler_breaks_the_layers(tmp_path: Path) -> None:
    tree = with_import(
        copy_of_the_tree(tmp_path), "services/notifications/feed.py", "from chalicelib.handlers import health"
    )

    result = lint(tree)

    assert result.returncode != 0
    assert "chalicelib.services.notifications.feed -> chalicelib.handlers.health" in result.stdout


def test_a_private_module_imported_from_another_package_breaks_the_contract(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    private = tree / "chalicelib" / "services" / "audit" / "_scratch.py"
    private.write_text('"""Private to audit."""\n')
    result = lint(with_import(tree, "services/booking/views.py", "from chalicelib.services.audit import _scratch"))

    assert result.returncode != 0
    assert "_scratch" in result.stdout
