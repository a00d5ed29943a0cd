"""Prints how many DynamoDB (and, for files, S3) requests each API operation makes, and what search costs with
10,000 doctors.

Runs in-process against moto; nothing reaches AWS. ``python -m bench.dynamodb_requests [--doctors N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.offline import use_offline_environment

use_offline_environment()

from bench.counting import CapacityMeter, RequestCounter  # noqa: E402

COUNTER = RequestCounter()
COUNTER.install()
CAPACITY = CapacityMeter()
CAPACITY.install()

from chalice.test import Client  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.adapters.mailer import Email  # noqa: E402
from chalicelib.adapters.registry import use_adapters  # noqa: E402
from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate  # noqa: E402
from chalicelib.models.clinics import DoctorPlace  # noqa: E402
from chalicelib.models.doctors import Doctor, name_sort_key  # noqa: E402
from chalicelib.services.accounts import users  # noqa: E402
from chalicelib.services.catalogue import _directory as directory  # noqa: E402
from chalicelib.services.catalogue import _geo as geo  # noqa: E402
from chalicelib.services.catalogue import doctors, specialties  # noqa: E402
from chalicelib.services.core import directory_version  # noqa: E402
from chalicelib.services.core.authz import Principal  # noqa: E402
from chalicelib.vocabulary import Role  # noqa: E402
from local.gateway import make_gateway  # noqa: E402
from local.tables import create_tables  # noqa: E402

PASSWORD = "bench-password"
FIRST = ["Anna", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luis"]
LAST = ["Smith", "Jones", "Okafor", "Novak", "Garcia", "Kowalski", "Tanaka", "Moreau", "Rossi", "Haddad"]
SYLLABLES = ["ba", "ker", "lin", "mo", "ra", "sch", "ti", "vo", "wen", "der", "ga", "han", "ko", "ste", "mar"]


class LaterClock:
    """The system clock, moved forward on demand: lets the directory version settle without sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class NullMailer:
    def send(self, email: Email) -> None:
        return None


def _call(
    client: Client,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    extra: dict[str, str] | None = None,
) -> Any:
    headers = {"Content-Type": "application/json", **(extra or {})}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    if reply.status_code >= 400:
        raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.body!r}")
    return json.loads(reply.body) if reply.body else None


Row = tuple[str, Counter[str], float, list[float]]


def _measure(name: str, fn: Any, rows: list[Row]) -> Any:
    with COUNTER.measure() as calls, CAPACITY.measure() as units:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    rows.append((name, calls, elapsed, units))
    return result


def _print(title: str, rows: list[Row]) -> None:
    """Requests, moto's milliseconds, and the read and write units DynamoDB would bill (``CapacityMeter``: base
    tables, plus the global indexes of the items put)."""
    print(f"\n{title}")
    print(f"{'operation':44} {'requests':>8}  {'ms':>8}  {'RCU':>6}  {'WCU':>6}  breakdown")
    for name, calls, ms, (read, write) in rows:
        breakdown = ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
        print(f"{name:44} {sum(calls.values()):>8}  {ms:>8.1f}  {read:>6.1f}  {write:>6.1f}  {breakdown}")
    scans = sum(calls.get("Scan", 0) for _, calls, _, _ in rows)
    print(f"Scans: {scans}")
    if scans:
        raise SystemExit("an operation scanned a table")


