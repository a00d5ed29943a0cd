"""Booking throughput against the local stack: many racing clients, few slots, never a double booking.

``python -m bench.booking_throughput [--patients 200] [--slots 20] [--seconds 120]`` (``WORKERS`` from the
environment, default 4). It starts ``python -m local`` as a subprocess on a free port of 127.0.0.1 (its own state
file, so a running ``make run`` is left alone), registers the patients, has the admin create a doctor and publish
the doctor's slots, all through the API, then lets every patient loose at once, each in its own thread with its
own connection:

- a client picks one of the published slots at random and books it;
- on a 409 it reads the doctor's slot list (as a browser would refresh it) and tries another slot still shown
  available, until it books one or none is left.

It prints what was sent, what was answered and how fast, then reads the result back (the doctor's appointments
and the slot list) and fails unless every slot holds exactly one appointment and every 201 is among them. It
stops by itself: the race has a deadline, and the stack is stopped at the end whatever happened. Nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from local.launch import spawn, wait_healthy

ADMIN = ("admin@docspot.test", "docspot-admin")
DOCTOR_NAME = "Bench Doctor"
DOCTOR_ZONE = "Europe/Berlin"
PASSWORD = "bench-password"
START_TIMEOUT = 180.0
DAYS_AHEAD = 30
SLOT_MINUTES = 20
FIRST_HOUR = 7
SLOTS_PER_DAY = (20 - FIRST_HOUR) * 60 // SLOT_MINUTES


@dataclass(frozen=True)
class Slot:
    slot_id: str
    start: str
    end: str


@dataclass
class Call:
    kind: str  # "book" or "list"
    status: int
    code: str | None
    seconds: float


@dataclass
class ClientRun:
    calls: list[Call] = field(default_factory=list)
    appointment_id: str | None = None
    slot_id: str | None = None
    booked_at: float | None = None  # perf_counter() when the 201 arrived
    gave_up: bool = False
    failure: str | None = None


# --- the stack ---------------------------------------------------------------------------------------------------


@dataclass
class StackRun:
    api: str
    pid: int
    output: str = ""


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.parent.name))
    return found


def cpu_of(stack: StackRun) -> tuple[float, float]:
    """CPU seconds used so far by the stack's own process (the gateway) and by its children (moto's process and the
    workers)."""
    return cpu_seconds(stack.pid), sum(cpu_seconds(child) for child in children(stack.pid))


@contextmanager
def local_stack(workers: int) -> Iterator[StackRun]:
    """``python -m local`` in its own session on a free port, stopped with SIGTERM on the way out (its output,
    with moto's load figures printed when it stops, is kept in ``output``)."""
    home = Path(tempfile.mkdtemp(prefix="docspot-bench-"))
    process, port, log = spawn(home, workers)
    run = StackRun(api=f"http://127.0.0.1:{port}/api", pid=process.pid)
    try:
        problem = wait_healthy(process, run.api, START_TIMEOUT)
        if problem is not None:
            raise SystemExit(f"{problem}:\n{log.read_text(errors='replace')}")
        yield run
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        run.output = log.read_text(errors="replace")
        shutil.rmtree(home, ignore_errors=True)


def client(api: str) -> httpx.Client:
    return httpx.Client(base_url=api, timeout=30, trust_env=False)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def expect(reply: httpx.Response, status: int) -> Any:
    if reply.status_code != status:
        raise SystemExit(f"{reply.request.method} {reply.request.url.path} -> {reply.status_code}: {reply.text}")
    return reply.json()


# --- preparation -------------------------------------------------------------------------------------------------


def login(http: httpx.Client, email: str, password: str) -> str:
    return str(expect(http.post("/auth/login", json={"email": email, "password": password}), 200)["access_token"])


def register_patients(api: str, count: int, threads: int) -> list[str]:
    def one(index: int) -> str:
        email = f"bench-{index}-{uuid.uuid4().hex[:6]}@example.com"
        with client(api) as http:
            body = {"role": "patient", "email": email, "password": PASSWORD, "name": f"Bench Patient {index}"}
            expect(http.post("/auth/register", json=body), 201)
            return login(http, email, PASSWORD)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, range(count)))


def create_doctor(http: httpx.Client, admin: str) -> tuple[str, str]:
    """An approved doctor of the bench's own, with no slot yet (the demo doctors' may get weekly rules)."""
    specialty = expect(http.get("/specialties"), 200)["items"][0]["specialty_id"]
    email = f"bench-doctor-{uuid.uuid4().hex[:6]}@example.com"
    body = {
        "email": email,
        "password": PASSWORD,
        "name": DOCTOR_NAME,
        "specialty_id": specialty,
        "license_number": f"BENCH-{uuid.uuid4().hex[:8]}",
        "experience_years": 10,
        "consultation_fee": 100,
        "timezone": DOCTOR_ZONE,
    }
    doctor = expect(http.post("/admin/doctors", json=body, headers=bearer(admin)), 201)
    return str(doctor["doctor_id"]), login(http, email, PASSWORD)


