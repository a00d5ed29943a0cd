"""Precompiled bytecode inside deployment.zip.

Lambda unpacks the zip into a read-only /var/task, so CPython cannot write the __pycache__ it compiles on import:
without bytecode in the zip, every cold start compiles every module it imports, again. This module adds, next to
each .py of the zip, ``__pycache__/<module>.cpython-3XX.pyc`` compiled by the interpreter of the Lambda runtime.

The .pyc files are "unchecked-hash" (PEP 552): the import system uses them without looking at the source's mtime
or hashing it. The zip is an immutable artifact, so nothing can make them stale, and the file times Lambda gives
the unpacked files can never cause a silent recompile.
"""

from __future__ import annotations

import compileall
import py_compile
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

PYCACHE = "__pycache__"
LAMBDA_TASK_ROOT = "/var/task"


def runtime_tag(runtime: str) -> str:
    """``python3.11`` -> ``cpython-311``, the tag of the .pyc names that runtime's CPython reads."""
    major, minor = runtime.removeprefix("python").split(".")
    return f"cpython-{major}{minor}"


def require_interpreter(runtime: str) -> None:
    """Bytecode is specific to the CPython minor version: compiling for another runtime would only add dead files."""
    if sys.implementation.cache_tag != runtime_tag(runtime):
        raise SystemExit(
            f"the Lambda runtime is {runtime} but this is {sys.implementation.cache_tag}: run the packaging with "
            f"{runtime} (chalice takes the runtime from the interpreter that runs it)"
        )


def unpack(zip_path: Path, into: Path) -> None:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)


def compile_tree(root: Path) -> None:
    """Compiles every .py under ``root`` on every core; a source that does not compile is left without .pyc."""
    compileall.compile_dir(
        str(root),
        quiet=2,
        workers=0,
        ddir=LAMBDA_TASK_ROOT,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )


def add_bytecode(zip_path: Path, runtime: str) -> tuple[int, list[str]]:
    """Rewrites ``zip_path`` with bytecode for ``runtime`` next to every module; returns (.pyc added, failures).

    Entries keep their order, times and permissions; .pyc files already in the zip are replaced, so running this
    twice gives the same zip.
    """
    require_interpreter(runtime)
    tag = runtime_tag(runtime)
    with tempfile.TemporaryDirectory(prefix="docspot-bytecode-") as scratch:
        root = Path(scratch) / "task"
        unpack(zip_path, root)
        for stale in root.rglob(f"{PYCACHE}/*.pyc"):
            stale.unlink()
        compile_tree(root)
        failed = [
            source.relative_to(root).as_posix()
            for source in root.rglob("*.py")
            if PYCACHE not in source.parts and not _pyc_path(source, tag).exists()
        ]
        rebuilt = zip_path.with_suffix(".zip.tmp")
        added = 0
        with zipfile.ZipFile(zip_path) as original, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for info in original.infolist():
                if info.filename.endswith(".pyc") and f"/{PYCACHE}/" in f"/{info.filename}":
                    continue
                out.writestr(info, original.read(info), compress_type=zipfile.ZIP_DEFLATED)
                if not info.filename.endswith(".py"):
                    continue
                pyc = _pyc_path(root / info.filename, tag)
                if pyc.exists():
                    arcname = pyc.relative_to(root).as_posix()
                    entry = zipfile.ZipInfo(arcname, date_time=info.date_time)
                    entry.external_attr = 0o644 << 16
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(entry, pyc.read_bytes())
                    added += 1
        shutil.move(rebuilt, zip_path)
    return added, sorted(failed)


def _pyc_path(source: Path, tag: str) -> Path:
    return source.parent / PYCACHE / f"{source.stem}.{tag}.pyc"


def strip_bytecode(root: Path) -> int:
    """Deletes every __pycache__ under ``root`` (bench/cold_import.py measures the package without them)."""
    removed = 0
    for cache in list(root.rglob(PYCACHE)):
        removed += sum(1 for _ in cache.glob("*.pyc"))
        shutil.rmtree(cache)
    return removed
