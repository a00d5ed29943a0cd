"""Reading a cancelled transaction's reasons in the order the code added its items.

PynamoDB sends condition checks, then deletes, puts and updates, whatever order they were added in; DynamoDB
answers with one reason per item in the order sent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws
from pynamodb.connection import Connection
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.core.dynamo import OrderedTransactWrite


@pytest.fixture(autouse=True)
def offline() -> Iterator[None]:
    """Building transaction items reads no table, but moto guarantees nothing could reach AWS."""
    with mock_aws():
        yield


def cancelled(*codes: str | None) -> TransactWriteError:
    reasons = [CancellationReason(code=code) if code else None for code in codes]
    cause = VerboseClientError(
        {"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
        "TransactWriteItems",
        {},
        cancellation_reasons=reasons,
    )
    return TransactWriteError("Failed to write transaction items", cause)


def registration() -> OrderedTransactWrite:
    """Shaped like the doctor sign-up: put, put, put, then a condition check, in that order of statements."""
    tx = OrderedTransactWrite(connection=Connection())
    tx.save(Specialty(specialty_id="s9", name="X", name_sort="x"), condition=Specialty.specialty_id.does_not_exist())
    tx.save(UniqueKey(key="email#a@b.c", owner_id="u1"), condition=UniqueKey.key.does_not_exist())
    tx.save(UniqueKey(key="license#L1", owner_id="u1"), condition=UniqueKey.key.does_not_exist())
    tx.condition_check(Specialty, "s1", condition=Specialty.active == True)  # noqa: E712
    return tx


def test_a_failed_condition_check_sent_first_is_reported_where_the_code_added_it() -> None:
    # Given the specialty check (sent first) failed
    error = cancelled("ConditionalCheckFailed", None, None, None)

    # When / Then
    assert registration().failed_conditions(error) == [False, False, False, True]


def test_a_failed_put_is_reported_at_its_own_position() -> None:
    # Given the e-mail claim (sent second, after the check) failed
    error = cancelled(None, None, "ConditionalCheckFailed", None)

    assert registration().failed_conditions(error) == [False, True, False, False]


def test_deletes_and_updates_are_mapped_back_too() -> None:
    # Given statements added as: update, put, delete (sent as delete, put, update)
    tx = OrderedTransactWrite(connection=Connection())
    tx.update(Specialty(specialty_id="s1"), actions=[Specialty.description.set("x")])
    tx.save(UniqueKey(key="specialty#new", owner_id="s1"), condition=UniqueKey.key.does_not_exist())
    tx.delete(UniqueKey(key="specialty#old"), condition=UniqueKey.owner_id == "s1")

    # When the put (sent second) failed
    failed = tx.failed_conditions(cancelled(None, "ConditionalCheckFailed", None))

    # Then
    assert failed == [False, True, False]


def test_other_cancellation_reasons_are_not_condition_failures() -> None:
    error = cancelled(None, "TransactionConflict", None, "ValidationError")

    assert registration().failed_conditions(error) == [False, False, False, False]