def publish_slots(http: httpx.Client, admin: str, doctor_id: str, zone: str, count: int) -> list[Slot]:
    """``count`` back-to-back slots, on as many days as they need from DAYS_AHEAD days on."""
    slots: list[Slot] = []
    day = (datetime.now(ZoneInfo(zone)) + timedelta(days=DAYS_AHEAD)).date()
    while len(slots) < count:
        if day > date.today() + timedelta(days=80):
            raise SystemExit(f"only {len(slots)} of {count} slots could be published")
        wanted = min(SLOTS_PER_DAY, count - len(slots))
        end = datetime(2000, 1, 1, FIRST_HOUR) + timedelta(minutes=wanted * SLOT_MINUTES)
        body = {
            "date": day.isoformat(),
            "start_time": f"{FIRST_HOUR:02d}:00",
            "end_time": end.strftime("%H:%M"),
            "duration_minutes": SLOT_MINUTES,
        }
        run = expect(http.post(f"/admin/doctors/{doctor_id}/slots", json=body, headers=bearer(admin)), 201)
        slots += [Slot(s["slot_id"], s["start"], s["end"]) for s in run["created"]]
        day += timedelta(days=1)
    return slots


def days_of(slots: list[Slot], zone: str) -> tuple[date, date]:
    days = [datetime.fromisoformat(s.start).astimezone(ZoneInfo(zone)).date() for s in slots]
    return min(days), max(days)


# --- the race ----------------------------------------------------------------------------------------------------


def race_client(
    api: str,
    token: str,
    doctor_id: str,
    slots: list[Slot],
    span: tuple[str, str],
    start: threading.Barrier,
    stop: float,
) -> ClientRun:
    run = ClientRun()
    rng = random.Random()
    mine = {s.slot_id for s in slots}
    try:
        with client(api) as http:
            # The connection opens after the start: opened before, it could idle past the stack's keep-alive
            # timeout while 200 clients get ready, and be reset under the first request.
            start.wait(timeout=60)
            candidates = sorted(mine)
            while candidates:
                if time.monotonic() > stop:
                    run.gave_up = True
                    return run
                slot_id = rng.choice(candidates)
                began = time.perf_counter()
                reply = http.post(
                    "/appointments",
                    json={"slot_id": slot_id, "reason_for_visit": "bench"},
                    headers=bearer(token),
                )
                code = reply.json().get("error", {}).get("code") if reply.status_code >= 400 else None
                run.calls.append(Call("book", reply.status_code, code, time.perf_counter() - began))
                if reply.status_code == 201:
                    run.appointment_id, run.slot_id = reply.json()["appointment_id"], slot_id
                    run.booked_at = time.perf_counter()
                    return run
                if reply.status_code != 409:
                    run.failure = f"{reply.status_code} {reply.text[:200]}"
                    return run
                began = time.perf_counter()
                listing = http.get(f"/doctors/{doctor_id}/slots", params={"from": span[0], "to": span[1]})
                run.calls.append(Call("list", listing.status_code, None, time.perf_counter() - began))
                if listing.status_code != 200:
                    run.failure = f"slot list {listing.status_code} {listing.text[:200]}"
                    return run
                candidates = sorted(
                    s["slot_id"] for s in listing.json()["items"] if s["state"] == "available" and s["slot_id"] in mine
                )
    except Exception as exc:
        run.failure = repr(exc)
    return run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


# --- reading back ------------------------------------------------------------------------------------------------


