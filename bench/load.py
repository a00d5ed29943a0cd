"""Load on the local stack: N simulated users, each with a patient account of its own, browse -> a doctor's week ->
hold -> book -> cancel, and the rate and latency of every step.

``python -m bench.load [--users 50] [--seconds 30] [--phases journey,week,book] [--url http://127.0.0.1:8000]``

Without ``--url`` it starts ``python -m local`` on a free port of 127.0.0.1 (``WORKERS`` from the environment,
default the stack's: two a core) with the sign-up limits off, and stops it at the end. With ``--url`` it drives a
stack already running, e.g. ``DOCSPOT_RATE_LIMITS=off make run PORT=8100 WORKERS=2`` (the bench signs up a patient
per user from one address, which the sign-up limit per client would refuse after 10).

Preparation, through the API: the admin creates ``--doctors`` doctors of one new specialty and publishes their slots
(09:00-17:00, 20 minutes, on the 7 days from the day after tomorrow), and every user signs up and signs in.

Then one phase after another, each ``--seconds`` long, every user in a closed loop (the next request when the last
one answered, no think time), each on its own connection:

- ``journey``: ``GET /doctors?specialty_id=&date=`` (browse), ``GET /doctors/{id}/slots`` over 7 days (week),
  ``POST /slots/{id}/lock`` on a free slot of that week (hold), ``POST /appointments`` (book),
  ``POST /appointments/{id}/cancel`` (cancel, which frees the slot again);
- ``week``: the week of a random doctor only, what most visitors do;
- ``book``: hold -> book -> cancel on slots the user's own week view showed free, without the reads in between.

It prints, per phase and step: requests, req/s over the phase, p50 / p95 / p99 latency, and the answers that were
not the step's success (a 409 ``SLOT_LOCKED`` when two users picked the same slot is a fair outcome, not an error),
plus the CPU the stack's processes used during the phase (when it started the stack). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from local.launch import spawn, wait_healthy
from local.stack import default_workers

ADMIN = ("admin@docspot.test", "docspot-admin")
PASSWORD = "bench-password"
ZONE = "Europe/Berlin"
START_TIMEOUT = 240.0
FIRST_DAY = 2  # days from today: well outside the 2 hours' notice of a patient's cancel
WEEK = 7
STEPS = ("browse", "week", "hold", "book", "cancel")
PHASES = ("journey", "week", "book")
SUCCESS = {"browse": 200, "week": 200, "hold": 200, "book": 201, "cancel": 200}


@dataclass
class Sample:
    step: str
    status: int
    code: str | None
    seconds: float


@dataclass
class Phase:
    name: str
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class World:
    api: str
    specialty_id: str
    doctor_ids: list[str]
    first: date


# --- the stack ---------------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_names(root: int) -> dict[int, str]:
    """The stack's process and its descendants, each named by what it runs (gateway, moto, worker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(entry.parent.name)] = int(entry.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    names = {root: "gateway"}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in names:
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                names[pid] = "moto" if "moto" in command else "workers"
                frontier.append(pid)
    return names


def cpu_by_role(root: int | None) -> dict[str, float]:
    if root is None:
        return {}
    totals: dict[str, float] = defaultdict(float)
    for pid, role in process_names(root).items():
        totals[role] += cpu_seconds(pid)
    return dict(totals)


@contextmanager
def own_stack(workers: int) -> Iterator[tuple[str, int]]:
    home = Path(tempfile.mkdtemp(prefix="docspot-load-"))
    process, port, log = spawn(home, workers, {"DOCSPOT_RATE_LIMITS": "off"})
    try:
        problem = wait_healthy(process, f"http://127.0.0.1:{port}/api", START_TIMEOUT)
        if problem is not None:
            raise SystemExit(f"{problem}:\n{log.read_text(errors='replace')}")
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


# --- preparation -------------------------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def expect(reply: httpx.Response, status: int) -> Any:
    if reply.status_code != status:
        raise SystemExit(f"{reply.request.method} {reply.request.url.path} -> {reply.status_code}: {reply.text}")
    return reply.json()


async def login(http: httpx.AsyncClient, email: str, password: str) -> str:
    reply = await http.post("/auth/login", json={"email": email, "password": password})
    return str(expect(reply, 200)["access_token"])


