"""Reading a cancelled transaction by the names of its parts.

PynamoDB sends condition checks, then deletes, puts and updates, whatever order they were added in; DynamoDB
answers with one reason per item in the order sent. ``NamedTransaction`` maps the reasons back to the names the
code gave its parts, so adding a part never shifts another's outcome.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws
from pynamodb.connection import Connection
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.core.dynamo import NamedTransaction


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


def registration() -> NamedTransaction:
    """Shaped like the doctor sign-up: put, put, put, then a condition check, in that order of statements."""
    tx = NamedTransaction(connection=Connection())
    tx.save(
        Specialty(specialty_id="s9", name="X", name_sort="x"),
        condition=Specialty.specialty_id.does_not_exist(),
        part="specialty",
    )
    tx.save(UniqueKey(key="email#a@b.c", owner_id="u1"), condition=UniqueKey.key.does_not_exist(), part="email")
    tx.save(UniqueKey(key="license#L1", owner_id="u1"), condition=UniqueKey.key.does_not_exist(), part="license")
    tx.condition_check(Specialty, "s1", condition=Specialty.active == True, part="active")  # noqa: E712
    return tx


def test_a_failed_condition_check_sent_first_is_read_by_its_name() -> None:
    # Given the specialty check (sent first, added last) failed
    failed = registration().cancellation(cancelled("ConditionalCheckFailed", None, None, None))

    # Then only that part failed
    assert failed.failed_parts() == ["active"]
    assert failed.failed("active") and not failed.failed("email")


def test_a_failed_put_is_read_by_its_name() -> None:
    # Given the e-mail claim (sent third, after the check and the specialty put) failed
    failed = registration().cancellation(cancelled(None, None, "ConditionalCheckFailed", None))

    assert failed.failed_parts() == ["email"]
    assert failed.reason("email") == "ConditionalCheckFailed"


def test_deletes_and_updates_are_mapped_back_too() -> None:
    # Given statements added as: update, put, delete (sent as delete, put, update)
    tx = NamedTransaction(connection=Connection())
    tx.update(Specialty(specialty_id="s1"), actions=[Specialty.description.set("x")], part="specialty")
    tx.save(UniqueKey(key="specialty#new", owner_id="s1"), condition=UniqueKey.key.does_not_exist(), part="new-name")
    tx.delete(UniqueKey(key="specialty#old"), condition=UniqueKey.owner_id == "s1", part="old-name")

    # When the put (sent second) failed
    failed = tx.cancellation(cancelled(None, "ConditionalCheckFailed", None))

    # Then
    assert failed.failed_parts() == ["new-name"]


def test_other_cancellation_reasons_are_not_condition_failures() -> None:
    failed = registration().cancellation(cancelled(None, "TransactionConflict", None, "ValidationError"))

    assert failed.failed_parts() == []
    assert failed.reason("specialty") == "TransactionConflict"


def test_a_group_of_parts_fails_when_any_member_fails() -> None:
    tx = NamedTransaction(connection=Connection())
    for minute in ("00", "05", "10"):
        key = f"apptq#p1#T09:{minute}"
        tx.save(UniqueKey(key=key, owner_id="a1"), condition=UniqueKey.key.does_not_exist(), part=f"guard:{key}")

    failed = tx.cancellation(cancelled(None, "ConditionalCheckFailed", None))

    assert failed.failed("guard")
    assert failed.failed("guard:apptq#p1#T09:05") and not failed.failed("guard:apptq#p1#T09:00")


def test_two_parts_cannot_share_a_name() -> None:
    tx = NamedTransaction(connection=Connection())
    tx.save(UniqueKey(key="email#a@b.c", owner_id="u1"), part="claim")

    with pytest.raises(ValueError, match="two parts named 'claim'"):
        tx.save(UniqueKey(key="license#L1", owner_id="u1"), part="claim")


def test_asking_for_a_part_that_was_never_added_is_a_programming_error() -> None:
    failed = registration().cancellation(cancelled(None, None, None, None))

    with pytest.raises(KeyError):
        failed.failed("licence")


def test_moto_reports_a_real_cancellation_that_reads_by_name() -> None:
    # Given the tables, an e-mail already claimed and an active specialty
    from local.tables import create_tables

    create_tables()
    UniqueKey(key="email#taken@b.c", owner_id="someone").save()
    Specialty(specialty_id="s1", name="Cardiology", name_sort="cardiology", active=True).save()

    # When a registration-shaped transaction claims that e-mail
    tx = NamedTransaction(connection=Connection())
    with pytest.raises(TransactWriteError) as caught, tx:
        tx.save(UniqueKey(key="license#L1", owner_id="u1"), condition=UniqueKey.key.does_not_exist(), part="license")
        tx.save(UniqueKey(key="email#taken@b.c", owner_id="u1"), condition=UniqueKey.key.does_not_exist(), part="email")
        tx.condition_check(Specialty, "s1", condition=Specialty.active == True, part="specialty")  # noqa: E712

    # Then moto's own reasons name the e-mail part, and only it
    failed = tx.cancellation(caught.value)
    assert failed.failed_parts() == ["email"]
    assert failed.reason("license") is None