def doctors_appointments(http: httpx.Client, token: str, first: date, last: date) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    until = (last + timedelta(days=1)).isoformat()
    while True:
        params: dict[str, str | int] = {"from": first.isoformat(), "to": until, "limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = expect(http.get("/appointments", params=params, headers=bearer(token)), 200)
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--slots", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0, help="the race's deadline")
    args = parser.parse_args()
    workers = int(os.environ.get("WORKERS") or "4")

    print(f"starting the local stack ({workers} workers) ...", flush=True)
    started = time.perf_counter()
    with local_stack(workers) as stack:
        api = stack.api
        print(f"  ready in {time.perf_counter() - started:.1f} s", flush=True)
        with client(api) as http:
            admin = login(http, *ADMIN)
            doctor_id, doctor_token = create_doctor(http, admin)
            zone = DOCTOR_ZONE
            slots = publish_slots(http, admin, doctor_id, zone, args.slots)
        first, last = days_of(slots, zone)
        span = (first.isoformat(), (last + timedelta(days=1)).isoformat())
        print(f"registering {args.patients} patients ...", flush=True)
        began = time.perf_counter()
        tokens = register_patients(api, args.patients, threads=2 * workers)
        print(f"  done in {time.perf_counter() - began:.1f} s; {len(slots)} slots published", flush=True)

        print(f"{args.patients} clients racing for {len(slots)} slots ...", flush=True)
        start = threading.Barrier(args.patients + 1)
        cpu_before = cpu_of(stack)
        deadline = time.monotonic() + args.seconds
        with ThreadPoolExecutor(max_workers=args.patients) as pool:
            futures = [
                pool.submit(race_client, api, token, doctor_id, slots, span, start, deadline) for token in tokens
            ]
            start.wait(timeout=120)
            race_began = time.perf_counter()
            runs = [future.result() for future in futures]
            race_seconds = time.perf_counter() - race_began
        cpu_after = cpu_of(stack)
        cpu = (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1])

        with client(api) as http:
            listed = doctors_appointments(http, doctor_token, first, last)
            states = expect(http.get(f"/doctors/{doctor_id}/slots", params={"from": span[0], "to": span[1]}), 200)

    problems = report(args.patients, slots, runs, race_began, race_seconds, listed, states["items"])
    print(
        f"\n  CPU during the race: gateway {cpu[0]:.1f} s, moto's process and {workers} workers {cpu[1]:.1f} s "
        f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end)"
    )
    moto = re.findall(r"moto served .*", stack.output)
    if moto:
        print(f"\n  stack: {moto[-1]}")
    if problems:
        raise SystemExit("FAILED: " + "; ".join(problems))
    print("  OK: every slot has exactly one appointment, and every 201 is one of them")


def report(
    patients: int,
    slots: list[Slot],
    runs: list[ClientRun],
    began: float,
    seconds: float,
    listed: list[dict[str, Any]],
    states: list[dict[str, Any]],
) -> list[str]:
    """Prints the figures; returns what is wrong with the outcome."""
    calls = [call for run in runs for call in run.calls]
    books = [c for c in calls if c.kind == "book"]
    lists = [c for c in calls if c.kind == "list"]
    booked = [run for run in runs if run.appointment_id]
    conflicts = Counter(c.code for c in books if c.status == 409)
    others = Counter(c.status for c in books if c.status not in (201, 409))
    failures = [run.failure for run in runs if run.failure]
    gave_up = sum(run.gave_up for run in runs)
    filled = max((run.booked_at - began for run in booked if run.booked_at is not None), default=seconds)

    rows = [
        ("clients / slots", f"{patients} / {len(slots)}"),
        ("requests (POST /appointments + GET slots)", f"{len(calls)} ({len(books)} + {len(lists)})"),
        ("bookings made (201)", str(len(booked))),
        *[(f"409 {code}", str(n)) for code, n in sorted(conflicts.items(), key=lambda kv: str(kv[0]))],
        *[(f"other status {status}", str(n)) for status, n in sorted(others.items())],
        ("clients stopped by the deadline", str(gave_up)),
        ("race wall time (until every client is done)", f"{seconds:.2f} s"),
        ("last booking made after", f"{filled:.2f} s"),
        ("throughput, requests", f"{len(calls) / seconds:.1f} /s"),
        ("throughput, bookings (until the last one)", f"{len(booked) / filled:.1f} /s"),
    ]
    for name, group in (("POST /appointments", books), ("GET /doctors/{id}/slots", lists)):
        latencies = [c.seconds * 1000 for c in group]
        if latencies:
            rows.append(
                (
                    f"{name} latency p50 / p95 / max",
                    f"{percentile(latencies, 0.5):.0f} / {percentile(latencies, 0.95):.0f} / {max(latencies):.0f} ms",
                )
            )
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")

    problems: list[str] = []
    ours = {s.slot_id for s in slots}
    per_slot = Counter(a["slot_id"] for a in listed if a["slot_id"] in ours and a["status"] != "CANCELLED")
    doubled = {slot: n for slot, n in per_slot.items() if n > 1}
    if doubled:
        problems.append(f"slots with more than one appointment: {doubled}")
    if len(booked) != len(slots) and not gave_up:
        problems.append(f"{len(booked)} bookings for {len(slots)} slots")
    answered = {str(run.appointment_id) for run in booked}
    stored = {a["appointment_id"] for a in listed if a["slot_id"] in ours}
    if answered != stored:
        problems.append(f"201 answers and stored appointments differ: {sorted(answered ^ stored)[:5]}")
    not_booked = [s["slot_id"] for s in states if s["slot_id"] in ours and s["state"] != "booked"]
    if not gave_up and not_booked:
        problems.append(f"{len(not_booked)} slots not shown booked")
    if failures:
        problems.append(f"{len(failures)} clients failed, e.g. {failures[0]}")
    if others:
        problems.append(f"unexpected answers: {dict(others)}")
    print(
        f"\n  read back: {len(stored)} appointments on {len(per_slot)} slots, "
        f"{sum(s['state'] == 'booked' for s in states if s['slot_id'] in ours)} slots listed booked"
    )
    return problems


if __name__ == "__main__":
    main()