async def prepare(api: str, doctors: int) -> World:
    """A specialty of the bench's own, so that browsing finds exactly its doctors, and their week of slots."""
    tag = uuid.uuid4().hex[:6]
    first = date.today() + timedelta(days=FIRST_DAY)
    async with httpx.AsyncClient(base_url=api, timeout=60, trust_env=False) as http:
        admin = bearer(await login(http, *ADMIN))
        specialty = expect(await http.post("/admin/specialties", json={"name": f"Loadology {tag}"}, headers=admin), 201)
        doctor_ids = []
        for index in range(doctors):
            body = {
                "email": f"load-doctor-{index}-{tag}@example.com",
                "password": PASSWORD,
                "name": f"Load Doctor {index} {tag}",
                "specialty_id": specialty["specialty_id"],
                "license_number": f"LOAD-{tag}-{index}",
                "experience_years": 10,
                "consultation_fee": 100,
                "timezone": ZONE,
            }
            doctor_id = str(expect(await http.post("/admin/doctors", json=body, headers=admin), 201)["doctor_id"])
            for offset in range(WEEK):
                run = {
                    "date": (first + timedelta(days=offset)).isoformat(),
                    "start_time": "09:00",
                    "end_time": "17:00",
                    "duration_minutes": 20,
                }
                expect(await http.post(f"/admin/doctors/{doctor_id}/slots", json=run, headers=admin), 201)
            doctor_ids.append(doctor_id)
    return World(api=api, specialty_id=str(specialty["specialty_id"]), doctor_ids=doctor_ids, first=first)


async def sign_up(api: str, users: int) -> list[str]:
    """One patient account per user, signed up and signed in through the API, a few at a time."""
    gate = asyncio.Semaphore(8)
    tag = uuid.uuid4().hex[:6]

    async def one(index: int) -> str:
        email = f"load-{index}-{tag}@example.com"
        async with gate, httpx.AsyncClient(base_url=api, timeout=60, trust_env=False) as http:
            body = {"role": "patient", "email": email, "password": PASSWORD, "name": f"Load Patient {index}"}
            expect(await http.post("/auth/register", json=body), 201)
            return await login(http, email, PASSWORD)

    return list(await asyncio.gather(*(one(i) for i in range(users))))


# --- the users ---------------------------------------------------------------------------------------------------