def _seed_small(client: Client) -> dict[str, Any]:
    admin = users.create_admin(email="admin@bench.test", password=PASSWORD, name="Admin")
    principal = Principal(admin.user_id, Role.ADMIN)
    names = ["Cardiology", "Dermatology", "Pediatrics", "Neurology", "Orthopedics", "General Practice"]
    spec_ids = [specialties.create(principal, SpecialtyCreate(name=n)).specialty_id for n in names]
    doctor_ids = []
    for i in range(8):
        created = doctors.admin_create(
            principal,
            AdminDoctorCreate(
                email=f"doctor{i}@bench.test",
                password=PASSWORD,
                name=f"{FIRST[i]} {LAST[i]}",
                specialty_id=spec_ids[i % len(spec_ids)],
                license_number=f"BENCH-{i:04d}",
                experience_years=5 + i,
                consultation_fee=60 + 5 * i,
            ),
        )
        doctor_ids.append(created.doctor_id)
    _call(
        client,
        "POST",
        "/auth/register",
        {"role": "patient", "email": "p@bench.test", "password": PASSWORD, "name": "P"},
    )
    return {"specialty_id": spec_ids[0], "admin": principal, "doctor_id": doctor_ids[0]}


def _booking_rows(client: Client, doctor_id: str, patient: str) -> list[Row]:
    """Lock, book (with an Idempotency-Key), list a week, reschedule, cancel: the booking issue's targets."""
    admin = _call(client, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})["access_token"]
    day = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    run = {"date": day, "start_time": "09:00", "end_time": "12:00", "duration_minutes": 30}
    rows: list[Row] = []
    created = _measure(
        "POST /admin/doctors/{id}/slots (6 slots)",
        lambda: _call(client, "POST", f"/admin/doctors/{doctor_id}/slots", run, admin),
        rows,
    )["created"]
    first, second = created[0]["slot_id"], created[1]["slot_id"]
    _measure("POST /slots/{id}/lock", lambda: _call(client, "POST", f"/slots/{first}/lock", token=patient), rows)
    body = {"slot_id": first, "reason_for_visit": "check-up"}
    headers = {"Idempotency-Key": "bench-1"}
    booked = _measure(
        "POST /appointments (Idempotency-Key)",
        lambda: _call(client, "POST", "/appointments", body, patient, headers),
        rows,
    )
    _measure(
        "POST /appointments (same key again)",
        lambda: _call(client, "POST", "/appointments", body, patient, headers),
        rows,
    )
    week = f"/doctors/{doctor_id}/slots?from={day}&to={(datetime.now(UTC) + timedelta(days=9)).date().isoformat()}"
    _measure("GET /doctors/{id}/slots (a week)", lambda: _call(client, "GET", week), rows)
    aid = booked["appointment_id"]
    _measure(
        "POST /appointments/{id}/reschedule",
        lambda: _call(client, "POST", f"/appointments/{aid}/reschedule", {"slot_id": second}, patient),
        rows,
    )
    _measure(
        "POST /appointments/{id}/cancel",
        lambda: _call(client, "POST", f"/appointments/{aid}/cancel", {"reason": "bench"}, patient),
        rows,
    )
    return rows


def _files_rows(client: Client, doctor_id: str, patient: str) -> list[Row]:
    """A patient's document: the upload form, completion (S3 calls included), the lists with audited links."""
    import boto3

    from chalicelib.config import get_settings
    from local.buckets import create_uploads_bucket

    create_uploads_bucket(["http://127.0.0.1:8000"])
    admin = _call(client, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})["access_token"]
    doctor = _call(client, "POST", "/auth/login", {"email": "doctor0@bench.test", "password": PASSWORD})
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    run = {"date": day, "start_time": "14:00", "end_time": "14:30", "duration_minutes": 30}
    slot = _call(client, "POST", f"/admin/doctors/{doctor_id}/slots", run, admin)["created"][0]["slot_id"]
    aid = _call(client, "POST", "/appointments", {"slot_id": slot}, patient)["appointment_id"]
    data = b"%PDF-1.7\n" + b"0" * 100_000
    announced = {"filename": "lab results.pdf", "content_type": "application/pdf", "size": len(data)}
    rows: list[Row] = []
    files = f"/appointments/{aid}/files"
    started = _measure("POST /appointments/{id}/files", lambda: _call(client, "POST", files, announced, patient), rows)
    fields = started["upload"]["fields"]
    s3 = boto3.client("s3", region_name=get_settings().region)
    s3.put_object(
        Bucket=get_settings().uploads_bucket, Key=fields["key"], Body=data, ContentType=fields["Content-Type"]
    )
    one = f"{files}/{started['file_id']}"
    _measure(".../files/{id}/complete", lambda: _call(client, "POST", f"{one}/complete", token=patient), rows)
    _measure(".../files/{id}/complete (again)", lambda: _call(client, "POST", f"{one}/complete", token=patient), rows)
    _measure("GET .../files (patient, 1 file)", lambda: _call(client, "GET", files, token=patient), rows)
    token = doctor["access_token"]
    _measure("GET .../files (doctor, 1 file: 1 audited link)", lambda: _call(client, "GET", files, token=token), rows)
    _measure("GET .../files/{id} (doctor, fresh link)", lambda: _call(client, "GET", one, token=token), rows)
    _measure("DELETE .../files/{id}", lambda: _call(client, "DELETE", one, token=patient), rows)
    return rows


