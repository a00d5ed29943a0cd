"""Cold import time of the Lambda package, with and without the bytecode `make package` puts in deployment.zip.

    make package STAGE=prod && .venv/bin/python -m bench.cold_import [build/prod/deployment.zip] [--runs 7]

Each run is a fresh interpreter importing ``app`` (what a Lambda cold start does before the first event) with only
the unpacked zip on the path (-S -E), and PYTHONDONTWRITEBYTECODE set: like Lambda's read-only /var/task, the
run without bytecode has to compile every module, every time. The interpreter's own start-up is measured apart.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from infra.bytecode import strip_bytecode

IMPORT_APP = "import sys; sys.path.insert(0, sys.argv[1]); import app"


def timed(root: Path, code: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-S", "-E", "-B", "-c", code, str(root)],
        cwd=root,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
    )
    return time.perf_counter() - started


def median_ms(root: Path, code: str, runs: int) -> float:
    timed(root, code)  # warms the OS page cache, as a Lambda host's disk would be after the download
    return statistics.median(timed(root, code) for _ in range(runs)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cold_import")
    parser.add_argument("zip", nargs="?", default="build/prod/deployment.zip", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.zip.exists():
        raise SystemExit(f"{args.zip} does not exist: make package STAGE=prod")
    with tempfile.TemporaryDirectory(prefix="docspot-cold-import-") as scratch:
        with_pyc, without_pyc = Path(scratch) / "with", Path(scratch) / "without"
        for root in (with_pyc, without_pyc):
            with zipfile.ZipFile(args.zip) as archive:
                archive.extractall(root)
        removed = strip_bytecode(without_pyc)
        if removed == 0:
            raise SystemExit(f"{args.zip} holds no bytecode: was it built by make package?")
        bare = median_ms(with_pyc, "pass", args.runs)
        warm = median_ms(with_pyc, IMPORT_APP, args.runs)
        cold = median_ms(without_pyc, IMPORT_APP, args.runs)
    print(f"cold import of app from {args.zip} ({sys.implementation.cache_tag}, median of {args.runs} runs)")
    print(f"  interpreter start-up alone           {bare:7.0f} ms")
    print(f"  import app, bytecode in the zip      {warm:7.0f} ms   (import only: {warm - bare:.0f} ms)")
    print(f"  import app, compiling every module   {cold:7.0f} ms   (import only: {cold - bare:.0f} ms)")
    print(f"  the zip's {removed} .pyc files save {cold - warm:.0f} ms of every cold start ({cold / warm:.1f}x)")


if __name__ == "__main__":
    main()
