"""Every per-process cache in one registry, so that tests (which swap the database and the settings underneath
the process) reset them all with one call: ``reset_all()``.

A Lambda process keeps these between events on purpose: the settings, one botocore connection, the adapters, the
listeners of announcements, the template environment, the search directory and the doctors' zones of the week
view. None holds anything a request may not share with the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")

_resets: list[Callable[[], None]] = []


def register(reset: Callable[[], None]) -> Callable[[], None]:
    """Adds a cache's reset to the registry; returns it unchanged (usable as a decorator)."""
    _resets.append(reset)
    return reset


def process_cache(make: Callable[[], T]) -> _lru_cache_wrapper[T]:
    """``make()`` runs once per process (lazily, never at import), and again after ``reset_all()``."""
    cached = lru_cache(maxsize=1)(make)
    register(cached.cache_clear)
    return cached


def reset_all() -> None:
    for reset in _resets:
        reset()
