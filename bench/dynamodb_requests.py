"""Prints how many DynamoDB requests each API operation makes, and what search costs with 10,000 doctors.

Runs in-process against moto; nothing reaches AWS. ``python -m bench.dynamodb_requests [--doctors N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "DOCSPOT_STAGE": "bench",
        "DOCSPOT_JWT_SECRET": "bench-secret-that-is-at-least-32-bytes-long",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from bench.counting import RequestCounter

COUNTER = RequestCounter()
COUNTER.install()

from chalice.test import Client  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.adapters.mailer import Email  # noqa: E402
from chalicelib.adapters.registry import use_adapters  # noqa: E402
from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate  # noqa: E402
from chalicelib.models.doctors import Doctor, name_sort_key  # noqa: E402
from chalicelib.services import accounts, directory, doctors, specialties  # noqa: E402
from chalicelib.services.authz import Principal  # noqa: E402
from local.gateway import make_gateway  # noqa: E402
from local.tables import create_tables  # noqa: E402

PASSWORD = "bench-password"
FIRST = ["Anna", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luis"]
LAST = ["Smith", "Jones", "Okafor", "Novak", "Garcia", "Kowalski", "Tanaka", "Moreau", "Rossi", "Haddad"]
SYLLABLES = ["ba", "ker", "lin", "mo", "ra", "sch", "ti", "vo", "wen", "der", "ga", "han", "ko", "ste", "mar"]


class NullMailer:
    def send(self, email: Email) -> None:
        return None


def _call(client: Client, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    if reply.status_code >= 400:
        raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.body!r}")
    return json.loads(reply.body) if reply.body else None


def _measure(name: str, fn: Any, rows: list[tuple[str, Counter[str], float]]) -> Any:
    with COUNTER.measure() as calls:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    rows.append((name, calls, elapsed))
    return result


def _print(title: str, rows: list[tuple[str, Counter[str], float]]) -> None:
    print(f"\n{title}")
    print(f"{'operation':44} {'requests':>8}  {'ms':>8}  breakdown")
    for name, calls, ms in rows:
        breakdown = ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
        print(f"{name:44} {sum(calls.values()):>8}  {ms:>8.1f}  {breakdown}")
    scans = sum(calls.get("Scan", 0) for _, calls, _ in rows)
    print(f"Scans: {scans}")
    if scans:
        raise SystemExit("an operation scanned a table")


def _seed_small(client: Client) -> dict[str, Any]:
    admin = accounts.create_admin(email="admin@bench.test", password=PASSWORD, name="Admin")
    principal = Principal(admin.user_id, "admin")
    names = ["Cardiology", "Dermatology", "Pediatrics", "Neurology", "Orthopedics", "General Practice"]
    spec_ids = [specialties.create(principal, SpecialtyCreate(name=n)).specialty_id for n in names]
    for i in range(8):
        doctors.admin_create(
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
    _call(
        client,
        "POST",
        "/auth/register",
        {"role": "patient", "email": "p@bench.test", "password": PASSWORD, "name": "P"},
    )
    return {"specialty_id": spec_ids[0], "admin": principal}


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
    directory.changed()
    return size // max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctors", type=int, default=10_000, help="directory size for the search figures")
    args = parser.parse_args()
    from app import app

    with mock_aws():
        create_tables()
        use_adapters(mailer=NullMailer())
        with Client(app) as client:
            client.http._local_gateway = make_gateway(app)
            seeded = _seed_small(client)
            rows: list[tuple[str, Counter[str], float]] = []
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

            average = _seed_bulk(args.doctors, [sid])
            big: list[tuple[str, Counter[str], float]] = []
            _measure("GET /doctors?q=Smiht (directory reload)", lambda: _call(client, "GET", "/doctors?q=Smiht"), big)
            _measure("GET /doctors?q=Smiht (warm)", lambda: _call(client, "GET", "/doctors?q=Smiht"), big)
            _measure("GET /doctors?q=cardio (warm)", lambda: _call(client, "GET", "/doctors?q=cardio"), big)
            _measure(
                "GET /doctors?specialty_id=&limit=20",
                lambda: _call(client, "GET", f"/doctors?specialty_id={sid}&limit=20"),
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
