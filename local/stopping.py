"""How the stack stops on SIGINT (Ctrl-C) or SIGTERM, at any moment of its life, without a traceback.

While it starts, a signal raises ``Stop`` in the main thread to unwind imports, seeding or warm-up into the one
clean-up path. An exception raised from a signal handler can be lost, though (Python ignores exceptions raised
inside a finalizer that happens to run when the signal lands), so every signal is also recorded and checked once
the start is done. While it serves, the handler raises nothing: it asks the server to stop.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_received: list[str] = []


class Stop(BaseException):
    """A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way (botocore's retries,
    the app's own error handlers) swallows it."""


def received() -> str | None:
    """The name of the first stop signal received, if any."""
    return _received[0] if _received else None


def _install(handler: Callable[[int, FrameType | None], None]) -> None:
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, handler)


def _quiet_when_stopping(unraisable: sys.UnraisableHookArgs) -> None:
    """A Stop that Python had to drop (raised inside a finalizer) is not an error: it is recorded already."""
    if not isinstance(unraisable.exc_value, Stop):
        sys.__unraisablehook__(unraisable)


def raise_on_signal() -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        _received.append(signal.Signals(signum).name)
        raise Stop(_received[0])

    sys.unraisablehook = _quiet_when_stopping
    _install(handler)


def call_on_signal(action: Callable[[], None]) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        _received.append(signal.Signals(signum).name)
        action()

    _install(handler)


def raise_if_received() -> None:
    if _received:
        raise Stop(_received[0])
