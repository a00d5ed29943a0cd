"""The streams in the in-process tests: after each request the records moto's streams kept are handed to the
app's consumers with Lambda's event shape (local/streams.py), so a request's mail and pushes are there when the
test looks, as they are moments later in AWS. Dead letters are kept in ``parked``."""

from __future__ import annotations

from typing import Any

from chalicelib.config import get_settings
from local.streams import Drain, drain_for


def in_process_drain() -> Drain:
    """A drain of the current moto account's streams (call inside the mock)."""
    import app

    parked: list[dict[str, Any]] = []
    return drain_for(app, get_settings().region, parked.append)
