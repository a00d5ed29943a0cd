"""The read and write units bench.dynamodb_requests reports (docs/scaling.md), worked out by DynamoDB's published
rules from what a request sent and got back: moto's own capacity figures are constants."""

from __future__ import annotations

from bench.counting import CapacityMeter, item_size


def string_item(size: int) -> dict[str, dict[str, str]]:
    """An item of exactly ``size`` bytes: the attribute name ``k`` and a string value."""
    return {"k": {"S": "x" * (size - 1)}}


def test_an_items_size_counts_names_and_values_as_dynamodb_does() -> None:
    assert item_size({"name": {"S": "Anna"}}) == 8
    assert item_size({"n": {"N": "12345"}}) == 1 + 3  # about one byte per two digits, plus one
    assert item_size({"flags": {"L": [{"BOOL": True}, {"NULL": True}]}}) == 5 + 3 + 2 * (1 + 1)


def test_a_read_is_a_unit_per_4_kb_and_half_that_when_eventually_consistent() -> None:
    meter = CapacityMeter()
    small, large = string_item(100), string_item(4097)
    assert meter.units("GetItem", {}, {"Item": small}) == (0.5, 0.0)
    assert meter.units("GetItem", {"ConsistentRead": True}, {"Item": small}) == (1.0, 0.0)
    assert meter.units("GetItem", {"ConsistentRead": True}, {"Item": large}) == (2.0, 0.0)
    assert meter.units("GetItem", {}, {}) == (0.5, 0.0), "a miss still costs the smallest read"
    # a Query sums the items it read before rounding up, once
    assert meter.units("Query", {}, {"Items": [string_item(2000), string_item(2000)]}) == (0.5, 0.0)


def test_a_put_is_a_unit_per_kb_plus_each_global_index_the_item_is_in() -> None:
    meter = CapacityMeter({"docspot-t-doctors": [["specialty_id", "name_sort"], ["status", "name_sort"]]})
    doctor = {"doctor_id": {"S": "d1"}, "specialty_id": {"S": "s1"}, "name_sort": {"S": "anna"}}
    put = {"TableName": "docspot-t-doctors", "Item": doctor}
    assert meter.units("PutItem", put, {}) == (0.0, 2.0), "the table and the specialty index; no status: not there"
    big = {**doctor, "bio": {"S": "x" * 1500}}
    assert meter.units("PutItem", {"TableName": "docspot-t-doctors", "Item": big}, {}) == (0.0, 4.0)


def test_a_transactions_items_cost_twice() -> None:
    meter = CapacityMeter()
    items = [
        {"Put": {"TableName": "docspot-t-slots", "Item": string_item(200)}},
        {"ConditionCheck": {"TableName": "docspot-t-doctors", "Key": {"doctor_id": {"S": "d1"}}}},
        {"Update": {"TableName": "docspot-t-doctors", "Key": {"doctor_id": {"S": "d1"}}}},
    ]
    assert meter.units("TransactWriteItems", {"TransactItems": items}, {}) == (0.0, 6.0)
    got = {"Responses": [{"Item": string_item(100)}, {}]}
    assert meter.units("TransactGetItems", {}, got) == (4.0, 0.0)