class User:
    def __init__(self, world: World, token: str, phase: Phase, seed: int) -> None:
        self.world = world
        self.headers = bearer(token)
        self.phase = phase
        self.rng = random.Random(seed)
        self.http = httpx.AsyncClient(
            base_url=world.api, timeout=60, trust_env=False, limits=httpx.Limits(max_connections=1)
        )

    async def call(self, step: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        began = time.perf_counter()
        reply = await self.http.request(method, path, **kwargs)
        seconds = time.perf_counter() - began
        code = None
        if reply.status_code >= 400:
            try:
                code = reply.json().get("error", {}).get("code")
            except ValueError:
                code = None
        self.phase.samples.append(Sample(step, reply.status_code, code, seconds))
        return reply

    async def browse(self) -> str | None:
        params = {"specialty_id": self.world.specialty_id, "date": self.day().isoformat()}
        reply = await self.call("browse", "GET", "/doctors", params=params)
        if reply.status_code != 200:
            return None
        items = reply.json()["items"]
        return str(self.rng.choice(items)["doctor_id"]) if items else None

    def day(self) -> date:
        return self.world.first + timedelta(days=self.rng.randrange(WEEK))

    async def week(self, doctor_id: str) -> list[str]:
        first = self.world.first
        params = {"from": first.isoformat(), "to": (first + timedelta(days=WEEK)).isoformat()}
        reply = await self.call("week", "GET", f"/doctors/{doctor_id}/slots", params=params)
        if reply.status_code != 200:
            return []
        return [s["slot_id"] for s in reply.json()["items"] if s["state"] == "available"]

    async def hold_book_cancel(self, slot_id: str) -> None:
        held = await self.call("hold", "POST", f"/slots/{slot_id}/lock", headers=self.headers)
        if held.status_code != 200:
            return
        body = {"slot_id": slot_id, "reason_for_visit": "load bench"}
        booked = await self.call("book", "POST", "/appointments", json=body, headers=self.headers)
        if booked.status_code != 201:
            return
        appointment_id = booked.json()["appointment_id"]
        await self.call(
            "cancel", "POST", f"/appointments/{appointment_id}/cancel", json={"reason": "load"}, headers=self.headers
        )

    async def run(self, name: str, until: float) -> None:
        free: list[str] = []
        try:
            while time.monotonic() < until:
                if name == "journey":
                    doctor_id = await self.browse()
                    if doctor_id is None:
                        continue
                    free = await self.week(doctor_id)
                    if free:
                        await self.hold_book_cancel(self.rng.choice(free))
                elif name == "week":
                    await self.week(self.rng.choice(self.world.doctor_ids))
                else:
                    if not free:
                        free = await self.week(self.rng.choice(self.world.doctor_ids))
                        self.phase.samples.pop()  # the book phase measures the writes only
                        continue
                    await self.hold_book_cancel(free.pop(self.rng.randrange(len(free))))
        finally:
            await self.http.aclose()


async def run_phase(world: World, tokens: list[str], name: str, seconds: float, stack_pid: int | None) -> Phase:
    phase = Phase(name)
    users = [User(world, token, phase, seed) for seed, token in enumerate(tokens)]
    cpu_before = cpu_by_role(stack_pid)
    began = time.perf_counter()
    until = time.monotonic() + seconds
    await asyncio.gather(*(user.run(name, until) for user in users))
    phase.seconds = time.perf_counter() - began
    cpu_after = cpu_by_role(stack_pid)
    phase.cpu = {role: cpu_after[role] - cpu_before.get(role, 0.0) for role in cpu_after}
    return phase


# --- the figures -------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def report(phase: Phase, users: int) -> None:
    print(f"\n{phase.name}: {users} users, {phase.seconds:.1f} s")
    print(f"  {'step':<7} {'requests':>8} {'req/s':>7} {'ok/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  not ok")
    by_step: dict[str, list[Sample]] = defaultdict(list)
    for sample in phase.samples:
        by_step[sample.step].append(sample)
    for step in STEPS:
        samples = by_step.get(step)
        if not samples:
            continue
        latencies = [s.seconds * 1000 for s in samples]
        ok = sum(s.status == SUCCESS[step] for s in samples)
        refused = Counter(f"{s.status} {s.code or ''}".strip() for s in samples if s.status != SUCCESS[step])
        print(
            f"  {step:<7} {len(samples):>8} {len(samples) / phase.seconds:>7.1f} {ok / phase.seconds:>7.1f} "
            f"{percentile(latencies, 0.5):>7.0f} {percentile(latencies, 0.95):>7.0f} "
            f"{percentile(latencies, 0.99):>7.0f}  {', '.join(f'{k} x{n}' for k, n in refused.most_common()) or '-'}"
        )
    total = len(phase.samples)
    print(f"  all     {total:>8} {total / phase.seconds:>7.1f}")
    if phase.cpu:
        # CPU per request is what the machine's load changes least: the figure to compare runs by.
        shares = ", ".join(
            f"{role} {seconds:.1f} s ({1000 * seconds / max(total, 1):.0f} ms a request)"
            for role, seconds in sorted(phase.cpu.items())
        )
        load = os.getloadavg()[0]
        print(f"  CPU of the stack's processes: {shares} ({os.cpu_count()} CPUs, load average {load:.1f})")


async def drive(url: str, stack_pid: int | None, args: argparse.Namespace) -> None:
    api = url.rstrip("/") + "/api"
    began = time.perf_counter()
    world = await prepare(api, args.doctors)
    tokens = await sign_up(api, args.users)
    print(
        f"prepared {len(world.doctor_ids)} doctors x {WEEK} days of slots and {len(tokens)} patients "
        f"in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    for name in args.phases:
        phase = await run_phase(world, tokens, name, args.seconds, stack_pid)
        report(phase, len(tokens))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--doctors", type=int, default=10)
    parser.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, of {', '.join(PHASES)}")
    parser.add_argument("--url", help="a running stack (its site URL); default: start one")
    args = parser.parse_args()
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases {sorted(unknown)}")
    if args.url:
        asyncio.run(drive(args.url, None, args))
        return
    workers = int(os.environ.get("WORKERS") or default_workers())
    print(f"starting the local stack ({workers} workers) ...", flush=True)
    with own_stack(workers) as (url, pid):
        asyncio.run(drive(url, pid, args))


if __name__ == "__main__":
    main()
