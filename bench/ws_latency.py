"""Live push latency of the local stack: from a booking request's send time to a watcher's receipt of its
``slot-booked`` message.

``python -m bench.ws_latency [--events 200] [--patients 10]`` (``WORKERS`` from the environment, default 4). It
starts ``python -m local`` as a subprocess on a free port of 127.0.0.1, has the admin create a doctor of its own
and publish ``--events`` slots, signs up the patients, and connects one watcher over WebSocket that subscribes
to the doctor's slots. Then it books the slots one after another (round-robin over the patients, one request at
a time, so that no booking queues behind another) and, for each, waits for the watcher to receive
``slot-booked`` for that slot. The latency is the time from just before the booking request was sent to the
watcher's receipt; it includes the booking itself, since the app pushes from the booking's own request once the
transaction has committed. It prints the median, p90, p99 and maximum, the booking requests' own latency beside
them, and fails if any push is missing. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import threading
import time
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from bench.booking_throughput import (
    ADMIN,
    DOCTOR_ZONE,
    bearer,
    client,
    create_doctor,
    expect,
    local_stack,
    login,
    percentile,
    publish_slots,
    register_patients,
)
from local.workers import WORKER_HEADER

PUSH_TIMEOUT = 10.0


@dataclass
class Watcher:
    """Records when each ``slot-booked`` arrives, by slot id, on a thread of its own."""

    socket: ClientConnection
    arrivals: dict[str, float] = field(default_factory=dict)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    others: int = 0

    def run(self) -> None:
        try:
            for raw in self.socket:
                received = time.perf_counter()
                message = json.loads(raw)
                if message.get("type") != "slot-booked":
                    self.others += 1
                    continue
                with self.arrived:
                    self.arrivals[message["data"]["slot_id"]] = received
                    self.arrived.notify_all()
        except ConnectionClosed:
            pass

    def wait(self, slot_id: str, timeout: float) -> float | None:
        with self.arrived:
            self.arrived.wait_for(lambda: slot_id in self.arrivals, timeout)
            return self.arrivals.get(slot_id)


def subscribe(socket: ClientConnection, doctor_id: str) -> None:
    socket.send(json.dumps({"action": "subscribe", "topic": f"doctor#{doctor_id}#slots"}))
    answer = json.loads(socket.recv(timeout=PUSH_TIMEOUT))
    if answer.get("type") != "subscribed":
        raise SystemExit(f"could not subscribe: {answer}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=200, help="bookings, each one slot-booked push")
    parser.add_argument("--patients", type=int, default=10)
    args = parser.parse_args()
    workers = int(os.environ.get("WORKERS") or "4")

    print(f"starting the local stack ({workers} workers) ...", flush=True)
    with local_stack(workers) as stack:
        ws_url = stack.api.removesuffix("/api").replace("http://", "ws://", 1) + "/ws"
        with client(stack.api) as http:
            admin = login(http, *ADMIN)
            doctor_id, _ = create_doctor(http, admin)
            slots = publish_slots(http, admin, doctor_id, DOCTOR_ZONE, args.events)
        patients = register_patients(stack.api, args.patients, threads=2 * workers)
        print(f"  {len(slots)} slots published, {len(patients)} patients signed up; watching {ws_url}", flush=True)

        with connect(f"{ws_url}?token={patients[0]}", open_timeout=PUSH_TIMEOUT) as socket:
            subscribe(socket, doctor_id)
            watcher = Watcher(socket)
            thread = threading.Thread(target=watcher.run, name="watcher", daemon=True)
            thread.start()

            pushes: list[float] = []
            requests: list[float] = []
            cold: list[float] = []
            workers_seen: set[str] = set()
            before_answer = 0
            missing: list[str] = []
            with client(stack.api) as http:
                for slot, token in zip(slots, itertools.cycle(patients), strict=False):
                    sent = time.perf_counter()
                    reply = http.post(
                        "/appointments",
                        json={"slot_id": slot.slot_id, "reason_for_visit": "bench"},
                        headers=bearer(token),
                    )
                    answered = time.perf_counter()
                    expect(reply, 201)
                    received = watcher.wait(slot.slot_id, PUSH_TIMEOUT)
                    if received is None:
                        missing.append(slot.slot_id)
                        continue
                    pushes.append((received - sent) * 1000)
                    requests.append((answered - sent) * 1000)
                    worker = reply.headers.get(WORKER_HEADER, "")
                    if worker not in workers_seen:
                        workers_seen.add(worker)
                        cold.append(pushes[-1])
                    before_answer += received < answered
        thread.join(timeout=PUSH_TIMEOUT)

    if not pushes:
        raise SystemExit("FAILED: the watcher received no slot-booked at all")
    report(pushes, requests, before_answer, cold, workers)
    if missing:
        raise SystemExit(f"FAILED: {len(missing)} of {len(slots)} bookings were never pushed to the watcher")


def report(pushes: list[float], requests: list[float], before_answer: int, cold: list[float], workers: int) -> None:
    def figures(values: list[float]) -> str:
        return (
            f"{percentile(values, 0.5):7.1f} {percentile(values, 0.9):7.1f} "
            f"{percentile(values, 0.99):7.1f} {max(values):7.1f}"
        )

    width = 50
    print(f"\n  {len(pushes)} bookings, one watcher, {workers} workers ({os.cpu_count()} CPUs)")
    print(f"  {'ms':<{width}}  median     p90     p99     max")
    print(f"  {'booking request sent -> watcher got slot-booked':<{width}} {figures(pushes)}")
    print(f"  {'booking request sent -> 201 received':<{width}} {figures(requests)}")
    print(f"  pushes that arrived before the booking's own answer: {before_answer} of {len(pushes)}")
    print(
        "  each worker's first booking (a cold push path: imports, the management API's client): "
        + ", ".join(f"{ms:.0f}" for ms in cold)
        + " ms"
    )


if __name__ == "__main__":
    main()
