"""What one booking costs inside its request, and what its side effects cost after it: AWS calls by service and
milliseconds, with the real SES mailer (moto's SES) and the real WebSocket sender (moto's ``@connections``), the
doctor and the patient each watching on one connection.

Runs in-process against moto; nothing reaches AWS. ``python -m bench.booking_effects [--bookings N]``. Where the
tree has stream consumers (local/streams.py), the effects are measured as the consumers run them from the
streams after each request; before them, the request itself sent the mail and the pushes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.offline import use_offline_environment

use_offline_environment(DOCSPOT_WS_ENDPOINT="https://ws.execute-api.us-east-1.amazonaws.com/api")

from bench.counting import RequestCounter  # noqa: E402

SERVICES = ("dynamodb", "ses", "sesv2", "apigatewaymanagementapi", "dynamodbstreams", "sqs", "s3")
COUNTER = RequestCounter(*SERVICES)
COUNTER.install()

from chalice.test import Client  # noqa: E402
from moto import mock_aws  # noqa: E402

PASSWORD = "bench-password"
STREAMS = importlib.util.find_spec("local.streams") is not None


def _call(client: Client, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    if reply.status_code >= 400:
        raise RuntimeError(f"{method} {path} -> {reply.status_code} {reply.body!r}")
    return json.loads(reply.body) if reply.body else None


def _by_service(calls: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(calls.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=12)
    args = parser.parse_args()
    from app import app
    from chalicelib.config import get_settings
    from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate
    from chalicelib.models.subscriptions import Subscription
    from chalicelib.services.accounts import users
    from chalicelib.services.catalogue import doctors, specialties
    from chalicelib.services.core.authz import Principal
    from chalicelib.vocabulary import Role
    from local.gateway import make_gateway
    from local.tables import create_tables

    with mock_aws():
        import boto3

        create_tables()
        settings = get_settings()
        boto3.client("ses", region_name=settings.region).verify_email_identity(EmailAddress=settings.mail_from)
        with Client(app) as client:
            client.http._local_gateway = make_gateway(app)
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
                    experience_years=5,
                    consultation_fee=60,
                ),
            ).doctor_id
            _call(
                client,
                "POST",
                "/auth/register",
                {"role": "patient", "email": "p@bench.test", "password": PASSWORD, "name": "P"},
            )
            login = _call(client, "POST", "/auth/login", {"email": "p@bench.test", "password": PASSWORD})
            patient, token = login["user"]["user_id"], login["access_token"]
            admin_token = _call(client, "POST", "/auth/login", {"email": "admin@bench.test", "password": PASSWORD})[
                "access_token"
            ]
            far = datetime.now(UTC) + timedelta(hours=2)
            for user in (doctor, patient):
                Subscription(topic=f"user#{user}", connection_id=f"{user[:8]}=", expires_at=far).save()
            day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
            run = {"date": day, "start_time": "06:00", "end_time": "18:00", "duration_minutes": 30}
            slots = [
                s["slot_id"]
                for s in _call(client, "POST", f"/admin/doctors/{doctor}/slots", run, admin_token)["created"]
            ]
            drain = None
            if STREAMS:
                import app as app_module
                from local.streams import drain_for

                drain = drain_for(app_module, settings.region, lambda record: None)
                drain()  # from the streams' current end
            requests: list[tuple[Counter[str], float]] = []
            effects: list[tuple[Counter[str], float]] = []
            for slot in slots[: args.bookings]:
                with COUNTER.measure() as calls:
                    started = time.perf_counter()
                    _call(client, "POST", "/appointments", {"slot_id": slot, "reason_for_visit": "check-up"}, token)
                    elapsed = (time.perf_counter() - started) * 1000
                requests.append((calls, elapsed))
                if drain is not None:
                    with COUNTER.measure() as calls:
                        started = time.perf_counter()
                        drain()
                        elapsed = (time.perf_counter() - started) * 1000
                    effects.append((calls, elapsed))
    print(f"One booking, {args.bookings} measured (the first includes the cold imports of mail and push)")
    for title, rows in (("the request", requests), ("its effects from the streams", effects)):
        if not rows:
            continue
        last = rows[-1][0]
        warm = [ms for _, ms in rows[1:]] or [rows[0][1]]
        print(
            f"{title:30} AWS calls {sum(last.values()):>3}  ({_by_service(last)})\n"
            f"{'':30} ms: first {rows[0][1]:.1f}, warm median {statistics.median(warm):.1f}"
        )


if __name__ == "__main__":
    main()