def _record_rows(client: Client, doctor_id: str, patient: str) -> list[Row]:
    """The medical record: the patient's own routes, a caring doctor's, the doctor's patients and a follow-up."""
    admin = _call(client, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})["access_token"]
    doctor = _call(client, "POST", "/auth/login", {"email": "doctor0@bench.test", "password": PASSWORD})["access_token"]
    day = (datetime.now(UTC) + timedelta(days=4)).date().isoformat()
    run = {"date": day, "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30}
    first, second = _call(client, "POST", f"/admin/doctors/{doctor_id}/slots", run, admin)["created"][:2]
    _call(client, "POST", "/appointments", {"slot_id": first["slot_id"]}, patient)
    patient_id = _call(client, "GET", "/me", token=patient)["user_id"]
    rows: list[Row] = []
    allergy = {"substance": "Penicillin", "reaction": "Hives", "severity": "severe"}
    entry = _measure(
        "POST /me/record/{kind}", lambda: _call(client, "POST", "/me/record/allergies", allergy, patient), rows
    )
    one = f"/me/record/allergies/{entry['entry_id']}"
    _measure("PATCH /me/record/{kind}/{id}", lambda: _call(client, "PATCH", one, {"reaction": "Rash"}, patient), rows)
    _measure("GET /me/record (1 entry)", lambda: _call(client, "GET", "/me/record", token=patient), rows)
    record = f"/patients/{patient_id}/record"
    _measure("GET /patients/{id}/record (doctor)", lambda: _call(client, "GET", record, token=doctor), rows)
    _measure(
        "POST /patients/{id}/record/{kind} (doctor)",
        lambda: _call(client, "POST", f"{record}/conditions", {"name": "Asthma"}, doctor),
        rows,
    )
    _measure("GET /me/record/access-log", lambda: _call(client, "GET", "/me/record/access-log", token=patient), rows)
    _measure("GET /me/record/export", lambda: _call(client, "GET", "/me/record/export", token=patient), rows)
    _measure(
        "GET /doctors/me/patients (1 patient)", lambda: _call(client, "GET", "/doctors/me/patients", token=doctor), rows
    )
    _measure(
        "GET /doctors/me/patients/{id}",
        lambda: _call(client, "GET", f"/doctors/me/patients/{patient_id}", token=doctor),
        rows,
    )
    _measure(
        "POST /doctors/me/patients/{id}/appointments",
        lambda: _call(
            client, "POST", f"/doctors/me/patients/{patient_id}/appointments", {"slot_id": second["slot_id"]}, doctor
        ),
        rows,
    )
    _measure("DELETE /me/record/{kind}/{id}", lambda: _call(client, "DELETE", one, token=patient), rows)
    return rows


def _busy_practice_rows(client: Client, appointments: int, patients: int) -> list[Row]:
    """A doctor with a year of appointments: what the patients list costs (docs/architecture.md, "The medical
    record")."""
    from chalicelib.models.appointments import Appointment
    from chalicelib.models.users import User
    from chalicelib.services.core.times import iso

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    with User.batch_write() as batch:
        for n in range(patients):
            batch.save(
                User(
                    user_id=f"busy-patient-{n:05d}",
                    email=f"busy{n}@bench.test",
                    name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}",
                    role="patient",
                    password_hash="-",
                    created_at=now,
                )
            )
    with Appointment.batch_write() as batch:
        for n in range(appointments):
            start = now - timedelta(days=360) + timedelta(hours=3 * n)
            batch.save(
                Appointment(
                    appointment_id=f"busy-{n:06d}",
                    patient_id=f"busy-patient-{n % patients:05d}",
                    doctor_id="doctor-busy",
                    start=iso(start),
                    end=iso(start + timedelta(minutes=30)),
                    day=iso(start)[:10],
                    status="COMPLETED" if start < now else "SCHEDULED",
                    reason_for_visit="check-up",
                    summary="A summary of a few sentences, as doctors leave them after a visit. " * 3,
                    created_at=start,
                    updated_at=start,
                )
            )
    from chalicelib.services.records import patients as listing

    doctor = Principal("doctor-busy", Role.DOCTOR)
    rows: list[Row] = []
    _measure(
        f"{patients} patients, {appointments:,} appointments a year",
        lambda: listing.list_patients(doctor, q=None, limit=20, cursor=None),
        rows,
    )
    return rows


