"""The per-day summary of free slots (services/core/day_summary.py): it equals a recount of the slots and holds
after a random run of publishing, holds, bookings, cancellations, moves, blocks and deletions; ``GET
/doctors?date=`` reads a page of it in a bounded number of requests whatever the number of doctors; the backfill
rebuilds it."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib.contracts.availability import SlotRunRequest
from chalicelib.contracts.booking import BookingRequest
from chalicelib.errors import DomainError
from chalicelib.models.day_summaries import DaySummary
from chalicelib.models.doctors import Doctor, name_sort_key
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.services.availability import slots as availability
from chalicelib.services.booking import appointments as booking
from chalicelib.services.core import day_summary, directory_version
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.slot_ids import decode_slot_id, slot_ref
from chalicelib.services.core.times import parse_iso
from chalicelib.services.holds import store as holds
from chalicelib.vocabulary import DoctorStatus, Role
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock
from tools import free_days_backfill

DAYS = (date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4))


def maintained(doctor_id: str) -> dict[str, tuple[dict[str, int], dict[str, int], bool]]:
    """The stored summary of a doctor: date -> (free slots, holds, whether the date is in the indexes)."""
    found = {}
    for raw in DaySummary._get_connection().query(doctor_id).get("Items", []):
        summary = day_summary.view(raw)
        if summary.free or summary.holds or "free_day" in raw:
            found[summary.day] = (summary.free, summary.holds, "free_day" in raw)
    return found


def recounted(doctor_id: str, timezone: str) -> dict[str, tuple[dict[str, int], dict[str, int], bool]]:
    slots = Slot.query(doctor_id, consistent_read=True)
    held = SlotHold.query(doctor_id, consistent_read=True)
    return {day: (free, hold, bool(free)) for day, (free, hold) in day_summary.recount(slots, held, timezone).items()}


def live(days: dict[str, tuple[dict[str, int], dict[str, int], bool]], now: datetime) -> dict[str, Any]:
    """What a reader sees: the free slots, the holds still running, the index membership."""
    moment = now.timestamp()
    return {
        day: (free, {s: e for s, e in hold.items() if e > moment and s in free}, listed)
        for day, (free, hold, listed) in days.items()
        if free or listed
    }


@pytest.fixture
def practice(api: Api, approved_doctor: dict[str, Any], specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    """Two doctors (Berlin and New York, so local dates differ from UTC ones) with runs on three days; patients."""
    second = admin_create_doctor(
        api,
        admin_token,
        specialty["specialty_id"],
        email="ny@example.com",
        license_number="LIC-9",
        timezone="America/New_York",
    )
    doctors = [approved_doctor, {**second, "token": login(api, "ny@example.com")["access_token"]}]
    Doctor(doctor_id=approved_doctor["doctor_id"]).update(actions=[Doctor.timezone.set("Europe/Berlin")])
    day_summary.forget()
    patients = []
    for number in range(4):
        reply = register_patient(api, email=f"p{number}@example.com", name=f"Patient {number}")
        patients.append(str(reply["user_id"]))
    return {"doctors": [d["doctor_id"] for d in doctors], "patients": patients}


def _run(doctor_id: str, day: date, start: int, end: int) -> None:
    availability.publish_run(
        doctor_id,
        SlotRunRequest(date=day, start_time=time(start), end_time=time(end), duration_minutes=30, buffer_minutes=0),
    )


def _slots(doctor_ids: list[str]) -> tuple[list[str], list[str]]:
    """(unbooked slot ids, booked slot ids) as stored."""
    free, booked = [], []
    for doctor_id in doctor_ids:
        for slot in Slot.query(doctor_id, consistent_read=True):
            slot_id = slot_ref(doctor_id, parse_iso(slot.start), int(slot.duration_minutes)).slot_id
            (booked if slot.booked_by else free).append(slot_id)
    return free, booked


@pytest.mark.usefixtures("one_backup_per_transaction")
def test_the_summary_equals_a_recount_after_random_holds_bookings_moves_blocks_and_deletions(
    practice: dict[str, Any], clock: FakeClock
) -> None:
    rng = random.Random(14)
    doctors, patients = practice["doctors"], practice["patients"]
    for doctor_id in doctors:
        for day in DAYS:
            _run(doctor_id, day, 8, 13)
    appointments: list[str] = []
    holding: dict[str, str] = {}
    done: Counter[str] = Counter()
    for _ in range(300):
        free, _ = _slots(doctors)
        op = rng.choice(["hold"] * 3 + ["release", "book", "book", "cancel", "move", "block", "unblock", "delete"])
        op = rng.choice([op] * 12 + ["publish", "advance"])
        patient = Principal(rng.choice(patients), Role.PATIENT)
        try:
            if op == "hold" and free:
                holding[patient.user_id] = holds.place(patient.user_id, rng.choice(free)).slot_id
            elif op == "release" and holding:
                holds.release(*holding.popitem())
            elif op == "book" and free:
                out = booking.book(patient, BookingRequest(slot_id=rng.choice(free), reason_for_visit="check"))
                appointments.append(out.appointment_id)
            elif op == "cancel" and appointments:
                booking.cancel(Principal("admin", Role.ADMIN), rng.choice(appointments), "changed plans")
            elif op == "move" and appointments and free:
                moving = rng.choice(appointments)
                doctor_id = booking.get_appointment(moving).doctor_id
                same = [slot_id for slot_id in free if decode_slot_id(slot_id).doctor_id == doctor_id]
                booking.reschedule(Principal("admin", Role.ADMIN), moving, rng.choice(same or free))
            elif op in ("block", "unblock") and free:
                slot_id = rng.choice(free)
                availability.set_available(decode_slot_id(slot_id).doctor_id, slot_id, op == "unblock")
            elif op == "delete" and free:
                slot_id = rng.choice(free)
                availability.delete_slot(decode_slot_id(slot_id).doctor_id, slot_id)
            elif op == "publish":
                _run(rng.choice(doctors), rng.choice(DAYS), rng.choice([13, 15, 18]), 20)
            elif op == "advance":
                clock.advance(minutes=rng.choice([2, 4, 7]))
            else:
                continue
            done[op] += 1
        except DomainError:
            done[f"refused {op}"] += 1

    assert min(done[op] for op in ("hold", "release", "book", "cancel", "move", "block", "delete")) >= 5, done
    zones = {doctors[0]: "Europe/Berlin", doctors[1]: "America/New_York"}
    for doctor_id in doctors:
        assert live(maintained(doctor_id), clock.now()) == live(recounted(doctor_id, zones[doctor_id]), clock.now())


def test_a_booked_out_date_leaves_the_index_and_a_cancellation_brings_it_back(
    api: Api, approved_doctor: dict[str, Any], patient_token: str
) -> None:
    slot_id = make_slot(approved_doctor["doctor_id"], datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token)
    assert booked.status == 201, booked.body
    assert maintained(approved_doctor["doctor_id"]) == {}
    assert api.get("/doctors?date=2026-12-03").body["items"] == []

    cancelled = api.post(f"/appointments/{booked.body['appointment_id']}/cancel", {"reason": "x"}, patient_token)

    assert cancelled.status == 200, cancelled.body
    assert [listed for _, _, listed in maintained(approved_doctor["doctor_id"]).values()] == [True]
    assert [d["doctor_id"] for d in api.get("/doctors?date=2026-12-03").body["items"]] == [approved_doctor["doctor_id"]]


def test_a_held_slot_is_left_out_until_its_hold_lapses(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    held = make_slot(approved_doctor["doctor_id"], datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    assert api.post(f"/slots/{held}/lock", {}, patient_token).status == 200

    assert api.get("/doctors?date=2026-12-03").body["items"] == []
    clock.advance(minutes=6)
    assert [s["slot_id"] for s in api.get("/doctors?date=2026-12-03").body["items"][0]["available_slots"]] == [held]


@pytest.fixture
def requests_to_moto(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """DynamoDB requests by operation, counted at botocore's ``before-send`` hook moto answers from."""
    calls: Counter[str] = Counter()
    original = BotocoreStubber.__call__

    def counting(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        target = request.headers.get("X-Amz-Target") or b""
        target = target.decode() if isinstance(target, bytes) else str(target)
        if self.enabled and target.startswith("DynamoDB_"):
            calls[target.split(".", 1)[1]] += 1
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", counting)
    return calls


def _many_doctors(count: int, specialty_ids: list[str], clock: FakeClock) -> None:
    for number in range(count):
        doctor_id = f"doc{number:04d}"
        name = f"Doctor {number:04d} Example"
        Doctor(
            doctor_id=doctor_id,
            name=name,
            name_sort=name_sort_key(name, doctor_id),
            specialty_id=specialty_ids[number % len(specialty_ids)],
            status=DoctorStatus.APPROVED,
            license_number=f"L{number}",
            created_at=clock.now(),
        ).save()
        if number % 3:  # two in three have a free slot on the day asked for
            make_slot(doctor_id, datetime(2026, 12, 3, 9 + number % 8, 0, tzinfo=UTC))
        make_slot(doctor_id, datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    clock.advance(seconds=10)
    directory_version.changed()
    clock.advance(seconds=10)


@pytest.mark.parametrize("count", [30, 240])
def test_a_page_of_doctors_free_on_a_date_takes_at_most_five_requests_whatever_their_number(
    api: Api, specialty: dict[str, Any], admin_token: str, clock: FakeClock, requests_to_moto: Counter[str], count: int
) -> None:
    other = api.post("/admin/specialties", {"name": "Dermatology"}, admin_token).body["specialty_id"]
    _many_doctors(count, [specialty["specialty_id"], other], clock)
    api.get("/doctors?date=2026-12-03")  # the directory, once per process (its reload is not the page's)

    pages: list[tuple[str, int, int]] = []
    for query in ("date=2026-12-03", f"date=2026-12-03&specialty_id={other}", "date=2026-12-03&q=exmaple"):
        cursor, seen = None, []
        while True:
            requests_to_moto.clear()
            reply = api.get(f"/doctors?{query}&limit=20" + (f"&cursor={cursor}" if cursor else ""))
            assert reply.status == 200, reply.body
            pages.append((query, len(reply.body["items"]), sum(requests_to_moto.values())))
            seen += [d["doctor_id"] for d in reply.body["items"]]
            cursor = reply.body["next_cursor"]
            if not cursor:
                break
        expected = [f"doc{n:04d}" for n in range(count) if n % 3 and ("specialty_id" not in query or n % 2 == 1)]
        assert seen == sorted(expected), query

    assert max(requests for _, _, requests in pages) <= 5, pages
    assert "Scan" not in requests_to_moto


def test_the_backfill_rebuilds_a_lost_summary(
    approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    doctor_id = approved_doctor["doctor_id"]
    for hour in (9, 10, 11):
        make_slot(doctor_id, datetime(2026, 12, 3, hour, 0, tzinfo=UTC))
    expected = maintained(doctor_id)
    for item in DaySummary.query(doctor_id):
        item.delete()
    assert maintained(doctor_id) == {}

    written = free_days_backfill.run()

    assert written == {"doctors": 1, "days": 1}
    assert maintained(doctor_id) == expected


def test_a_doctor_moving_to_another_zone_is_found_on_the_dates_of_the_new_zone(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    slot_id = make_slot(approved_doctor["doctor_id"], datetime(2026, 12, 4, 2, 30, tzinfo=UTC))
    assert [d["doctor_id"] for d in api.get("/doctors?date=2026-12-04").body["items"]] == [approved_doctor["doctor_id"]]

    moved = api.patch("/me", {"timezone": "America/New_York"}, approved_doctor["token"])
    clock.advance(seconds=10)

    assert moved.status == 200, moved.body
    assert api.get("/doctors?date=2026-12-04").body["items"] == []
    found = api.get("/doctors?date=2026-12-03").body["items"]
    assert [s["slot_id"] for d in found for s in d["available_slots"]] == [slot_id]
