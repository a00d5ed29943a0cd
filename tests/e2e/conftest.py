"""One local stack for the whole session: `python -m local` in a subprocess, spoken to over real HTTP.

It takes seconds to start, so every module of tests/e2e shares it; the test marked ``stops_stack`` (a SIGTERM)
runs after all the others. The stack writes its state file under a temporary directory, so a developer's running
`make run` is left alone.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support.stack import (
    ADMIN,
    PATIENTS,
    Account,
    PublishedSlot,
    Stack,
    day_ahead,
    login,
    login_account,
    publish_slot,
    running_stack,
)

# Four workers: requests race in four processes at once, as four warm Lambdas would.
WORKERS = 4
RACERS = 50
RACE_DOCTOR = "Anna Schmidt"
# Each published slot gets a day of its own, far from the demo data's and other tests' appointments.
FIRST_RACE_DAY = 20


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "stops_stack: stops the shared local stack, so it runs last")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    last = [item for item in items if item.get_closest_marker("stops_stack")]
    items[:] = [item for item in items if not item.get_closest_marker("stops_stack")] + last


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("stack")
    with running_stack(home, WORKERS) as running:
        yield running


@pytest.fixture
def http(stack: Stack) -> Iterator[httpx.Client]:
    with stack.client() as client:
        yield client


@pytest.fixture(scope="session")
def admin_token(stack: Stack) -> str:
    with stack.client() as client:
        return login(client, *ADMIN)


@pytest.fixture(scope="session")
def race_doctor(stack: Stack) -> tuple[str, str]:
    """A demo doctor's id and timezone."""
    with stack.client() as client:
        found = client.get("/doctors", params={"q": RACE_DOCTOR}).json()["items"]
    doctor = next(d for d in found if d["name"] == RACE_DOCTOR)
    return str(doctor["doctor_id"]), str(doctor["timezone"])


@pytest.fixture(scope="session")
def race_doctor_token(stack: Stack) -> str:
    with stack.client() as client:
        return login(client, "anna.schmidt@docspot.test")


@pytest.fixture(scope="session")
def racers(stack: Stack) -> list[Account]:
    """RACERS signed-in patients: the three demo patients and new ones, registered in parallel."""

    def newcomer(index: int) -> Account:
        email = f"racer-{index}-{uuid.uuid4().hex[:6]}@example.com"
        with stack.client() as client:
            reply = client.post(
                "/auth/register",
                json={"role": "patient", "email": email, "password": "racer-password", "name": f"Racer {index}"},
            )
            assert reply.status_code == 201, reply.text
            return login_account(client, email, "racer-password")

    def demo(email: str) -> Account:
        with stack.client() as client:
            return login_account(client, email)

    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        accounts = list(pool.map(demo, PATIENTS))
        accounts += list(pool.map(newcomer, range(RACERS - len(PATIENTS))))
    assert len({a.user_id for a in accounts}) == RACERS
    return accounts


@pytest.fixture(scope="session")
def new_race_slot(stack: Stack, admin_token: str, race_doctor: tuple[str, str]) -> Callable[[], PublishedSlot]:
    """Publishes a free slot of the race doctor, on a day of its own each time (20 days ahead, 21, ...)."""
    doctor_id, zone = race_doctor
    days = itertools.count(FIRST_RACE_DAY)

    def new() -> PublishedSlot:
        with stack.client() as client:
            return publish_slot(client, admin_token, doctor_id, zone, day_ahead(zone, next(days)))

    return new
