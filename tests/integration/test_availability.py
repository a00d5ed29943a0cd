"""Publishing, blocking, deleting and listing slots, and weekly availability rules, over the HTTP API.

The clock stands at 2026-12-01 09:00 UTC (a Tuesday; 10:00 in Berlin, the approved doctor's zone).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from urllib.parse import quote

import pytest
from moto.core.botocore_stubber import BotocoreStubber
from moto.dynamodb.exceptions import TransactionCanceledException
from moto.dynamodb.models import DynamoDBBackend

from chalicelib import caches
from chalicelib.handlers.availability import extend_slot_horizon
from chalicelib.models.availability_rules import AvailabilityRule
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.observability import logger
from chalicelib.services.availability import _writer as slot_writer
from chalicelib.services.availability import slots as availability
from chalicelib.services.core.slot_ids import decode_slot_id, doctor_guard_keys, slot_ref
from chalicelib.services.core.times import Span, parse_iso
from tests.support.accounts import admin_create_doctor, login
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock

RUN = {"date": "2026-12-02", "start_time": "09:00", "end_time": "12:00", "duration_minutes": 30}
pytestmark = pytest.mark.usefixtures("one_backup_per_transaction")


@pytest.fixture(autouse=True)
def fresh_listing_cache() -> Iterator[None]:
    caches.reset_all()
    yield
    caches.reset_all()


@pytest.fixture
def doctor(approved_doctor: dict[str, Any]) -> dict[str, Any]:
    return approved_doctor


@pytest.fixture
def other_doctor(api: Api, specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    body = admin_create_doctor(
        api,
        admin_token,
        specialty["specialty_id"],
        email="other@example.com",
        license_number="LIC-3003",
        timezone="America/New_York",
    )
    return {**body, "token": login(api, "other@example.com")["access_token"]}


def doctor_id(doctor: dict[str, Any]) -> str:
    return str(doctor.get("doctor_id") or doctor.get("user_id") or doctor["user"]["user_id"])


def publish(api: Api, token: str, **changes: Any) -> Reply:
    return api.post("/doctors/me/slots", {**RUN, **changes}, token)


def published(api: Api, token: str, **changes: Any) -> list[dict[str, Any]]:
    reply = publish(api, token, **changes)
    assert reply.status == 201, reply.body
    return list(reply.body["created"])


def listing(api: Api, owner: str, **params: str) -> Reply:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return api.get(f"/doctors/{owner}/slots" + (f"?{query}" if query else ""))


def states(api: Api, owner: str, **params: str) -> dict[str, str]:
    reply = listing(api, owner, **params)
    assert reply.status == 200, reply.body
    return {item["start"]: item["state"] for item in reply.body["items"]}


def stored(owner: str) -> list[Slot]:
    return list(Slot.query(owner, consistent_read=True))


def guards_of(slot_id: str) -> list[UniqueKey | None]:
    ref = decode_slot_id(slot_id)
    found = []
    for key in doctor_guard_keys(ref.doctor_id, ref.span):
        try:
            found.append(UniqueKey.get(key, consistent_read=True))
        except UniqueKey.DoesNotExist:
            found.append(None)
    return found


def book(slot_id: str, patient_id: str = "patient-1") -> None:
    ref = decode_slot_id(slot_id)
    Slot(doctor_id=ref.doctor_id, start=ref.start).update(
        actions=[Slot.booked_by.set(patient_id), Slot.appointment_id.set("appt-1")]
    )


def hold(slot_id: str, clock: FakeClock, minutes: int = 5, patient_id: str = "patient-1") -> datetime:
    ref = decode_slot_id(slot_id)
    expires = clock.now() + timedelta(minutes=minutes)
    SlotHold(doctor_id=ref.doctor_id, start=ref.start, patient_id=patient_id, expires_at=expires).save()
    return expires


# Publishing ----------------------------------------------------------------------------------------------------


def test_a_doctor_publishes_a_run_in_their_own_time_zone(api: Api, doctor: dict[str, Any]) -> None:
    reply = publish(api, doctor["token"])

    assert reply.status == 201, reply.body
    assert reply.body["skipped"] == []
    starts = [slot["start"] for slot in reply.body["created"]]
    assert starts == [f"2026-12-02T{h:02d}:{m:02d}:00Z" for h in (8, 9, 10) for m in (0, 30)]  # Berlin is UTC+1
    first = reply.body["created"][0]
    assert first == {
        "slot_id": slot_ref(doctor_id(doctor), parse_iso("2026-12-02T08:00:00Z"), 30).slot_id,
        "start": "2026-12-02T08:00:00Z",
        "end": "2026-12-02T08:30:00Z",
        "duration_minutes": 30,
        "state": "available",
    }
    assert len(stored(doctor_id(doctor))) == 6
    assert all(g is not None and g.owner_id == first["slot_id"] for g in guards_of(first["slot_id"]))


def test_a_buffer_separates_the_slots_of_a_run(api: Api, doctor: dict[str, Any]) -> None:
    created = published(api, doctor["token"], buffer_minutes=15)

    assert [slot["start"][11:16] for slot in created] == ["08:00", "08:45", "09:30", "10:15"]


def test_slots_overlapping_existing_ones_are_skipped_not_refused(api: Api, doctor: dict[str, Any]) -> None:
    published(api, doctor["token"])

    reply = publish(api, doctor["token"], start_time="10:15", end_time="13:00")

    assert reply.status == 201, reply.body
    assert [s["start"] for s in reply.body["created"]] == ["2026-12-02T11:15:00Z"]
    assert reply.body["skipped"] == [
        {"start": f"2026-12-02T{t}:00Z", "end": f"2026-12-02T{e}:00Z", "reason": "overlaps_existing_slot"}
        for t, e in (("09:15", "09:45"), ("09:45", "10:15"), ("10:15", "10:45"), ("10:45", "11:15"))
    ]
    assert len(stored(doctor_id(doctor))) == 7


def test_publishing_the_same_run_twice_creates_nothing_the_second_time(api: Api, doctor: dict[str, Any]) -> None:
    published(api, doctor["token"])

    reply = publish(api, doctor["token"])

    assert reply.status == 201
    assert reply.body["created"] == []
    assert len(reply.body["skipped"]) == 6


def test_the_past_part_of_todays_run_is_skipped(api: Api, doctor: dict[str, Any]) -> None:
    reply = publish(api, doctor["token"], date="2026-12-01", start_time="08:00", end_time="12:00", duration_minutes=60)

    assert reply.status == 201, reply.body
    assert [s["start"] for s in reply.body["created"]] == ["2026-12-01T10:00:00Z"]
    assert [(s["start"], s["reason"]) for s in reply.body["skipped"]] == [
        ("2026-12-01T07:00:00Z", "in_the_past"),
        ("2026-12-01T08:00:00Z", "in_the_past"),
        ("2026-12-01T09:00:00Z", "in_the_past"),  # starts exactly now
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2026-12-01", "start_time": "06:00", "end_time": "10:00"},
        {"date": "2026-11-30"},
        {"date": "2020-01-01"},
    ],
)
def test_a_run_entirely_in_the_past_is_refused(api: Api, doctor: dict[str, Any], changes: dict[str, Any]) -> None:
    assert_error(publish(api, doctor["token"], **changes), 422, "RUN_IN_PAST")


def test_a_run_too_short_for_one_slot_is_refused(api: Api, doctor: dict[str, Any]) -> None:
    assert_error(publish(api, doctor["token"], end_time="09:25"), 422, "NO_SLOT_FITS")


def test_a_run_more_than_a_year_ahead_is_refused(api: Api, doctor: dict[str, Any]) -> None:
    assert_error(publish(api, doctor["token"], date="2028-01-05"), 422, "TOO_FAR_AHEAD")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "08:00"}, "body"),
        ({"end_time": "09:00"}, "body"),
        ({"duration_minutes": 7}, "duration_minutes"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 245}, "duration_minutes"),
        ({"duration_minutes": "30"}, "duration_minutes"),
        ({"duration_minutes": True}, "duration_minutes"),
        ({"buffer_minutes": 125}, "buffer_minutes"),
        ({"buffer_minutes": 3}, "buffer_minutes"),
        ({"buffer_minutes": -5}, "buffer_minutes"),
        ({"start_time": "9:00"}, "start_time"),
        ({"start_time": "09:03"}, "start_time"),
        ({"start_time": "24:00"}, "start_time"),
        ({"end_time": "12:00:00"}, "end_time"),
        ({"date": "2026-13-01"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "02.12.2026"}, "date"),
        ({"date": 20261202}, "date"),
        ({"doctor_id": "someone-else"}, "doctor_id"),
    ],
)
def test_a_bad_run_answers_400_naming_the_field(
    api: Api, doctor: dict[str, Any], changes: dict[str, Any], field: str
) -> None:
    reply = publish(api, doctor["token"], **changes)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert any(d["field"] == field for d in reply.body["error"]["details"]), reply.body


def test_a_run_without_a_required_field_answers_400(api: Api, doctor: dict[str, Any]) -> None:
    body = dict(RUN)
    del body["duration_minutes"]

    assert_error(api.post("/doctors/me/slots", body, doctor["token"]), 400, "VALIDATION_ERROR")
    assert_error(api.post("/doctors/me/slots", raw=b"[1]", token=doctor["token"]), 400, "VALIDATION_ERROR")


def test_clock_change_days_give_the_real_hours(api: Api, doctor: dict[str, Any]) -> None:
    night = {"start_time": "00:00", "end_time": "06:00", "duration_minutes": 60}
    spring = published(api, doctor["token"], date="2027-03-28", **night)
    autumn = published(api, doctor["token"], date="2027-10-31", **night)

    assert len(spring) == 5
    assert len(autumn) == 7
    assert len({s["start"] for s in autumn}) == 7


def test_an_admin_publishes_for_any_approved_doctor(api: Api, admin_token: str, doctor: dict[str, Any]) -> None:
    reply = api.post(f"/admin/doctors/{doctor_id(doctor)}/slots", RUN, admin_token)

    assert reply.status == 201, reply.body
    assert len(reply.body["created"]) == 6
    assert len(stored(doctor_id(doctor))) == 6


def test_an_admin_publishing_for_an_unknown_doctor_gets_404(api: Api, admin_token: str) -> None:
    assert_error(api.post("/admin/doctors/nobody/slots", RUN, admin_token), 404, "DOCTOR_NOT_FOUND")


def test_an_admin_cannot_publish_for_a_pending_doctor(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    reply = api.post(f"/admin/doctors/{doctor_id(pending_doctor)}/slots", RUN, admin_token)

    assert_error(reply, 422, "DOCTOR_NOT_APPROVED")


def test_only_admins_use_the_admin_route(
    api: Api, doctor: dict[str, Any], patient_token: str, other_doctor: dict[str, Any]
) -> None:
    path = f"/admin/doctors/{doctor_id(doctor)}/slots"
    assert_error(api.post(path, RUN, other_doctor["token"]), 403, "FORBIDDEN_ROLE")
    assert_error(api.post(path, RUN, patient_token), 403, "FORBIDDEN_ROLE")
    assert_error(api.post(path, RUN), 401)
    assert stored(doctor_id(doctor)) == []


def test_patients_pending_doctors_and_strangers_cannot_publish(
    api: Api, patient_token: str, pending_doctor: dict[str, Any], admin_token: str
) -> None:
    assert_error(publish(api, patient_token), 403, "FORBIDDEN_ROLE")
    assert_error(publish(api, pending_doctor["token"]), 403, "DOCTOR_NOT_APPROVED")
    assert_error(publish(api, admin_token), 403, "FORBIDDEN_ROLE")
    assert_error(api.post("/doctors/me/slots", RUN), 401)


# Listing -------------------------------------------------------------------------------------------------------


def test_the_listing_shows_each_state_and_never_who(api: Api, doctor: dict[str, Any], clock: FakeClock) -> None:
    created = published(api, doctor["token"])
    free, locked, booked, blocked, lapsed, _ = (slot["slot_id"] for slot in created)
    expires = hold(locked, clock)
    book(booked, "patient-secret")
    hold(lapsed, clock, minutes=-1)
    assert api.patch(f"/doctors/me/slots/{blocked}", {"available": False}, doctor["token"]).status == 200

    reply = listing(api, doctor_id(doctor))

    assert reply.status == 200, reply.body
    assert reply.body["timezone"] == "Europe/Berlin"
    by_id = {item["slot_id"]: item for item in reply.body["items"]}
    assert [by_id[s]["state"] for s in (free, locked, booked, blocked, lapsed)] == [
        "available",
        "locked",
        "booked",
        "unavailable",
        "available",
    ]
    assert by_id[locked]["lock_expires_at"] == expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert all("lock_expires_at" not in by_id[s] for s in (free, booked, blocked, lapsed))
    text = json.dumps(reply.body)
    assert "patient" not in text and "appt-1" not in text and "booked_by" not in text


def test_past_slots_and_those_inside_the_booking_notice_are_listed_unavailable(
    api: Api, doctor: dict[str, Any], clock: FakeClock
) -> None:
    created = published(api, doctor["token"], date="2026-12-01", start_time="10:30", end_time="14:00")
    clock.advance(hours=1)  # now 10:00 UTC = 11:00 Berlin

    found = states(api, doctor_id(doctor), **{"from": "2026-12-01", "to": "2026-12-01"})

    assert [found[s["start"]] for s in created] == [
        "unavailable",  # 10:30 Berlin: begun
        "unavailable",  # 11:00: starts now
        "unavailable",  # 11:30: less than the one-hour notice
        "available",  # 12:00: exactly an hour ahead
        "available",
        "available",
        "available",
    ]


def test_the_default_range_is_the_next_seven_days(api: Api, doctor: dict[str, Any]) -> None:
    published(api, doctor["token"], date="2026-12-02", end_time="09:30")
    published(api, doctor["token"], date="2026-12-08", end_time="09:30")  # 08:00Z, within now + 7 days
    published(api, doctor["token"], date="2026-12-09", end_time="09:30")

    assert list(states(api, doctor_id(doctor))) == ["2026-12-02T08:00:00Z", "2026-12-08T08:00:00Z"]


def test_dates_in_the_range_are_days_of_the_doctors_calendar_inclusive(api: Api, doctor: dict[str, Any]) -> None:
    for day in ("2026-12-02", "2026-12-03", "2026-12-04"):
        published(api, doctor["token"], date=day, start_time="00:00", end_time="00:30")  # 23:00Z the day before

    found = states(api, doctor_id(doctor), **{"from": "2026-12-03", "to": "2026-12-03"})

    assert list(found) == ["2026-12-02T23:00:00Z"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-12-02T09:00:00+01:00", "to": "2026-12-02T10:00:00+01:00"},
        {"from": quote("2026-12-02T09:00:00+01:00"), "to": quote("2026-12-02T10:00:00+01:00")},
        {"from": "2026-12-02T08:00:00Z", "to": "2026-12-02T09:00:00Z"},
    ],
)
def test_the_range_takes_instants_with_an_offset(api: Api, doctor: dict[str, Any], params: dict[str, str]) -> None:
    published(api, doctor["token"])

    assert list(states(api, doctor_id(doctor), **params)) == ["2026-12-02T08:00:00Z", "2026-12-02T08:30:00Z"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2026-12-01", "to": "2027-01-02"}, "RANGE_TOO_LONG"),
        ({"from": "2026-12-01T00:00:00Z", "to": "2027-01-01T00:00:01Z"}, "RANGE_TOO_LONG"),
        ({"from": "2026-12-05", "to": "2026-12-04"}, "INVALID_RANGE"),
        ({"from": "2026-12-05T10:00:00Z", "to": "2026-12-05T10:00:00Z"}, "INVALID_RANGE"),
        ({"from": "2026-12-05T10:00:00"}, "INVALID_RANGE"),
        ({"from": "tomorrow"}, "INVALID_RANGE"),
        ({"to": "2026-12-32"}, "INVALID_RANGE"),
        ({"from": "9999-12-31T00:00:00Z"}, "INVALID_RANGE"),
        ({"to": "2026-11-30"}, "INVALID_RANGE"),
    ],
)
def test_a_bad_range_answers_400(api: Api, doctor: dict[str, Any], params: dict[str, str], code: str) -> None:
    assert_error(listing(api, doctor_id(doctor), **params), 400, code)


def test_a_month_with_a_clock_change_fits_in_one_listing(api: Api, doctor: dict[str, Any]) -> None:
    reply = listing(api, doctor_id(doctor), **{"from": "2027-10-01", "to": "2027-10-31"})  # 31 days + 1 real hour

    assert reply.status == 200, reply.body


def test_only_approved_doctors_have_a_public_listing(
    api: Api, pending_doctor: dict[str, Any], doctor: dict[str, Any]
) -> None:
    assert_error(listing(api, "nobody"), 404, "DOCTOR_NOT_FOUND")
    assert_error(listing(api, doctor_id(pending_doctor)), 404, "DOCTOR_NOT_FOUND")
    assert listing(api, doctor_id(doctor)).status == 200


class DynamoRequests:
    """Counts the DynamoDB requests that reach moto, by operation."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __enter__(self) -> Counter[str]:
        self.calls = Counter()
        return self.calls

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.fixture
def dynamo_requests(monkeypatch: pytest.MonkeyPatch) -> DynamoRequests:
    counter = DynamoRequests()
    original = BotocoreStubber.__call__

    def counting(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        target = request.headers.get("X-Amz-Target") or b""
        target = target.decode() if isinstance(target, bytes) else str(target)
        if self.enabled and target.startswith("DynamoDB_"):
            counter.calls[target.split(".", 1)[1]] += 1
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", counting)
    return counter


def test_listing_a_week_is_two_queries(
    api: Api, doctor: dict[str, Any], clock: FakeClock, dynamo_requests: DynamoRequests
) -> None:
    for day in range(2, 9):
        created = published(api, doctor["token"], date=f"2026-12-{day:02d}", end_time="17:00", duration_minutes=15)
        hold(created[0]["slot_id"], clock)
    owner = doctor_id(doctor)

    with dynamo_requests as first:
        listing(api, owner, **{"from": "2026-12-02", "to": "2026-12-08"})
    with dynamo_requests as calls:
        warm = listing(api, owner, **{"from": "2026-12-02", "to": "2026-12-08"})

    assert warm.status == 200 and len(warm.body["items"]) == 7 * 32
    assert sum(1 for item in warm.body["items"] if item["state"] == "locked") == 7
    assert calls == Counter({"Query": 2})
    assert first == Counter({"Query": 2, "GetItem": 1})  # the doctor's zone, then remembered for a while


def test_publishing_a_days_run_batches_its_transactions(
    api: Api, doctor: dict[str, Any], dynamo_requests: DynamoRequests
) -> None:
    with dynamo_requests as calls:
        created = published(api, doctor["token"], end_time="17:00")  # 16 slots x (1 + 6 guards) = 112 items

    assert len(created) == 16
    # GetItems: the account is active, the doctor approved (authz), the doctor's zone, the doctor's specialty (the
    # writer: the published minutes counted in the same transactions, services/analytics).
    # + one Query: is anyone on the waitlist to offer the new slots to? + one: who watches this doctor's slots?
    # + the next free time (services/core/next_free.py): one Query of the slots, an UpdateItem of the doctor, one
    # Query of the doctor's clinic places (none here).
    # + the platform settings (the booking window), read at most once a minute per process.
    # + the doctor's zone, specialty and sort name for the free slots by day (services/core/day_summary.py),
    # remembered per process like the settings.
    assert calls == Counter({"GetItem": 6, "TransactWriteItems": 2, "Query": 4, "UpdateItem": 1})


@pytest.fixture
def conflicts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The next ``conflicts[0]`` transactions are cancelled by a TransactionConflict (another transaction touching
    the same items, which DynamoDB reports without any condition having failed); moto never does it by itself."""
    left = [0]
    original = DynamoDBBackend.transact_write_items

    def conflicting(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        if left[0] > 0:
            left[0] -= 1
            raise TransactionCanceledException([("TransactionConflict", "Transaction is ongoing", None)])
        original(self, transact_items)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", conflicting)
    monkeypatch.setattr(slot_writer.time, "sleep", lambda seconds: None)
    return left


def test_a_transaction_cancelled_by_a_conflict_is_sent_again(
    api: Api, doctor: dict[str, Any], conflicts: list[int]
) -> None:
    conflicts[0] = 2

    created = published(api, doctor["token"])

    assert len(created) == 6 and conflicts[0] == 0
    assert len(stored(doctor_id(doctor))) == 6


def test_endless_conflicts_answer_409_try_again_and_write_nothing(
    api: Api, doctor: dict[str, Any], conflicts: list[int]
) -> None:
    conflicts[0] = 1000

    assert_error(publish(api, doctor["token"]), 409, "TRY_AGAIN")
    assert stored(doctor_id(doctor)) == []


# Block, unblock, delete ----------------------------------------------------------------------------------------


def test_a_doctor_blocks_and_unblocks_a_slot(api: Api, doctor: dict[str, Any]) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]

    blocked = api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, doctor["token"])
    assert blocked.status == 200, blocked.body
    assert blocked.body["state"] == "unavailable" and blocked.body["slot_id"] == slot_id
    assert states(api, doctor_id(doctor))["2026-12-02T08:00:00Z"] == "unavailable"

    unblocked = api.patch(f"/doctors/me/slots/{slot_id}", {"available": True}, doctor["token"])
    assert unblocked.status == 200 and unblocked.body["state"] == "available"
    assert states(api, doctor_id(doctor))["2026-12-02T08:00:00Z"] == "available"


def test_a_booked_slot_cannot_be_blocked(api: Api, doctor: dict[str, Any]) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]
    book(slot_id)

    assert_error(api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, doctor["token"]), 409, "SLOT_TAKEN")
    assert Slot.get(doctor_id(doctor), "2026-12-02T08:00:00Z").available is True


@pytest.mark.parametrize("body", [{"available": "no"}, {"available": 0}, {}, {"available": False, "booked_by": "x"}])
def test_a_bad_block_request_answers_400(api: Api, doctor: dict[str, Any], body: dict[str, Any]) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]

    assert_error(api.patch(f"/doctors/me/slots/{slot_id}", body, doctor["token"]), 400, "VALIDATION_ERROR")


def test_a_doctor_deletes_an_unbooked_slot_with_its_guards(api: Api, doctor: dict[str, Any]) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]

    reply = api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"])

    assert reply.status == 204, reply.body
    assert len(stored(doctor_id(doctor))) == 5
    assert guards_of(slot_id) == [None] * 6
    again = publish(api, doctor["token"], end_time="09:30")
    assert [s["slot_id"] for s in again.body["created"]] == [slot_id]  # the time is free again


def test_a_booked_slot_cannot_be_deleted(api: Api, doctor: dict[str, Any]) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]
    book(slot_id)

    assert_error(api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"]), 409, "SLOT_TAKEN")
    assert len(stored(doctor_id(doctor))) == 6
    assert all(g is not None for g in guards_of(slot_id))


def test_a_held_slot_cannot_be_deleted_until_the_hold_lapses(
    api: Api, doctor: dict[str, Any], clock: FakeClock
) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]
    hold(slot_id, clock)

    assert_error(api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"]), 409, "SLOT_LOCKED")

    clock.advance(minutes=6)
    assert api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"]).status == 204


def test_a_doctor_cannot_touch_another_doctors_slot(
    api: Api, doctor: dict[str, Any], other_doctor: dict[str, Any]
) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]

    assert_error(api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, other_doctor["token"]), 404)
    assert_error(api.delete(f"/doctors/me/slots/{slot_id}", other_doctor["token"]), 404, "SLOT_NOT_FOUND")
    assert len(stored(doctor_id(doctor))) == 6
    assert Slot.get(doctor_id(doctor), "2026-12-02T08:00:00Z").available is True


def test_an_unknown_or_malformed_slot_is_404(api: Api, doctor: dict[str, Any]) -> None:
    missing = slot_ref(doctor_id(doctor), datetime(2026, 12, 2, 8, tzinfo=UTC), 30).slot_id
    wrong_length = slot_ref(doctor_id(doctor), datetime(2026, 12, 2, 8, tzinfo=UTC), 60).slot_id
    published(api, doctor["token"])

    for slot_id in ("not-a-slot", wrong_length):
        assert_error(api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, doctor["token"]), 404)
        assert_error(api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"]), 404, "SLOT_NOT_FOUND")
    assert api.delete(f"/doctors/me/slots/{missing}", doctor["token"]).status == 204
    assert_error(api.delete(f"/doctors/me/slots/{missing}", doctor["token"]), 404, "SLOT_NOT_FOUND")
    assert_error(api.patch(f"/doctors/me/slots/{missing}", {"available": True}, doctor["token"]), 404)


def test_patients_and_pending_doctors_cannot_change_slots(
    api: Api, doctor: dict[str, Any], patient_token: str, pending_doctor: dict[str, Any]
) -> None:
    slot_id = published(api, doctor["token"])[0]["slot_id"]

    for token, code in ((patient_token, "FORBIDDEN_ROLE"), (pending_doctor["token"], "DOCTOR_NOT_APPROVED")):
        assert_error(api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, token), 403, code)
        assert_error(api.delete(f"/doctors/me/slots/{slot_id}", token), 403, code)
    assert_error(api.delete(f"/doctors/me/slots/{slot_id}"), 401)
    assert len(stored(doctor_id(doctor))) == 6


# Weekly rules --------------------------------------------------------------------------------------------------

RULE = {
    "weekdays": [1, 3],
    "start_time": "09:00",
    "end_time": "11:00",
    "duration_minutes": 30,
    "buffer_minutes": 0,
    "valid_from": "2026-11-01",
}


def create_rule(api: Api, token: str, **changes: Any) -> dict[str, Any]:
    reply = api.post("/doctors/me/availability-rules", {**RULE, **changes}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_a_weekly_rule_generates_slots_over_the_horizon(api: Api, doctor: dict[str, Any]) -> None:
    created = create_rule(api, doctor["token"])

    # Mondays and Wednesdays from today (Tue 1 Dec) through 25 Jan: 8 weeks x 2 days x 4 slots
    assert created["created_count"] == 64 and created["skipped_count"] == 0
    rule = created["rule"]
    assert rule == {
        "rule_id": rule["rule_id"],
        "weekdays": [1, 3],
        "start_time": "09:00",
        "end_time": "11:00",
        "duration_minutes": 30,
        "buffer_minutes": 0,
        "timezone": "Europe/Berlin",
        "valid_from": "2026-11-01",
        "valid_until": None,
        "generated_until": "2027-01-25",
        "created_at": "2026-12-01T09:00:00Z",
    }
    slots = stored(doctor_id(doctor))
    assert len(slots) == 64 and all(slot.rule_id == rule["rule_id"] for slot in slots)
    starts = [parse_iso(slot.start) for slot in slots]
    assert {start.isoweekday() for start in starts} == {1, 3}
    assert min(starts) == datetime(2026, 12, 2, 8, tzinfo=UTC)
    assert max(starts) == datetime(2027, 1, 25, 9, 30, tzinfo=UTC)


def test_a_rule_skips_times_already_taken(api: Api, doctor: dict[str, Any]) -> None:
    published(api, doctor["token"], start_time="10:00", end_time="10:30")

    created = create_rule(api, doctor["token"], valid_until="2026-12-02")

    assert (created["created_count"], created["skipped_count"]) == (3, 1)
    assert created["rule"]["generated_until"] == "2026-12-02"


def test_a_rule_ending_before_today_is_refused(api: Api, doctor: dict[str, Any]) -> None:
    reply = api.post("/doctors/me/availability-rules", {**RULE, "valid_until": "2026-11-30"}, doctor["token"])

    assert_error(reply, 422, "RULE_IN_PAST")


def test_a_rule_too_short_for_one_slot_is_refused(api: Api, doctor: dict[str, Any]) -> None:
    reply = api.post("/doctors/me/availability-rules", {**RULE, "duration_minutes": 240}, doctor["token"])

    assert_error(reply, 422, "NO_SLOT_FITS")


@pytest.mark.parametrize(
    "changes",
    [
        {"weekdays": []},
        {"weekdays": [0]},
        {"weekdays": [8]},
        {"weekdays": [1, 1]},
        {"weekdays": "1,3"},
        {"valid_until": "2026-10-31"},
        {"valid_from": "soon"},
        {"end_time": "08:00"},
        {"duration_minutes": 250},
        {"timezone": "UTC"},
    ],
)
def test_a_bad_rule_answers_400(api: Api, doctor: dict[str, Any], changes: dict[str, Any]) -> None:
    reply = api.post("/doctors/me/availability-rules", {**RULE, **changes}, doctor["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert AvailabilityRule.count(doctor_id(doctor)) == 0


def test_a_doctor_lists_only_their_own_rules(api: Api, doctor: dict[str, Any], other_doctor: dict[str, Any]) -> None:
    first = create_rule(api, doctor["token"])["rule"]["rule_id"]
    second = create_rule(api, doctor["token"], start_time="14:00", end_time="15:00")["rule"]["rule_id"]
    create_rule(api, other_doctor["token"])

    mine = api.get("/doctors/me/availability-rules", doctor["token"])
    page = api.get("/doctors/me/availability-rules?limit=1", doctor["token"])
    rest = api.get(f"/doctors/me/availability-rules?limit=1&cursor={page.body['next_cursor']}", doctor["token"])

    assert mine.status == 200
    assert sorted(rule["rule_id"] for rule in mine.body["items"]) == sorted([first, second])
    assert {page.body["items"][0]["rule_id"], rest.body["items"][0]["rule_id"]} == {first, second}
    assert_error(api.get("/doctors/me/availability-rules?cursor=bogus", doctor["token"]), 400, "INVALID_CURSOR")
    assert_error(api.get("/doctors/me/availability-rules?limit=0", doctor["token"]), 400, "VALIDATION_ERROR")


def test_deleting_a_rule_removes_its_future_free_slots_and_keeps_booked_and_held_ones(
    api: Api, doctor: dict[str, Any], clock: FakeClock
) -> None:
    rule_id = create_rule(api, doctor["token"])["rule"]["rule_id"]
    own = published(api, doctor["token"], date="2026-12-03")  # not the rule's
    slots = sorted(stored(doctor_id(doctor)), key=lambda s: s.start)
    ruled = [slot_ref(s.doctor_id, parse_iso(s.start), 30).slot_id for s in slots if s.rule_id == rule_id]
    book(ruled[0])
    hold(ruled[1], clock)

    reply = api.delete(f"/doctors/me/availability-rules/{rule_id}", doctor["token"])

    assert reply.status == 200, reply.body
    assert reply.body == {"rule_id": rule_id, "removed_count": 62, "kept_count": 2}
    left = {slot_ref(s.doctor_id, parse_iso(s.start), 30).slot_id for s in stored(doctor_id(doctor))}
    assert left == {ruled[0], ruled[1]} | {slot["slot_id"] for slot in own}
    assert guards_of(ruled[2]) == [None] * 6
    assert api.get("/doctors/me/availability-rules", doctor["token"]).body["items"] == []
    assert_error(api.delete(f"/doctors/me/availability-rules/{rule_id}", doctor["token"]), 404, "RULE_NOT_FOUND")


def test_a_doctor_cannot_delete_another_doctors_rule(
    api: Api, doctor: dict[str, Any], other_doctor: dict[str, Any]
) -> None:
    rule_id = create_rule(api, doctor["token"])["rule"]["rule_id"]

    reply = api.delete(f"/doctors/me/availability-rules/{rule_id}", other_doctor["token"])

    assert_error(reply, 404, "RULE_NOT_FOUND")
    assert len(stored(doctor_id(doctor))) == 64


def test_patients_and_pending_doctors_cannot_use_rules(
    api: Api, patient_token: str, pending_doctor: dict[str, Any]
) -> None:
    for token, code in ((patient_token, "FORBIDDEN_ROLE"), (pending_doctor["token"], "DOCTOR_NOT_APPROVED")):
        assert_error(api.post("/doctors/me/availability-rules", RULE, token), 403, code)
        assert_error(api.get("/doctors/me/availability-rules", token), 403, code)
        assert_error(api.delete("/doctors/me/availability-rules/x", token), 403, code)
    assert_error(api.get("/doctors/me/availability-rules"), 401)


# The rolling horizon -------------------------------------------------------------------------------------------


def test_the_daily_schedule_extends_rules_to_the_horizon_and_is_idempotent(
    api: Api, doctor: dict[str, Any], clock: FakeClock
) -> None:
    rule_id = create_rule(api, doctor["token"])["rule"]["rule_id"]
    assert availability.extend_horizon().created == 0  # nothing new today

    clock.advance(days=7)
    report = availability.extend_horizon()
    again = availability.extend_horizon()

    assert (report.rules, report.created) == (1, 8)  # the horizon moved a week: Wed 27 Jan and Mon 1 Feb
    assert again.created == 0
    rule = AvailabilityRule.get(doctor_id(doctor), rule_id)
    assert rule.generated_until == "2027-02-01"
    assert len(stored(doctor_id(doctor))) == 72


def test_a_rule_leaves_the_schedule_once_it_reaches_its_end(api: Api, doctor: dict[str, Any], clock: FakeClock) -> None:
    rule_id = create_rule(api, doctor["token"], valid_until="2027-01-31")["rule"]["rule_id"]
    assert AvailabilityRule.get(doctor_id(doctor), rule_id).extend_key is not None

    clock.advance(days=7)
    report = availability.extend_horizon()

    rule = AvailabilityRule.get(doctor_id(doctor), rule_id)
    assert report.created == 4  # Wed 27 Jan only: the rule ends on Sunday the 31st
    assert (rule.generated_until, rule.extend_key) == ("2027-01-31", None)
    clock.advance(days=7)
    assert availability.extend_horizon().rules == 0


def test_a_deleted_rule_is_not_extended(api: Api, doctor: dict[str, Any], clock: FakeClock) -> None:
    rule_id = create_rule(api, doctor["token"])["rule"]["rule_id"]
    api.delete(f"/doctors/me/availability-rules/{rule_id}", doctor["token"])

    clock.advance(days=7)

    assert availability.extend_horizon().rules == 0
    assert stored(doctor_id(doctor)) == []


def test_the_schedule_is_wired_daily_under_its_lambda_handler_name() -> None:
    import app as module

    (source,) = [e for e in module.app.event_sources if e.name == "slot-horizon"]
    assert source.handler_string == "app.extend_slot_horizon"
    assert source.schedule_expression.to_string() == "rate(1 day)"
    assert callable(module.extend_slot_horizon)


def test_slots_of_generated_rules_never_overlap(api: Api, doctor: dict[str, Any]) -> None:
    create_rule(api, doctor["token"], weekdays=[1, 2, 3, 4, 5, 6, 7], duration_minutes=25, buffer_minutes=5)
    published(api, doctor["token"], date="2026-12-02", start_time="10:10", end_time="12:00", duration_minutes=20)

    spans = sorted(Span(parse_iso(s.start), parse_iso(s.end)) for s in stored(doctor_id(doctor)))

    assert all(not a.overlaps(b) for a, b in pairwise(spans))


def test_every_availability_log_line_can_be_written_at_info_level(
    api: Api, doctor: dict[str, Any], clock: FakeClock
) -> None:
    """The suite logs at WARNING; production logs at INFO, where an ``extra`` key clashing with a LogRecord
    attribute (``created``...) raises instead of logging."""
    before = logger.log_level
    logger.setLevel("INFO")
    try:
        slot_id = published(api, doctor["token"])[0]["slot_id"]
        assert api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, doctor["token"]).status == 200
        assert api.delete(f"/doctors/me/slots/{slot_id}", doctor["token"]).status == 204
        rule_id = create_rule(api, doctor["token"])["rule"]["rule_id"]
        clock.advance(days=7)
        extend_slot_horizon({})
        assert availability.delete_rule(doctor_id(doctor), rule_id).removed_count > 0
    finally:
        logger.setLevel(before)


# Times at the edges: clock changes, midnight, rules that meet --------------------------------------------------


def test_a_run_that_starts_or_ends_in_the_skipped_hour_is_refused_naming_it(
    api: Api, other_doctor: dict[str, Any]
) -> None:
    # Given a doctor in New York, where clocks skip from 02:00 to 03:00 on 2027-03-14
    # When they publish 01:00-02:30 that day (02:30 never shows on the clock), or 02:30-04:00
    ends_inside = publish(api, other_doctor["token"], date="2027-03-14", start_time="01:00", end_time="02:30")
    starts_inside = publish(api, other_doctor["token"], date="2027-03-14", start_time="02:30", end_time="04:00")
    # Then both are refused with the time named, and nothing is written
    for reply in (ends_inside, starts_inside):
        assert_error(reply, 422, "TIME_DOES_NOT_EXIST")
        assert "02:30" in reply.body["error"]["message"] and "2027-03-14" in reply.body["error"]["message"]
    assert stored(doctor_id(other_doctor)) == []
    # And the same hours the day after are fine
    assert len(published(api, other_doctor["token"], date="2027-03-15", start_time="01:00", end_time="02:30")) == 3


def test_a_weekly_rule_meeting_a_skipped_hour_within_a_year_is_refused(api: Api, other_doctor: dict[str, Any]) -> None:
    # Sundays 02:15-04:00 in New York: 02:15 does not exist on Sunday 2027-03-14
    reply = api.post(
        "/doctors/me/availability-rules",
        {**RULE, "weekdays": [7], "start_time": "02:15", "end_time": "04:00"},
        other_doctor["token"],
    )
    assert_error(reply, 422, "TIME_DOES_NOT_EXIST")
    assert "2027-03-14" in reply.body["error"]["message"]
    assert AvailabilityRule.count(doctor_id(other_doctor)) == 0
    # Ending before the clock change, the same rule is fine
    create_rule(
        api, other_doctor["token"], weekdays=[7], start_time="02:15", end_time="04:00", valid_until="2027-03-01"
    )


@pytest.mark.parametrize("midnight", ["24:00", "00:00"])
def test_a_run_can_end_at_midnight(api: Api, doctor: dict[str, Any], midnight: str) -> None:
    created = published(api, doctor["token"], start_time="22:00", end_time=midnight, duration_minutes=60)

    # 22:00 and 23:00 in Berlin on 2 December: 21:00 and 22:00 UTC
    assert [slot["start"] for slot in created] == ["2026-12-02T21:00:00Z", "2026-12-02T22:00:00Z"]
    assert created[-1]["end"] == "2026-12-02T23:00:00Z"


def test_a_weekly_rule_can_end_at_midnight_and_reads_back_as_24_00(api: Api, doctor: dict[str, Any]) -> None:
    created = create_rule(
        api, doctor["token"], start_time="20:00", end_time="00:00", duration_minutes=60, valid_until="2026-12-02"
    )

    assert created["rule"]["end_time"] == "24:00"
    assert created["created_count"] == 4  # Wednesday 2 December: 20, 21, 22, 23 o'clock
    listed = api.get("/doctors/me/availability-rules", doctor["token"]).body["items"]
    assert listed[0]["end_time"] == "24:00"


def test_identical_or_overlapping_weekly_rules_are_refused(api: Api, doctor: dict[str, Any]) -> None:
    # Given a rule for Mondays and Wednesdays 09:00-11:00
    first = create_rule(api, doctor["token"])["rule"]["rule_id"]
    # When the same rule, or one meeting it on a Wednesday, is sent again
    same = api.post("/doctors/me/availability-rules", RULE, doctor["token"])
    meeting = api.post(
        "/doctors/me/availability-rules",
        {**RULE, "weekdays": [3, 5], "start_time": "10:30", "end_time": "12:00"},
        doctor["token"],
    )
    # Then both are refused naming the rule they meet, and only the first is kept
    for reply in (same, meeting):
        assert_error(reply, 409, "RULE_OVERLAPS")
        assert first in reply.body["error"]["message"]
    assert [r.rule_id for r in AvailabilityRule.query(doctor_id(doctor))] == [first]
    # While hours that only touch it, another weekday, or dates after it ends, are fine
    create_rule(api, doctor["token"], start_time="11:00", end_time="12:00")
    create_rule(api, doctor["token"], weekdays=[2])


def test_a_rule_that_ends_makes_room_for_one_that_follows(api: Api, doctor: dict[str, Any]) -> None:
    create_rule(api, doctor["token"], valid_until="2026-12-09")
    create_rule(api, doctor["token"], valid_from="2026-12-10", start_time="08:00", end_time="12:00")


def test_a_rule_saved_between_the_check_and_the_save_is_seen_and_refuses_the_later_one(
    api: Api, doctor: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a racing request that saves an overlapping rule (moving the doctor's rules_version, as every new rule
    # does) just after this request checked and found none
    from chalicelib.models.availability_rules import EXTENDING
    from chalicelib.models.doctors import Doctor

    checked = availability._overlapping
    looks: list[str] = []

    def racing_save_after_the_first_look(rule: AvailabilityRule) -> AvailabilityRule | None:
        looks.append(rule.rule_id)
        seen = checked(rule)
        if len(looks) == 1:
            AvailabilityRule(
                doctor_id=doctor_id(doctor),
                rule_id="racing",
                weekdays={1},
                start_time="10:00",
                end_time="10:30",
                duration_minutes=30,
                buffer_minutes=0,
                timezone="Europe/Berlin",
                valid_from="2026-12-01",
                generated_until="2026-12-01",
                extend_key=EXTENDING,
                created_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
            ).save()
            Doctor(doctor_id=doctor_id(doctor)).update(actions=[Doctor.rules_version.set(1)])
        return seen

    monkeypatch.setattr(availability, "_overlapping", racing_save_after_the_first_look)
    # When this request saves its own rule
    reply = api.post("/doctors/me/availability-rules", RULE, doctor["token"])
    # Then its save fails on the moved version, the second look sees the racing rule, and only that one stays
    assert_error(reply, 409, "RULE_OVERLAPS")
    assert len(looks) == 2
    assert [r.rule_id for r in AvailabilityRule.query(doctor_id(doctor))] == ["racing"]
    assert stored(doctor_id(doctor)) == []
