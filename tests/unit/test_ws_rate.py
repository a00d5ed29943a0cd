"""The WebSocket token bucket (docs/api.md, "WebSocket"): 10 messages a second, a burst of 10, over any window."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.services.realtime._connections import TokenBucket

BUCKET = TokenBucket.of(10)


def run(times: list[int]) -> list[bool]:
    """Which of the messages sent at ``times`` (milliseconds, ascending) the bucket lets through."""
    full_at: int | None = None
    allowed = []
    for now in times:
        ok = BUCKET.allows(full_at, now)
        if ok:
            full_at = BUCKET.after(full_at, now)
        allowed.append(ok)
    return allowed


def test_a_quiet_connection_sends_a_burst_of_ten_then_one_every_hundred_ms():
    assert run([0] * 11) == [True] * 10 + [False]
    assert run([*([0] * 10), 99, 100]) == [True] * 10 + [False, True]


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=300))
def test_no_window_of_a_second_ever_lets_more_than_twenty_through_and_steady_clients_pass(gaps: list[int]):
    times = []
    moment = 0
    for gap in gaps:
        moment += gap
        times.append(moment)
    allowed = [t for t, ok in zip(times, run(times), strict=True) if ok]
    # In any window of one second at most the burst plus what that second refills (10 + 10).
    assert all(sum(1 for t in allowed if start <= t < start + 1000) <= 20 for start in allowed)
    # A client that never sends faster than one message every 100 ms is never refused.
    steady = [i * 100 for i in range(len(gaps))]
    assert all(run(steady))
