"""deployment.zip is a complete, self-contained Lambda package with bytecode for the Lambda runtime."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.infra import resources_of

pytestmark = pytest.mark.infra

# Run with -S (no site: no site-packages, no .pth files) and -E (no PYTHON* variables): the only third-party code
# that can be imported is what the zip holds. The probe reports where every module came from.
PROBE = """
import importlib, json, sys, sysconfig
root = sys.argv[1]
sys.path.insert(0, root)
handlers = json.loads(sys.argv[2])
import app
resolved = {}
for handler in handlers:
    module, _, attribute = handler.rpartition(".")
    resolved[handler] = callable(getattr(importlib.import_module(module), attribute))
stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
outside = sorted(
    name for name, module in list(sys.modules.items())
    if getattr(module, "__file__", None) and not module.__file__.startswith((root, *stdlib))
)
print(json.dumps({"no_site": sys.flags.no_site, "handlers": resolved, "outside": outside,
                  "modules": sorted(m.__file__ for m in list(sys.modules.values())
                                    if (getattr(m, "__file__", None) or "").startswith(root))}))
"""


def run_probe(root: Path, handlers: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-S", "-E", "-c", PROBE, str(root), json.dumps(handlers)],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"importing the package failed:\n{result.stderr[-4000:]}"
    probe: dict[str, Any] = json.loads(result.stdout)
    return probe


def handlers_of(template: dict[str, Any]) -> list[str]:
    return sorted({f["Properties"]["Handler"] for f in resources_of(template, "AWS::Serverless::Function").values()})


def test_app_and_every_function_handler_import_from_the_zip_alone(unzipped: Path, prod: dict[str, Any]) -> None:
    """Given only the unzipped package on the path, when app and each handler are imported, then all resolve."""
    probe = run_probe(unzipped, handlers_of(prod))

    assert probe["no_site"] == 1
    assert probe["handlers"] and all(probe["handlers"].values()), probe["handlers"]
    assert probe["outside"] == [], "modules imported from outside the zip and the standard library"


def test_the_bytecode_in_the_zip_is_what_runs(unzipped: Path, prod: dict[str, Any], tmp_path: Path) -> None:
    """Given every source replaced by code that fails, when the app is imported, then it still imports: each module
    was loaded from its precompiled .pyc, as on Lambda's read-only file system, without reading the source."""
    copy = tmp_path / "task"
    subprocess.run(["cp", "-a", str(unzipped), str(copy)], check=True)
    for source in copy.rglob("*.py"):
        source.write_text("raise ImportError('the source was compiled: its .pyc is missing from the zip')\n")

    probe = run_probe(copy, handlers_of(prod))

    assert all(probe["handlers"].values())
    assert any(path.endswith("/chalicelib/handlers/appointments.py") for path in probe["modules"])


def test_every_module_has_unchecked_hash_bytecode_for_the_lambda_runtime(
    packaged: Callable[[str], Path], prod: dict[str, Any]
) -> None:
    runtimes = {f["Properties"]["Runtime"] for f in resources_of(prod, "AWS::Serverless::Function").values()}
    assert runtimes == {f"python{sys.version_info.major}.{sys.version_info.minor}"}, (
        "chalice takes the Lambda runtime from the interpreter that packages; the bytecode must match it"
    )
    tag = sys.implementation.cache_tag
    with zipfile.ZipFile(packaged("prod") / "deployment.zip") as archive:
        names = set(archive.namelist())
        sources = sorted(n for n in names if n.endswith(".py"))
        missing = []
        for source in sources:
            folder, _, module = source.rpartition("/")
            pyc = f"{folder}/__pycache__/{module[:-3]}.{tag}.pyc".lstrip("/")
            if pyc not in names:
                missing.append(source)
                continue
            header = archive.read(pyc)[:8]
            assert header[:4] == importlib.util.MAGIC_NUMBER, pyc
            assert int.from_bytes(header[4:8], "little") == 0b01, f"{pyc} is not an unchecked-hash pyc"
    assert sources and missing == []


def test_the_zip_holds_no_development_code(packaged: Callable[[str], Path]) -> None:
    with zipfile.ZipFile(packaged("prod") / "deployment.zip") as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert {"app.py", "chalicelib", "pynamodb", "pydantic", "aws_lambda_powertools", "jwt", "rapidfuzz"} <= tops
    assert not tops & {"local", "tests", "tools", "bench", "infra", "moto", "pytest", "_pytest", "hypothesis"}


MAIL_PROBE = """
import sys
from datetime import datetime, timezone
sys.path.insert(0, sys.argv[1])
from chalicelib.services.mail._templates import TEMPLATES, TRANSLATIONS, local_time, render
skip = ("base", "optional", "_", "invite_summary", "sms_")
kinds = sorted(p.stem for p in TEMPLATES.glob("*.txt") if not p.stem.startswith(skip))
context = {"name": "Ann", "app_url": "https://x", "zone": "UTC", "link": "https://x/r", "minutes": 60}
rendered = render("password_reset", **context)
german = render("password_reset", locale="de", **context)
print(len(kinds), rendered.subject, str(TEMPLATES).startswith(sys.argv[1]))
print(german.subject.replace(" ", "_"), str(TRANSLATIONS).startswith(sys.argv[1]))
print(local_time(datetime(2026, 12, 2, 10, tzinfo=timezone.utc), "Europe/Berlin", "de").replace(" ", "_"))
"""


def test_the_mail_templates_and_jinja2_are_in_the_zip(unzipped: Path) -> None:
    """Given only the unzipped package, when a mail is rendered, then its templates, Jinja2, the German catalogue
    and Babel come from the zip."""
    result = subprocess.run(
        [sys.executable, "-S", "-E", "-c", MAIL_PROBE, str(unzipped)],
        cwd=unzipped,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "DOCSPOT_STAGE": "prod"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-4000:]
    english, german, moment = result.stdout.splitlines()
    assert english.split() == ["20", "Reset", "your", "DocSpot", "password", "True"]
    # The German catalogue and Babel's locale data travel in the zip too
    assert german.split() == ["Ihr_DocSpot-Passwort_zurücksetzen", "True"]
    assert moment == "Mittwoch,_2._Dezember_2026_um_11:00_Uhr_(Europe/Berlin)"
