"""Prints what the live push costs: DynamoDB requests and management-API posts per event, with 1, 10 and 100
connections watching, and per client message.

Runs in-process against moto (DynamoDB and the @connections management API); nothing reaches AWS. Times are
moto's and this machine's, indicative only; the request counts are what DynamoDB and API Gateway would see.
``python -m bench.realtime_fanout [--watchers 1 10 100]``.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.offline import use_offline_environment

use_offline_environment(DOCSPOT_WS_ENDPOINT="https://benchws1.execute-api.us-east-1.amazonaws.com/api")

from bench.counting import RequestCounter  # noqa: E402

DYNAMODB = RequestCounter()
DYNAMODB.install()
POSTS = RequestCounter("apigatewaymanagementapi")
POSTS.install()

from chalice.test import Client  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.adapters.mailer import Email  # noqa: E402
from chalicelib.adapters.registry import adapters, use_adapters  # noqa: E402
from chalicelib.adapters.ws_sender import ConnectionGone, Sender  # noqa: E402
from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate  # noqa: E402
from chalicelib.services.accounts import users  # noqa: E402
from chalicelib.services.catalogue import (  # noqa: E402
    doctors,
    specialties,
)
from chalicelib.services.core import announce  # noqa: E402
from chalicelib.services.core.announce import Happening  # noqa: E402
from chalicelib.services.core.authz import Principal  # noqa: E402
from chalicelib.services.realtime.topics import doctor_slots_topic  # noqa: E402
from chalicelib.vocabulary import Role  # noqa: E402
from local.gateway import make_gateway  # noqa: E402
from local.tables import create_tables  # noqa: E402

PASSWORD = "bench-password"
Row = tuple[str, int, Counter[str], int, float]


class NullMailer:
    def send(self, email: Email) -> None:
        return None


class Closing:
    """The real sender, except that the chosen connections answer 410 Gone (moto's never do)."""

    def __init__(self, inner: Sender) -> None:
        self.inner = inner
        self.closed: set[str] = set()

    def send(self, connection_id: str, message: str) -> None:
        if connection_id in self.closed:
            raise ConnectionGone(connection_id)
        self.inner.send(connection_id, message)

    def close(self, connection_id: str) -> None:
        self.closed.add(connection_id)


def _call(client: Client, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    if reply.status_code >= 400:
        raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.body!r}")
    return json.loads(reply.body) if reply.body else None


def _event(route_key: str, connection_id: str, *, token: str | None = None, body: str | None = None) -> dict[str, Any]:
    """An API Gateway WebSocket event, as Lambda receives it."""
    event_type = {"$connect": "CONNECT", "$default": "MESSAGE", "$disconnect": "DISCONNECT"}[route_key]
    event: dict[str, Any] = {
        "requestContext": {
            "routeKey": route_key,
            "eventType": event_type,
            "connectionId": connection_id,
            "domainName": "benchws1.execute-api.us-east-1.amazonaws.com",
            "stage": "api",
            "apiId": "benchws1",
            "requestId": uuid.uuid4().hex,
        },
        "isBase64Encoded": False,
    }
    if token is not None:
        event["queryStringParameters"] = {"token": token}
    if body is not None:
        event["body"] = body
    return event


class Ws:
    HANDLERS = {"$connect": "ws_connect", "$default": "ws_message", "$disconnect": "ws_disconnect"}

    def __init__(self, client: Client) -> None:
        self.client = client

    def invoke(self, route_key: str, connection_id: str, **kw: Any) -> dict[str, Any]:
        handler = self.HANDLERS[route_key]
        reply: dict[str, Any] = self.client.lambda_.invoke(handler, _event(route_key, connection_id, **kw)).payload
        if int(reply["statusCode"]) != 200:
            raise RuntimeError(f"{route_key} -> {reply}")
        return reply

    def connect(self, token: str) -> str:
        connection_id = uuid.uuid4().hex[:16]
        self.invoke("$connect", connection_id, token=token)
        return connection_id

    def send(self, connection_id: str, message: dict[str, Any]) -> None:
        self.invoke("$default", connection_id, body=json.dumps(message))


def _measure(rows: list[Row], name: str, watchers: int, fn: Callable[[], Any]) -> Any:
    with DYNAMODB.measure() as calls, POSTS.measure() as posts:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    rows.append((name, watchers, calls, sum(posts.values()), elapsed))
    return result


def _print(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    print(f"{'event':46} {'watchers':>8} {'DynamoDB':>9} {'posts':>6} {'ms':>8}  DynamoDB breakdown")
    for name, watchers, calls, posts, ms in rows:
        breakdown = ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
        print(f"{name:46} {watchers:>8} {sum(calls.values()):>9} {posts:>6} {ms:>8.1f}  {breakdown}")


def _seed(client: Client, patients: int) -> dict[str, Any]:
    admin = users.create_admin(email="admin@bench.test", password=PASSWORD, name="Admin")
    principal = Principal(admin.user_id, Role.ADMIN)
    specialty = specialties.create(principal, SpecialtyCreate(name="Cardiology")).specialty_id
    doctor = doctors.admin_create(
        principal,
        AdminDoctorCreate(
            email="doctor@bench.test",
            password=PASSWORD,
            name="Anna Smith",
            specialty_id=specialty,
            license_number="BENCH-1",
            experience_years=10,
            consultation_fee=80,
        ),
    )
    tokens = []
    for i in range(patients):
        email = f"p{i}@bench.test"
        _call(client, "POST", "/auth/register", {"role": "patient", "email": email, "password": PASSWORD, "name": "P"})
        tokens.append(_call(client, "POST", "/auth/login", {"email": email, "password": PASSWORD})["access_token"])
    login = {"email": "doctor@bench.test", "password": PASSWORD}
    return {
        "doctor_id": doctor.doctor_id,
        "doctor_token": _call(client, "POST", "/auth/login", login)["access_token"],
        "admin_token": _call(client, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})[
            "access_token"
        ],
        "patients": tokens,
    }


def _slots(client: Client, world: dict[str, Any], day: str, count: int) -> list[str]:
    hours = max(1, -(-count // 2))
    run = {"date": day, "start_time": "06:00", "end_time": f"{6 + hours:02d}:00", "duration_minutes": 30}
    created = _call(client, "POST", f"/admin/doctors/{world['doctor_id']}/slots", run, world["admin_token"])
    return [slot["slot_id"] for slot in created["created"]]


def _client_messages(ws: Ws, world: dict[str, Any], topic: str) -> list[Row]:
    rows: list[Row] = []
    token = world["patients"][0]
    connection_id = _measure(rows, "$connect (seat + connection + own topic)", 0, lambda: ws.connect(token))
    subscribe = {"action": "subscribe", "topic": topic}
    _measure(rows, "subscribe doctor#{id}#slots", 0, lambda: ws.send(connection_id, subscribe))
    _measure(rows, "ping", 0, lambda: ws.send(connection_id, {"action": "ping"}))
    unsubscribe = {"action": "unsubscribe", "topic": topic}
    _measure(rows, "unsubscribe", 0, lambda: ws.send(connection_id, unsubscribe))
    ws.send(connection_id, subscribe)
    _measure(rows, "$disconnect (2 topics)", 0, lambda: ws.invoke("$disconnect", connection_id))
    return rows


def _call_as(client: Client, method: str, path: str, body: Any = None, token: str | None = None) -> Callable[[], Any]:
    return lambda: _call(client, method, path, body, token)


class Replays:
    """Records what each API call announced, so that its push can be measured alone by announcing it again."""

    def __init__(self) -> None:
        self.heard: list[Happening] = []
        announce.listen(self.heard.extend)

    def run(self, totals: list[Row], pushes: list[Row], name: str, watchers: int, call: Callable[[], Any]) -> Any:
        self.heard.clear()
        result = _measure(totals, name, watchers, call)
        batch = list(self.heard)
        kinds = ", ".join(dict.fromkeys(getattr(h, "kind", "waitlist-offer") for h in batch))
        _measure(pushes, f"{len(batch)} happening(s): {kinds}"[:46], watchers, lambda: announce.announce(*batch))
        return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--watchers", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    from app import app

    with mock_aws():
        create_tables()
        use_adapters(mailer=NullMailer())
        sender = Closing(adapters().sender)
        use_adapters(sender=sender)
        with Client(app) as client:
            client.http._local_gateway = make_gateway(app)
            world = _seed(client, max(args.watchers) + 1)
            booker, others = world["patients"][0], world["patients"][1:]
            admin = world["admin_token"]
            ws = Ws(client)
            topic = doctor_slots_topic(world["doctor_id"])
            _print("Per client message (each answered with one post)", _client_messages(ws, world, topic))

            ws.connect(world["doctor_token"])
            watching: list[str] = []
            totals: list[Row] = []
            pushes: list[Row] = []
            replays = Replays()
            day = (datetime.now(UTC) + timedelta(days=2)).date()
            for round_, n in enumerate(sorted(args.watchers)):
                while len(watching) < n:
                    connection_id = ws.connect(others[len(watching)])
                    ws.send(connection_id, {"action": "subscribe", "topic": topic})
                    watching.append(connection_id)
                first, second = _slots(client, world, (day + timedelta(days=round_)).isoformat(), 2)
                lock = _call_as(client, "POST", f"/slots/{first}/lock", token=booker)
                replays.run(totals, pushes, "POST /slots/{id}/lock", n, lock)
                booking = {"slot_id": first, "reason_for_visit": "bench"}
                book = _call_as(client, "POST", "/appointments", booking, booker)
                path = f"/appointments/{replays.run(totals, pushes, 'POST /appointments', n, book)['appointment_id']}"
                move = _call_as(client, "POST", f"{path}/reschedule", {"slot_id": second}, booker)
                replays.run(totals, pushes, "POST /appointments/{id}/reschedule", n, move)
                cancel = _call_as(client, "POST", f"{path}/cancel", {"reason": "bench"}, booker)
                replays.run(totals, pushes, "POST /appointments/{id}/cancel", n, cancel)
            run = {
                "date": (day + timedelta(days=10)).isoformat(),
                "start_time": "06:00",
                "end_time": "18:00",
                "duration_minutes": 15,
            }
            publish = _call_as(client, "POST", f"/admin/doctors/{world['doctor_id']}/slots", run, admin)
            replays.run(totals, pushes, "POST /admin/doctors/{id}/slots (48 slots)", len(watching), publish)
            _print("The push alone: one announcement (moto; the doctor also has one connection)", pushes)
            _print("The whole API call, push included", totals)

            closing: list[Row] = []
            slot = _slots(client, world, (day + timedelta(days=20)).isoformat(), 2)[0]
            sender.closed.update(watching)
            lock = _call_as(client, "POST", f"/slots/{slot}/lock", token=booker)
            replays.run(closing, [], "POST /slots/{id}/lock, every watcher gone", len(watching), lock)
            unlock = _call_as(client, "DELETE", f"/slots/{slot}/lock", token=booker)
            replays.run(closing, [], "DELETE /slots/{id}/lock, nobody left", 0, unlock)
            _print("Closed connections (410 Gone): deleted when met, never posted to again", closing)


if __name__ == "__main__":
    main()
