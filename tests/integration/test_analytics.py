"""Analytics from maintained counters: they equal a recount after a random run of changes, the series and filters
read them, the CSV exports are RFC 4180 and neutralise formulas, and every export is audited."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.contracts.booking import BookingRequest, StatusChange
from chalicelib.errors import DomainError
from chalicelib.models.analytics import DailyAggregate
from chalicelib.models.appointments import Appointment
from chalicelib.models.audit import AuditEntry
from chalicelib.models.clinics import DoctorPlace
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.services.analytics import _counters as counters
from chalicelib.services.analytics import aggregates
from chalicelib.services.availability import slots as availability
from chalicelib.services.booking import appointments as booking
from chalicelib.services.booking import lifecycle
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.slot_ids import slot_ref
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.vocabulary import Role
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api
from tests.support.fakes import FakeClock

EUR_VISIT = {
    "name": "Consultation",
    "duration_minutes": 30,
    "price": {"amount": "80.50", "currency": "EUR"},
    "mode": "in_person",
    "clinic_id": "clinic-1",
}
ACTIVE = ("SCHEDULED", "CONFIRMED", "IN_PROGRESS")
DAYS = ("2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05")
CHF_VISIT = {
    "name": "Short visit",
    "duration_minutes": 15,
    "price": {"amount": "45", "currency": "CHF"},
    "mode": "video",
}


def make_type(api: Api, token: str, body: dict[str, Any]) -> str:
    if body.get("clinic_id"):  # an in-person type names a clinic the doctor works at (issue 18)
        doctor_id = api.get("/me", token).body["user_id"]
        DoctorPlace(
            doctor_id=doctor_id,
            clinic_id=body["clinic_id"],
            clinic_name="Clinic",
            city="Berlin",
            city_key="berlin",
            lat=52.52,
            lon=13.40,
            cell3="u33",
            cell4="u33d",
        ).save()
    reply = api.post("/doctors/me/appointment-types", body, token)
    assert reply.status == 201, reply.body
    return str(reply.body["appointment_type_id"])


def publish(api: Api, token: str, day: str, start: str, end: str, type_id: str) -> list[str]:
    reply = api.post(
        "/doctors/me/slots", {"date": day, "start_time": start, "end_time": end, "appointment_type_id": type_id}, token
    )
    assert reply.status == 201, reply.body
    return [slot["slot_id"] for slot in reply.body["created"]]


def recount() -> dict[tuple[str, str], dict[str, Any]]:
    """Every counter from the appointments and slots as they are (a scan: a test may)."""
    specialty = {doctor.doctor_id: doctor.specialty_id for doctor in Doctor.scan()}
    visits = [aggregates.visit(a, specialty_id=specialty[a.doctor_id]) for a in Appointment.scan()]
    published = [
        counters.Published(s.doctor_id, s.start[:10], int(s.duration_minutes), specialty_id=specialty[s.doctor_id])
        for s in Slot.scan()
    ]
    return counters.recount(visits, published)


def maintained() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for row in DailyAggregate.scan():
        for name in (*counters.COUNTS, "revenue"):
            value = getattr(row, name)
            if value:
                found[(row.scope, row.day)][name] = value if name == "revenue" else int(value)
    return counters.prune(found)


@pytest.fixture
def practice(api: Api, approved_doctor: dict[str, Any], specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    """Two doctors of one specialty, each with a priced type and slots over four days (from tomorrow); four patients."""
    second = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="second@example.com", license_number="LIC-3003"
    )
    doctors = [approved_doctor, {**second, "token": login(api, "second@example.com")["access_token"]}]
    slots: list[str] = []
    for number, doctor in enumerate(doctors):
        kind = make_type(api, doctor["token"], EUR_VISIT if number == 0 else CHF_VISIT)
        for day in DAYS:
            slots += publish(api, doctor["token"], day, "08:00", "18:00", kind)
    patients = []
    for number in range(4):
        email = f"p{number}@example.com"
        reply = register_patient(api, email=email, name=f"Patient {number}")
        patients.append(str(reply["user_id"]) if isinstance(reply, dict) and "user_id" in reply else email)
    return {"doctors": doctors, "slots": slots, "patients": patients}


def _patient_ids(emails_or_ids: list[str]) -> list[str]:
    from chalicelib.services.accounts.users import find_by_email

    found = []
    for value in emails_or_ids:
        user = find_by_email(value) if "@" in value else None
        found.append(user.user_id if user else value)
    return found


@pytest.mark.usefixtures("one_backup_per_transaction")
def test_the_counters_equal_a_recount_after_500_random_changes(
    api: Api, practice: dict[str, Any], clock: FakeClock, admin_token: str
) -> None:
    rng = random.Random(19)
    patients = [Principal(pid, Role.PATIENT) for pid in _patient_ids(practice["patients"])]
    doctors = {d["doctor_id"]: Principal(d["doctor_id"], Role.DOCTOR) for d in practice["doctors"]}
    admin = Principal("admin", Role.ADMIN)
    free = list(practice["slots"])
    booked: list[str] = []
    done = defaultdict(int)
    for _ in range(500):
        op = rng.choice(["book"] * 4 + ["cancel", "move", "advance"] + ["progress"] * 3 + ["delete"])
        try:
            if op == "book" and free:
                slot = rng.choice(free)
                out = booking.book(rng.choice(patients), BookingRequest(slot_id=slot, reason_for_visit="check"))
                booked.append(out.appointment_id)
            elif op == "cancel" and booked:
                appointment = Appointment.get(rng.choice(booked))
                who = rng.choice(
                    [Principal(appointment.patient_id, Role.PATIENT), doctors[appointment.doctor_id], admin]
                )
                booking.cancel(who, appointment.appointment_id, "changed plans")
            elif op == "move" and booked and free:
                appointment = Appointment.get(rng.choice(booked))
                booking.reschedule(doctors[appointment.doctor_id], appointment.appointment_id, rng.choice(free))
            elif op == "advance":
                clock.advance(minutes=rng.choice([30, 60, 120, 240]))
            elif op == "progress" and booked:
                due = [a for a in Appointment.batch_get(booked) if a.status in ACTIVE and a.start <= iso(clock.current)]
                appointment = rng.choice(due) if due else Appointment.get(rng.choice(booked))
                following = {
                    "SCHEDULED": ["CONFIRMED", "NO_SHOW"],
                    "CONFIRMED": ["IN_PROGRESS", "IN_PROGRESS", "NO_SHOW"],
                    "IN_PROGRESS": ["COMPLETED"],
                }.get(appointment.status, ["CONFIRMED"])
                op = rng.choice(following)
                lifecycle.change_status(
                    doctors[appointment.doctor_id], appointment.appointment_id, StatusChange(status=op)
                )
            elif op == "delete" and free:
                slot = rng.choice(free)
                ref = slot_ref_of(slot)
                availability.delete_slot(ref.doctor_id, slot)
                free.remove(slot)
            else:
                continue
            done[op] += 1
        except DomainError:
            done[f"refused {op}"] += 1
        if op in ("book", "cancel", "move", "delete"):
            free = _free(doctors)
    assert done["book"] > 40 and done["cancel"] > 10 and done["move"] > 10, done
    assert done["COMPLETED"] > 3 and done["NO_SHOW"] > 3 and done["delete"] > 3, done
    assert maintained() == recount()


def slot_ref_of(slot_id: str) -> Any:
    from chalicelib.services.core.slot_ids import decode_slot_id

    return decode_slot_id(slot_id)


def _free(doctors: dict[str, Principal]) -> list[str]:
    return [
        slot_ref(s.doctor_id, parse_iso(s.start), int(s.duration_minutes)).slot_id
        for doctor_id in sorted(doctors)
        for s in Slot.query(doctor_id)
        if s.booked_by is None
    ]


def test_the_admin_reads_the_series_by_day_week_and_month_with_revenue_by_currency(
    api: Api, practice: dict[str, Any], admin_token: str, clock: FakeClock
) -> None:
    patient = _patient_ids(practice["patients"])[0]
    doctor = practice["doctors"][0]
    slot = practice["slots"][2]  # one of the first doctor's on 2026-12-02
    out = booking.book(Principal(patient, Role.PATIENT), BookingRequest(slot_id=slot, reason_for_visit="x"))
    me = Principal(doctor["doctor_id"], Role.DOCTOR)
    lifecycle.change_status(me, out.appointment_id, StatusChange(status="CONFIRMED"))
    clock.current = out.start
    lifecycle.change_status(me, out.appointment_id, StatusChange(status="IN_PROGRESS"))
    lifecycle.change_status(me, out.appointment_id, StatusChange(status="COMPLETED"))
    admin = login(api, "admin@example.com")["access_token"]

    by_day = api.get("/admin/analytics?from=2026-12-02&to=2026-12-05", token=admin)
    assert by_day.status == 200, by_day.body
    first = by_day.body["series"][0]
    assert [p["period"] for p in by_day.body["series"]] == ["2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"]
    # 10 hours of slots for each doctor on each day; one 30-minute visit, completed, paid in euros.
    assert first["published_minutes"] == 2 * 600
    assert (first["booked_minutes"], first["appointments"], first["completed"]) == (30, 1, 1)
    assert first["utilization"] == round(30 / 1200, 4) and first["no_show_rate"] == 0.0
    assert first["revenue"] == [{"amount": "80.50", "currency": "EUR"}]
    assert by_day.body["totals"]["published_minutes"] == 4 * 1200

    by_month = api.get("/admin/analytics?from=2026-11-15&to=2026-12-31&group_by=month", token=admin).body
    assert [p["period"] for p in by_month["series"]] == ["2026-11", "2026-12"]
    by_week = api.get("/admin/analytics?from=2026-11-30&to=2026-12-13&group_by=week", token=admin).body
    assert [p["period"] for p in by_week["series"]] == ["2026-11-30", "2026-12-07"]

    clinic = api.get("/admin/analytics?from=2026-12-02&to=2026-12-02&clinic_id=clinic-1", token=admin).body
    assert clinic["totals"]["completed"] == 1 and clinic["totals"]["revenue"][0]["currency"] == "EUR"
    other = api.get(
        f"/admin/analytics?from=2026-12-02&to=2026-12-02&doctor_id={practice['doctors'][1]['doctor_id']}", token=admin
    )
    assert other.body["totals"]["completed"] == 0 and other.body["totals"]["published_minutes"] == 600

    mine = api.get(
        "/doctors/me/analytics?from=2026-12-02&to=2026-12-02", token=login(api, "approved@example.com")["access_token"]
    )
    assert mine.status == 200 and mine.body["totals"]["revenue"] == [{"amount": "80.50", "currency": "EUR"}]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("from=2026-12-05&to=2026-12-01", "INVALID_RANGE"),
        ("from=yesterday", "INVALID_RANGE"),
        ("from=2025-01-01&to=2026-12-01", "RANGE_TOO_LONG"),
        ("doctor_id=a&clinic_id=b", "TOO_MANY_FILTERS"),
    ],
)
def test_a_bad_range_or_two_filters_are_refused_clearly(api: Api, admin_token: str, query: str, code: str) -> None:
    reply = api.get(f"/admin/analytics?{query}", token=admin_token)
    assert (reply.status, reply.error_code) == (400, code)


def test_five_years_by_month_are_allowed_but_not_by_day(api: Api, admin_token: str) -> None:
    assert api.get("/admin/analytics?from=2022-01-01&to=2026-12-01&group_by=month", token=admin_token).status == 200
    assert api.get("/admin/analytics?from=2022-01-01&to=2026-12-01", token=admin_token).error_code == "RANGE_TOO_LONG"


def test_the_appointments_export_is_csv_with_formulas_neutralised_and_is_audited(
    api: Api, approved_doctor: dict[str, Any], admin_token: str
) -> None:
    register_patient(api, email="evil@example.com", name="=cmd()")
    evil = _patient_ids(["evil@example.com"])[0]
    kind = make_type(api, approved_doctor["token"], EUR_VISIT)
    slot = publish(api, approved_doctor["token"], "2026-12-02", "10:00", "10:30", kind)[0]
    booking.book(Principal(evil, Role.PATIENT), BookingRequest(slot_id=slot, reason_for_visit="secret symptom"))

    reply = api.get("/admin/appointments.csv?from=2026-12-01&to=2026-12-03", token=admin_token)
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/csv")
    text = reply.body
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["patient_name"] == "'=cmd()"
    assert rows[0]["price_amount"] == "80.50" and rows[0]["status"] == "SCHEDULED"
    assert "secret symptom" not in text and "reason" not in rows[0]
    exported = list(AuditEntry.query("export#appointments"))
    assert len(exported) == 1 and exported[0].detail["rows"] == "1"


def test_a_long_export_comes_in_parts_that_join_up(
    api: Api, approved_doctor: dict[str, Any], admin_token: str, configure: Any
) -> None:
    kind = make_type(api, approved_doctor["token"], {**EUR_VISIT, "duration_minutes": 15})
    slots = publish(api, approved_doctor["token"], "2026-12-02", "10:00", "11:15", kind)
    for number, slot in enumerate(slots):
        register_patient(api, email=f"x{number}@example.com", name=f"X {number}")
        pid = _patient_ids([f"x{number}@example.com"])[0]
        booking.book(Principal(pid, Role.PATIENT), BookingRequest(slot_id=slot, reason_for_visit="x"))
    configure(DOCSPOT_EXPORT_MAX_ROWS="2")
    seen, cursor, parts = [], "", 0
    while True:
        reply = api.get(f"/admin/appointments.csv?from=2026-12-02&to=2026-12-02{cursor}", token=admin_token)
        text = reply.body
        seen += [row["appointment_id"] for row in csv.DictReader(io.StringIO(text))]
        parts += 1
        following = reply.headers.get("X-Next-Cursor")
        if not following:
            break
        cursor = f"&cursor={following}"
    assert len(seen) == len(slots) == 5 and len(set(seen)) == 5 and parts == 3


def test_the_analytics_export_has_a_row_per_period_and_a_total(api: Api, admin_token: str) -> None:
    reply = api.get("/admin/analytics.csv?from=2026-12-01&to=2026-12-03", token=admin_token)
    text = reply.body
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["period", "published_minutes", "booked_minutes"]
    assert [row[0] for row in rows[1:]] == ["2026-12-01", "2026-12-02", "2026-12-03", "total"]
    assert len(list(AuditEntry.query("export#analytics"))) == 1


def test_revenue_is_summed_exactly_in_decimals() -> None:
    deltas: Any = defaultdict(dict)
    for _ in range(3):
        counters.contribute(
            deltas, counters.Visit("d", "2026-12-01", 30, "COMPLETED", price_amount="0.10", price_currency="EUR")
        )
    assert deltas[("doctor#d", "2026-12-01#EUR")]["revenue"] == Decimal("0.30")
    assert timedelta(0) == timedelta(0)


def test_the_backfill_builds_the_counters_of_data_written_before_them(
    api: Api, practice: dict[str, Any], clock: FakeClock
) -> None:
    from chalicelib.services.analytics import backfill

    patient = _patient_ids(practice["patients"])[0]
    for slot in practice["slots"][:3]:
        booking.book(Principal(patient, Role.PATIENT), BookingRequest(slot_id=slot, reason_for_visit="x"))
    expected = maintained()
    assert expected == recount()
    for row in DailyAggregate.scan():
        row.delete()
    assert maintained() == {}

    done = backfill.rebuild()
    again = backfill.rebuild()

    assert maintained() == expected and done == again and done.appointments == 3 and done.doctors == 2
