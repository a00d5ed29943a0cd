"""What the local stack's moto server buys and costs (local/moto_backend.py), against moto's own threaded server.

``python -m bench.moto_atomicity [--threads N] [--rounds N] [--seconds S]``. Three servers, each in a child process
on 127.0.0.1 (its clients are other processes, as the stack's workers are); nothing reaches AWS: moto's own
``ThreadedMotoServer``; the request lock alone, with moto's whole-table copies for rollback; and the stack's
server, the lock plus the item-level rollback. Three figures for each:

- **double bookings**: ``--threads`` clients race one TransactWriteItems each for one "slot" (an Update with
  ``attribute_not_exists(booked_by)`` plus a Put of an "appointment"), ``--rounds`` times: more than one winner
  in a round, or a winner whose appointment is missing, is what DynamoDB never allows;
- **lost writes**: clients put distinct items with transactions while others run transactions that fail a
  condition; every acknowledged put must still be there afterwards;
- **throughput**: GetItem, PutItem and TransactWriteItems from ``--threads`` clients for ``--seconds``, on a fresh
  table that grows to about 1,600 items (moto's table copies cost in proportion to the tables).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
TABLE = "atomicity"


@dataclass
class Server:
    name: str
    endpoint: str
    stop: Callable[[], None]


SERVERS = {
    "moto": "moto's ThreadedMotoServer",
    "lock": "lock, moto's table copies",
    "stack": "lock + item rollback (stack)",
}


def _serve(kind: str, pipe: Connection) -> None:
    """In a child process, as in the stack, where the clients (the workers) are other processes."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if kind == "moto":
        from moto.server import ThreadedMotoServer

        plain = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        plain.start()
        host, port = plain.get_host_and_port()
        pipe.send(f"http://{host}:{port}")
        pipe.recv()
        plain.stop()
    else:
        from local.moto_backend import start_moto

        backend = start_moto(item_level_rollback=kind == "stack")
        pipe.send(backend.endpoint)
        pipe.recv()
        backend.stop()


def start_server(kind: str) -> Server:
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(target=_serve, args=(kind, theirs), daemon=True)
    process.start()
    endpoint = ours.recv()

    def stop() -> None:
        ours.send("stop")
        process.join(timeout=10)

    return Server(SERVERS[kind], endpoint, stop)


def client(endpoint: str) -> Any:
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, max_pool_connections=64)
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION, config=config)


def create_table(endpoint: str) -> None:
    """On a clean moto: both servers serve the same in-process backends."""
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).close()
    client(endpoint).create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def is_server_error(exc: ClientError) -> bool:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)) >= 500


