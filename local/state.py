"""``.local/stack.json``: how other dev commands (``make admin``, scripts) reach the running local stack.

It holds the moto endpoint, the stage and the JWT secret of this run, so it is written with owner-only permissions
and removed when the stack stops. ``DOCSPOT_LOCAL_STATE`` names another file, so that a test's stack and a
developer's stack do not overwrite each other's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def state_path() -> Path:
    override = os.environ.get("DOCSPOT_LOCAL_STATE")
    return Path(override) if override else REPO_ROOT / ".local" / "stack.json"


def read_state(path: Path | None = None) -> dict[str, Any] | None:
    try:
        data = json.loads((path or state_path()).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def owner_alive(state: dict[str, Any]) -> bool:
    """Whether the process that wrote ``state`` still runs (a killed stack leaves its file behind)."""
    pid = state.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_state(data: dict[str, Any], path: Path | None = None) -> Path:
    target = path or state_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    temporary.replace(target)
    return target


def remove_state(path: Path | None = None) -> None:
    """Removes the file only if this process wrote it: a second stack that failed to start leaves the first's."""
    target = path or state_path()
    state = read_state(target)
    if state is not None and state.get("pid") == os.getpid():
        target.unlink(missing_ok=True)