def _seed_bulk(count: int, specialty_ids: list[str]) -> int:
    """Writes doctors straight into the table (no accounts): only the directory's size matters here."""
    now = datetime.now(UTC)
    size = 0
    with Doctor.batch_write() as batch:
        for i in range(count):
            # About 3,400 distinct surnames, as a real directory of this size would have.
            n = len(SYLLABLES)
            surname = (SYLLABLES[i % n] + SYLLABLES[(i // n) % n] + SYLLABLES[(i // n // n) % n]).title()
            name = f"{FIRST[i % len(FIRST)]} {surname}"
            doctor = Doctor(
                doctor_id=f"bulk{i:06d}",
                name=name,
                name_sort=name_sort_key(name, f"bulk{i:06d}"),
                specialty_id=specialty_ids[i % len(specialty_ids)],
                status="APPROVED",
                license_number=f"BULK-{i:06d}",
                experience_years=i % 40,
                consultation_fee=50 + i % 100,
                bio="Experienced clinician with a focus on preventive care and clear explanations. " * 2,
                timezone="Europe/Berlin",
                created_at=now,
            )
            size += len(json.dumps(doctor.serialize()))
            batch.save(doctor)
    directory_version.changed()
    return size // max(count, 1)


def _seed_places(count: int) -> None:
    """One clinic place per bulk doctor: a third in and around Berlin, the rest over Central Europe."""
    rng = random.Random(18)
    with DoctorPlace.batch_write() as batch:
        for i in range(count):
            if i % 3 == 0:
                lat, lon = rng.gauss(52.52, 0.15), rng.gauss(13.40, 0.25)
            else:
                lat, lon = rng.uniform(45.0, 56.0), rng.uniform(4.0, 20.0)
            batch.save(
                DoctorPlace(
                    doctor_id=f"bulk{i:06d}",
                    clinic_id="c0",
                    clinic_name="Clinic",
                    city="Somewhere",
                    city_key="somewhere",
                    lat=lat,
                    lon=lon,
                    cell3=geo.encode(lat, lon, 3),
                    cell4=geo.encode(lat, lon, 4),
                )
            )


def _index_keys() -> dict[str, list[list[str]]]:
    """Each table's global indexes by their key attributes (what decides whether a put writes the index too)."""
    from chalicelib.models import ALL_MODELS

    keys: dict[str, list[list[str]]] = {}
    for model in ALL_MODELS:
        schema = model._get_schema()
        keys[model.Meta.table_name] = [
            [part["AttributeName"] for part in index["key_schema"]] for index in schema["global_secondary_indexes"]
        ]
    return keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctors", type=int, default=10_000, help="directory size for the search figures")
    args = parser.parse_args()
    from app import app

    CAPACITY.indexes = _index_keys()
    with mock_aws():
        create_tables()
        clock = LaterClock()
        use_adapters(mailer=NullMailer(), clock=clock)
        with Client(app) as client:
            client.http._local_gateway = make_gateway(app)
            seeded = _seed_small(client)
            clock.offset += timedelta(seconds=directory.SETTLE_SECONDS)
            rows: list[Row] = []
            pair = _measure(
                "POST /auth/login",
                lambda: _call(client, "POST", "/auth/login", {"email": "p@bench.test", "password": PASSWORD}),
                rows,
            )
            token, refresh = pair["access_token"], pair["refresh_token"]
            _measure(
                "POST /auth/refresh", lambda: _call(client, "POST", "/auth/refresh", {"refresh_token": refresh}), rows
            )
            _measure("GET /me", lambda: _call(client, "GET", "/me", token=token), rows)
            _measure("GET /specialties", lambda: _call(client, "GET", "/specialties"), rows)
            sid = seeded["specialty_id"]
            _measure(
                "GET /doctors?specialty_id= (cold cache)",
                lambda: _call(client, "GET", f"/doctors?specialty_id={sid}"),
                rows,
            )
            _measure("GET /doctors?specialty_id=", lambda: _call(client, "GET", f"/doctors?specialty_id={sid}"), rows)
            _measure("GET /doctors?q=cardio", lambda: _call(client, "GET", "/doctors?q=cardio"), rows)
            _measure("GET /doctors?q=Dr%20Smiht", lambda: _call(client, "GET", "/doctors?q=Dr%20Smiht"), rows)
            _print("8 doctors, 6 specialties (requests per API operation)", rows)
            _print("Booking (requests per API operation)", _booking_rows(client, seeded["doctor_id"], token))
            _print("Files (DynamoDB and S3 requests)", _files_rows(client, seeded["doctor_id"], token))
            _print("Medical record (requests per API operation)", _record_rows(client, seeded["doctor_id"], token))
            _print(
                "The patients list of a busy doctor (the service alone: add the approval GetItem; ms are moto's)",
                _busy_practice_rows(client, appointments=2_500, patients=600),
            )

            average = _seed_bulk(args.doctors, [sid])
            clock.offset += timedelta(seconds=directory.SETTLE_SECONDS)
            big: list[Row] = []
            _measure("GET /doctors?q=Smiht (directory reload)", lambda: _call(client, "GET", "/doctors?q=Smiht"), big)
            _measure("GET /doctors?q=Smiht (warm)", lambda: _call(client, "GET", "/doctors?q=Smiht"), big)
            _measure("GET /doctors?q=cardio (warm)", lambda: _call(client, "GET", "/doctors?q=cardio"), big)
            _measure(
                "GET /doctors?specialty_id=&limit=20",
                lambda: _call(client, "GET", f"/doctors?specialty_id={sid}&limit=20"),
                big,
            )
            _seed_places(args.doctors)
            for radius in (1, 5, 10, 25, 50, 100):
                query = f"/doctors?near=52.52,13.40&radius_km={radius}&sort=distance&limit=20"
                cells = len(geo.cover(52.52, 13.40, radius).cells)
                _measure(
                    f"GET /doctors?near=Berlin&radius_km={radius} ({cells} cells)",
                    lambda query=query: _call(client, "GET", query),
                    big,
                )
            _print(f"{args.doctors:,} more approved doctors in the directory", big)
            total_kb = args.doctors * average / 1024
            print(
                f"\nDirectory reload reads ~{total_kb:,.0f} KB (~{average} B a doctor): "
                f"~{total_kb / 4 / 2:,.0f} read units (eventually consistent), once per warm Lambda after each change."
            )


if __name__ == "__main__":
    main()