def race_one_slot(endpoint: str, threads: int, rounds: int) -> tuple[int, int, int]:
    """Rounds with more than one winner, winners whose appointment is not stored, and 500s moto answered."""
    clients = [client(endpoint) for _ in range(threads)]
    doubled = lost = 0
    errors: list[int] = []
    for round_number in range(rounds):
        slot = f"slot#{round_number}"
        clients[0].put_item(TableName=TABLE, Item={"pk": {"S": slot}, "available": {"BOOL": True}})
        barrier = threading.Barrier(threads)

        def book(index: int, slot: str = slot, barrier: threading.Barrier = barrier) -> str | None:
            appointment = f"appt#{uuid.uuid4().hex}"
            barrier.wait()
            try:
                clients[index].transact_write_items(
                    TransactItems=[
                        {
                            "Update": {
                                "TableName": TABLE,
                                "Key": {"pk": {"S": slot}},
                                "UpdateExpression": "SET booked_by = :me",
                                "ConditionExpression": "available = :yes AND attribute_not_exists(booked_by)",
                                "ExpressionAttributeValues": {":me": {"S": appointment}, ":yes": {"BOOL": True}},
                            }
                        },
                        {
                            "Put": {
                                "TableName": TABLE,
                                "Item": {"pk": {"S": appointment}, "slot": {"S": slot}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        },
                    ]
                )
            except ClientError as exc:
                if is_server_error(exc):
                    errors.append(1)
                return None
            return appointment

        with ThreadPoolExecutor(max_workers=threads) as pool:
            winners = [w for w in pool.map(book, range(threads)) if w is not None]
        doubled += len(winners) > 1
        for winner in winners:
            stored = clients[0].get_item(TableName=TABLE, Key={"pk": {"S": winner}}, ConsistentRead=True)
            lost += "Item" not in stored
    return doubled, lost, len(errors)


def lost_writes(endpoint: str, threads: int, per_thread: int) -> tuple[int, int, int]:
    """Acknowledged transactional puts, how many of them are gone once every client is done, and 500s."""
    barrier = threading.Barrier(threads)
    errors: list[int] = []

    def work(index: int) -> list[str]:
        own = client(endpoint)
        acknowledged = []
        barrier.wait()
        for step in range(per_thread):
            key = f"item#{index}#{step}"
            if index % 2:
                # A transaction that fails its condition: moto restores its snapshot of the table.
                try:
                    own.transact_write_items(
                        TransactItems=[
                            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": f"fail#{index}#{step}"}}}},
                            {
                                "ConditionCheck": {
                                    "TableName": TABLE,
                                    "Key": {"pk": {"S": "no-such-item"}},
                                    "ConditionExpression": "attribute_exists(pk)",
                                }
                            },
                        ]
                    )
                except ClientError as exc:
                    if is_server_error(exc):
                        errors.append(1)
                continue
            try:
                own.transact_write_items(
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": TABLE,
                                "Item": {"pk": {"S": key}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        }
                    ]
                )
            except ClientError as exc:
                errors.append(1 if is_server_error(exc) else 0)
                continue
            acknowledged.append(key)
        return acknowledged

    with ThreadPoolExecutor(max_workers=threads) as pool:
        acknowledged = [key for keys in pool.map(work, range(threads)) for key in keys]
    reader = client(endpoint)
    missing = 0
    for key in acknowledged:
        missing += "Item" not in reader.get_item(TableName=TABLE, Key={"pk": {"S": key}}, ConsistentRead=True)
    return len(acknowledged), missing, sum(errors)


@dataclass
class Throughput:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def throughput(endpoint: str, threads: int, seconds: float) -> Throughput:
    """Each client loops over GetItem, PutItem and a two-item TransactWriteItems until the time is up."""
    barrier = threading.Barrier(threads)
    deadline: list[float] = []

    errors: list[int] = []

    def work(index: int) -> list[float]:
        own = client(endpoint)
        latencies = []
        if barrier.wait() == 0:
            deadline.append(time.perf_counter() + seconds)
        barrier.wait()
        step = 0
        while time.perf_counter() < deadline[0]:
            key = {"pk": {"S": f"tp#{index}#{step % 50}"}}
            started = time.perf_counter()
            try:
                if step % 3 == 0:
                    own.get_item(TableName=TABLE, Key=key)
                elif step % 3 == 1:
                    own.put_item(TableName=TABLE, Item={**key, "n": {"N": str(step)}})
                else:
                    own.transact_write_items(
                        TransactItems=[
                            {"Put": {"TableName": TABLE, "Item": {**key, "n": {"N": str(step)}}}},
                            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": f"tp2#{index}#{step % 50}"}}}},
                        ]
                    )
            except ClientError:
                errors.append(1)
            latencies.append(time.perf_counter() - started)
            step += 1
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        latencies = [value for values in pool.map(work, range(threads)) for value in values]
    elapsed = time.perf_counter() - started
    return Throughput(requests=len(latencies), seconds=elapsed, latencies=latencies, errors=len(errors))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION})
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)

    # werkzeug logs every request moto serves.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    rows = []
    for kind in SERVERS:
        server = start_server(kind)
        try:
            create_table(server.endpoint)
            doubled, lost_winners, race_errors = race_one_slot(server.endpoint, args.threads, args.rounds)
            acknowledged, missing, put_errors = lost_writes(server.endpoint, args.threads, per_thread=30)
            create_table(server.endpoint)
            figures = throughput(server.endpoint, args.threads, args.seconds)
        finally:
            server.stop()
        errors = race_errors + put_errors + figures.errors
        rows.append((server.name, doubled, lost_winners, acknowledged, missing, errors, figures))

    print(f"\n{args.threads} concurrent clients; {args.rounds} rounds of one slot; {args.seconds:g} s of mixed load")
    header = (
        f"{'server':30} {'double-booked rounds':>20} {'lost winners':>12} {'lost puts':>10} {'500s':>5} "
        f"{'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, doubled, lost_winners, acknowledged, missing, errors, figures in rows:
        print(
            f"{name:30} {f'{doubled}/{args.rounds}':>20} {lost_winners:>12} {f'{missing}/{acknowledged}':>10} "
            f"{errors:>5} {figures.per_second:>7.0f} {figures.percentile(0.5):>7.1f} {figures.percentile(0.95):>7.1f}"
        )
    base = rows[0][6]
    print()
    for name, *_, figures in rows[1:]:
        print(
            f"{name}: {figures.per_second / base.per_second:.0%} of moto's own throughput, mean latency "
            f"{statistics.fmean(figures.latencies) * 1000:.1f} ms against {statistics.fmean(base.latencies) * 1000:.1f}"
        )


if __name__ == "__main__":
    main()
