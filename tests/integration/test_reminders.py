"""Reminders 24 h and 1 h before, each exactly once: 48 simulated hours of 5-minute runs with an injected clock,
with skipped and late runs, two kinds of overlapping runs, a run that dies holding a claim, a failed send, a
confirmation, a reschedule and a cancellation. Mail is read back from moto's SES."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from botocore.client import BaseClient

from chalicelib.adapters.mailer import Email
from chalicelib.services.booking import attendance
from chalicelib.services.mail import reminders
from tests.support.accounts import PASSWORD, login
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock
from tests.support.mail import SesMailbox, SwitchableMailer, words

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
STEP = timedelta(minutes=5)
PIA, OONA = "pia@example.com", "oona@example.com"
DOCTOR = "approved@example.com"


def at(hours: int, minutes: int = 0) -> datetime:
    return T0 + timedelta(hours=hours, minutes=minutes)


class Died(BaseException):
    """A run killed mid-way (a Lambda timing out): not an error the run could catch."""


def register(api: Api, email: str, name: str, timezone: str) -> None:
    body = {"role": "patient", "email": email, "password": PASSWORD, "name": name, "timezone": timezone}
    assert api.post("/auth/register", body).status == 201


def book(api: Api, email: str, slot_id: str) -> str:
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "private"}, token(api, email))
    assert reply.status == 201, reply.body
    return str(reply.body["appointment_id"])


def token(api: Api, email: str) -> str:
    """A fresh access token: the simulated hours outlive any one of them."""
    return str(login(api, email)["access_token"])


def sent_reminders(mailbox: SesMailbox, labels: dict[str, str]) -> list[tuple[str, str, datetime]]:
    """(appointment label, reminder, when it was sent) for every reminder SES accepted, in order."""
    found = []
    for mail in mailbox.all():
        if not mail.kind.startswith("reminder-"):
            continue
        [appointment_id] = re.findall(r"/appointments/([0-9a-f]{32})", mail.text)
        assert mail.date is not None
        found.append((labels[appointment_id], mail.kind.removeprefix("reminder-"), mail.date))
    return found


@pytest.fixture
def world(api: Api, approved_doctor: dict[str, Any], ses: SwitchableMailer, clock: FakeClock) -> dict[str, str]:
    """Appointments booked at T0 (labels -> ids). Pia lives in New York; Oona switched reminders off."""
    register(api, PIA, "Pia Patient", "America/New_York")
    register(api, OONA, "Oona Optout", "Europe/Paris")
    api.patch("/me", {"email_preferences": {"reminders": False}}, token(api, OONA))
    doctor_id = approved_doctor["doctor_id"]
    starts = {"B": at(3), "C": at(26), "A": at(30), "E": at(35), "D": at(40), "I": at(47, 30), "F": at(50)}
    ids = {label: book(api, PIA, make_slot(doctor_id, start)) for label, start in starts.items()}
    ids["G"] = book(api, OONA, make_slot(doctor_id, at(20)))
    make_slot(doctor_id, at(44))
    return ids


def test_every_due_reminder_goes_exactly_once_over_48_hours_of_runs(
    api: Api,
    world: dict[str, str],
    approved_doctor: dict[str, Any],
    ses: SwitchableMailer,
    mailbox: SesMailbox,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given what happens to the appointments meanwhile
    doctor_id = approved_doctor["doctor_id"]

    def confirm_c() -> None:
        reply = api.post(f"/appointments/{world['C']}/status", {"status": "CONFIRMED"}, token(api, DOCTOR))
        assert reply.status == 200, reply.body

    def cancel_e() -> None:
        assert api.post(f"/appointments/{world['E']}/cancel", {}, token(api, PIA)).status == 200

    def move_d() -> None:
        new_slot = make_slot_id(doctor_id, at(44))
        reply = api.post(f"/appointments/{world['D']}/reschedule", {"slot_id": new_slot}, token(api, PIA))
        assert reply.status == 200, reply.body

    events: dict[datetime, Callable[[], None]] = {at(1): confirm_c, at(15): cancel_e, at(18): move_d}
    overlapping: list[reminders.RunReport] = []
    skipped = {at(11), at(23, 30)} | set(moments(at(28, 50), at(29, 40)))

    def failing_and_dying(email: Email) -> BaseException | None:
        return ConnectionError("SES unreachable") if email.kind == "reminder-1h" else Died()

    def interleave_at_the_first_claim() -> None:
        original = reminders._claim
        state = {"interleaved": False}

        def claim(appointment: Any, kind: str, now: datetime) -> int | None:
            if not state["interleaved"]:
                state["interleaved"] = True
                reminders.run()  # a second run, start to finish, between this run's Query and its first claim
            return original(appointment, kind, now)

        monkeypatch.setattr(reminders, "_claim", claim)

    # When the schedule runs every 5 minutes for 48 hours
    for now in moments(T0, at(48)):
        clock.current = now
        if now in events:
            events.pop(now)()
        if now in skipped:
            continue
        if now == at(2):  # B's 1-hour reminder fails to send; the run then dies holding C's 24-hour claim
            ses.fail = failing_and_dying
            with pytest.raises(Died):
                reminders.run()
            ses.fail = None
            continue
        if now == at(6):  # two runs interleaved at the claim step
            interleave_at_the_first_claim()
            reminders.run()
            monkeypatch.undo()
            continue
        if now == at(25):  # a second run while the first holds its claim and is sending
            ses.before_send = lambda email: overlapping.append(reminders.run())
        reminders.run()

    # Then every due reminder went exactly once, when it was first due to a run that ran, and nothing else did
    assert sent_reminders(mailbox, {v: k for k, v in world.items()}) == [
        ("B", "1h", at(2, 5)),  # released after the failed send, sent by the next run
        ("C", "24h", at(2, 10)),  # the dead run's claim lapsed after 5 minutes
        ("A", "24h", at(6)),  # sent by the interleaved run; the other run's claim lost
        ("E", "24h", at(11, 5)),  # the 11:00 run was skipped
        ("D", "24h", at(16)),  # for its first time...
        ("D", "24h", at(20)),  # ...and again for the time it was moved to
        ("I", "24h", at(23, 35)),  # the 23:30 run was skipped
        ("C", "1h", at(25)),
        ("F", "24h", at(26)),
        ("A", "1h", at(29, 45)),  # late: the runs from 28:50 to 29:40 never came
        ("D", "1h", at(43)),
        ("I", "1h", at(46, 30)),
    ]
    assert events == {}
    [second] = overlapping
    assert (second.sent, second.already_claimed) == (0, 1)


def test_reminders_show_the_patients_clock_and_only_the_24_hour_one_asks_for_attendance(
    api: Api, world: dict[str, str], mailbox: SesMailbox, clock: FakeClock
) -> None:
    clock.current = at(6)
    reminders.run()
    clock.current = at(29)
    reminders.run()

    [day_before] = [m for m in mailbox.to(PIA, "reminder-24h") if world["A"] in m.text]
    assert day_before.subject == "Tomorrow: your appointment with Anna Smith"
    assert "Wednesday, 2 December 2026 at 10:00 (America/New_York)" in day_before.text
    [link] = [u for u in re.findall(r"https?://\S+", day_before.text) if "/attend?" in u]
    assert attendance.view(parse_qs(urlparse(link).query)["token"][0]).appointment_id == world["A"]
    [hour_before] = mailbox.to(PIA, "reminder-1h")
    assert hour_before.subject == "In one hour: your appointment with Anna Smith"
    assert "/attend?" not in hour_before.text
    assert "private" not in day_before.raw + hour_before.raw
    # Each offers only what the patient may still do: the day before, cancelling or moving; an hour before (inside
    # the two hours' notice), neither
    assert "please cancel or move it so that someone else can have the time" in words(day_before.text)
    assert "cancel or move it so" not in words(hour_before.text)
    assert hour_before.html is not None and "Cancel or move it" not in hour_before.html
    assert "It is too late to cancel or move it online" in words(hour_before.text)


def test_a_german_patient_is_reminded_in_german(
    api: Api, approved_doctor: dict[str, Any], ses: SwitchableMailer, mailbox: SesMailbox, clock: FakeClock
) -> None:
    body = {
        "role": "patient",
        "email": "greta@example.com",
        "password": PASSWORD,
        "name": "Grete Groß",
        "timezone": "Europe/Berlin",
        "locale": "de",
    }
    assert api.post("/auth/register", body).status == 201
    book(api, "greta@example.com", make_slot(approved_doctor["doctor_id"], at(26)))
    clock.current = at(2)
    reminders.run()
    clock.current = at(25, 5)
    reminders.run()

    day_before = mailbox.one("greta@example.com", "reminder-24h")
    assert day_before.subject == "Morgen: Ihr Termin bei Anna Smith"
    assert "Mittwoch, 2. Dezember 2026 um 12:00 Uhr (Europe/Berlin)" in day_before.text
    assert "verschieben Sie ihn" in words(day_before.text)
    hour_before = mailbox.one("greta@example.com", "reminder-1h")
    assert hour_before.subject.startswith("In ") and "Ihr Termin bei Anna Smith" in hour_before.subject
    assert "zu spät" in words(hour_before.text)


def test_a_run_that_first_comes_inside_the_last_hour_sends_only_the_hour_reminder(
    world: dict[str, str], mailbox: SesMailbox, clock: FakeClock
) -> None:
    clock.current = at(29, 40)
    first = reminders.run()
    clock.current = at(29, 45)
    second = reminders.run()

    assert [m.kind for m in mailbox.to(PIA) if world["A"] in m.text and m.kind.startswith("reminder")] == [
        "reminder-1h"
    ]
    assert second.sent == 0 and first.sent >= 1


def test_a_run_queries_the_day_index_for_two_days_and_never_scans(
    world: dict[str, str], clock: FakeClock, dynamodb_calls: Counter[str], queried_indexes: list[str]
) -> None:
    clock.current = at(4)

    reminders.run()

    assert dynamodb_calls["Scan"] == 0
    assert queried_indexes == ["day-index", "day-index"]


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch, queried_indexes: list[str]) -> Iterator[Counter[str]]:
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        calls[operation_name] += 1
        if operation_name == "Query":
            queried_indexes.append(str(api_params.get("IndexName")))
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    yield calls


@pytest.fixture
def queried_indexes() -> list[str]:
    return []


def moments(first: datetime, last: datetime) -> Iterator[datetime]:
    now = first
    while now <= last:
        yield now
        now += STEP


def make_slot_id(doctor_id: str, start: datetime) -> str:
    from chalicelib.services.core.slot_ids import slot_ref

    return slot_ref(doctor_id, start, 30).slot_id
