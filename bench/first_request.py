"""The CPU a fresh process spends on its first requests: what a Lambda cold start costs after the import.

    .venv/bin/python -m bench.first_request [--runs 5]

moto runs as a server in this process (``local.moto_backend``), seeded through the API with a doctor, a week of
slots and a patient. Each run is then a fresh interpreter that imports ``app`` and serves, through Chalice's local
gateway, the doctor's week (first request), a booking (the first write, which reaches the tables a read did not)
and the week again (warm): it reports the CPU time (``time.process_time``) and the botocore clients built by each
step. The child's moto is over HTTP, so none of moto's own CPU is counted; botocore's client building is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

STEPS = ("import app", "GET week (first request)", "POST /appointments (first write)", "GET week (warm)")
PASSWORD = "bench-password"


def _call(gateway: Any, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    """One request through the local gateway (Chalice's test client would switch the stage to its config's)."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    reply = gateway.handle_request(method, path, headers, json.dumps(body).encode() if body else b"")
    if reply["statusCode"] >= 400:
        raise RuntimeError(f"{method} {path} -> {reply['statusCode']} {reply['body']!r}")
    return json.loads(reply["body"]) if reply["body"] else None


def _child(plan: dict[str, Any]) -> None:
    """One cold process: import, then the three requests, each timed in CPU seconds and clients built."""
    import botocore.session

    built = [0]
    original = botocore.session.Session.create_client

    def counted(session: botocore.session.Session, *args: Any, **kwargs: Any) -> Any:
        built[0] += 1
        return original(session, *args, **kwargs)

    botocore.session.Session.create_client = counted
    figures: list[tuple[float, float, int]] = []

    def step(work: Any) -> Any:
        cpu, wall, clients = time.process_time(), time.perf_counter(), built[0]
        result = work()
        figures.append((time.process_time() - cpu, time.perf_counter() - wall, built[0] - clients))
        return result

    app = step(lambda: __import__("app").app)
    from local.gateway import make_gateway

    gateway, week = make_gateway(app), plan["week"]
    step(lambda: _call(gateway, "GET", week))
    step(lambda: _call(gateway, "POST", "/appointments", {"slot_id": plan["slot_id"]}, plan["token"]))
    step(lambda: _call(gateway, "GET", week))
    print(json.dumps(figures))


def _seed(runs: int) -> tuple[str, str, list[str]]:
    """A doctor with ``runs`` slots two days ahead and a signed-in patient, made through the API."""
    from app import app
    from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate
    from chalicelib.services.accounts import users
    from chalicelib.services.catalogue import doctors, specialties
    from chalicelib.services.core.authz import Principal
    from chalicelib.vocabulary import Role
    from local.gateway import make_gateway
    from local.tables import create_tables

    create_tables()
    admin = users.create_admin(email="admin@bench.test", password=PASSWORD, name="Admin")
    actor = Principal(admin.user_id, Role.ADMIN)
    specialty = specialties.create(actor, SpecialtyCreate(name="Cardiology")).specialty_id
    doctor = doctors.admin_create(
        actor,
        AdminDoctorCreate(
            email="doctor@bench.test",
            password=PASSWORD,
            name="Anna Smith",
            specialty_id=specialty,
            license_number="BENCH-0001",
            experience_years=7,
            consultation_fee=70,
        ),
    ).doctor_id
    gateway = make_gateway(app)
    admin_token = _call(gateway, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})
    day = datetime.now(UTC) + timedelta(days=2)
    slots: list[str] = []
    while len(slots) < runs:
        run = {"date": day.date().isoformat(), "start_time": "08:00", "end_time": "18:00", "duration_minutes": 30}
        created = _call(gateway, "POST", f"/admin/doctors/{doctor}/slots", run, admin_token["access_token"])
        slots += [s["slot_id"] for s in created["created"]]
        day += timedelta(days=1)
    patient = {"role": "patient", "email": "p@bench.test", "password": PASSWORD, "name": "P"}
    _call(gateway, "POST", "/auth/register", patient)
    token = _call(gateway, "POST", "/auth/login", {"email": "p@bench.test", "password": PASSWORD})["access_token"]
    start = (datetime.now(UTC) + timedelta(days=2)).date()
    week = f"/doctors/{doctor}/slots?from={start.isoformat()}&to={(start + timedelta(days=6)).isoformat()}"
    return week, token, slots[:runs]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_request")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(json.loads(args.child))
        return

    from bench.offline import use_offline_environment
    from local.moto_backend import start_moto

    use_offline_environment()
    moto = start_moto()
    try:
        os.environ["AWS_ENDPOINT_URL"] = moto.endpoint
        week, token, slots = _seed(args.runs)
        results: list[list[tuple[float, float, int]]] = []
        for slot in slots:
            plan = json.dumps({"week": week, "token": token, "slot_id": slot})
            done = subprocess.run(
                [sys.executable, "-m", "bench.first_request", "--child", plan],
                env=dict(os.environ),
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise SystemExit(f"a fresh process failed:\n{done.stdout}\n{done.stderr}")
            results.append([tuple(step) for step in json.loads(done.stdout.strip().splitlines()[-1])])
    finally:
        moto.stop()
    print(f"first requests of a fresh process against moto over HTTP (median of {args.runs} fresh processes)")
    print(f"{'step':36} {'CPU ms':>8} {'wall ms':>8} {'botocore clients built':>24}")
    for index, name in enumerate(STEPS):
        cpu = statistics.median(run[index][0] for run in results) * 1000
        wall = statistics.median(run[index][1] for run in results) * 1000
        clients = statistics.median(run[index][2] for run in results)
        print(f"{name:36} {cpu:8.0f} {wall:8.0f} {clients:24.0f}")
    first = statistics.median(run[1][0] + run[2][0] for run in results) * 1000
    print(f"CPU of the first two requests after import: {first:.0f} ms")


if __name__ == "__main__":
    main()
