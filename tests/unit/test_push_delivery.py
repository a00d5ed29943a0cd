"""Delivering a publication: each connection's messages in order, a closed one reported, a failing one skipped."""

from __future__ import annotations

from chalicelib.services.realtime.fanout import deliver
from tests.support.fakes import RecordingSender


def test_each_connection_gets_its_messages_in_order() -> None:
    sender = RecordingSender(checked=False)
    queues = {f"c{i}": [f'{{"type": "t", "n": {n}}}' for n in range(5)] for i in range(40)}

    delivery = deliver(sender, queues)

    assert delivery.posts == 200 and delivery.failed == 0 and delivery.gone == []
    for connection_id in queues:
        assert [m["n"] for m in sender.to(connection_id)] == [0, 1, 2, 3, 4]


def test_a_closed_connection_is_reported_once_and_not_posted_to_again() -> None:
    sender = RecordingSender(gone={"dead"}, checked=False)

    delivery = deliver(sender, {"dead": ['{"n": 1}', '{"n": 2}'], "live": ['{"n": 1}']})

    assert delivery.gone == ["dead"]
    assert sender.posts == 2
    assert sender.to("live") == [{"n": 1}]


def test_a_failing_post_is_counted_and_the_rest_still_go_out() -> None:
    sender = RecordingSender(failing={"flaky"}, checked=False)

    delivery = deliver(sender, {"flaky": ['{"n": 1}', '{"n": 2}'], "fine": ['{"n": 1}']})

    assert (delivery.failed, delivery.gone) == (2, [])
    assert sender.to("fine") == [{"n": 1}]
