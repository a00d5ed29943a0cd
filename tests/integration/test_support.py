"""Support tickets: opening, the thread with internal notes the requester never sees, the admins' queue from its
index, assignment, status moves (the requester's 14 days to reopen on an injected clock), and the mail and push on
every public reply."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.errors import DomainError
from chalicelib.services.accounts import users
from chalicelib.services.core.authz import Principal
from chalicelib.services.support import tickets
from chalicelib.vocabulary import Role, TicketStatus
from tests.support.accounts import PASSWORD, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingMailer
from tests.support.ws import Ws

TICKETS = "/support/tickets"


def open_ticket(api: Api, token: str, subject: str = "Cannot move my visit", **extra: Any) -> dict[str, Any]:
    body = {"subject": subject, "body": "The button does nothing.", "category": "booking", **extra}
    reply = api.post(TICKETS, body, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


@pytest.fixture
def fresh(api: Api) -> Any:
    """A new access token for an account: the injected clock outlives any one token."""
    return lambda email: str(login(api, email)["access_token"])


@pytest.fixture
def pat(api: Api) -> str:
    register_patient(api, email="pat@example.com", name="Pat Patient")
    return str(login(api, "pat@example.com")["access_token"])


@pytest.fixture
def other(api: Api) -> str:
    register_patient(api, email="other@example.com", name="Otto Other")
    return str(login(api, "other@example.com")["access_token"])


@pytest.fixture
def admin(api: Api) -> dict[str, str]:
    user = users.create_admin(email="ada@example.com", password=PASSWORD, name="Ada Admin")
    return {"id": user.user_id, "token": str(login(api, "ada@example.com")["access_token"])}


@pytest.fixture
def second_admin(api: Api) -> dict[str, str]:
    user = users.create_admin(email="bea@example.com", password=PASSWORD, name="Bea Admin")
    return {"id": user.user_id, "token": str(login(api, "bea@example.com")["access_token"])}


def test_a_patient_opens_a_ticket_and_reads_it_with_its_first_message(api: Api, pat: str) -> None:
    ticket = open_ticket(api, pat, subject="  Cannot move my visit  ")

    assert ticket["status"] == "OPEN"
    assert ticket["subject"] == "Cannot move my visit"
    assert ticket["requester"]["name"] == "Pat Patient"
    assert [m["body"] for m in ticket["messages"]] == ["The button does nothing."]
    read = api.get(f"{TICKETS}/{ticket['ticket_id']}", token=pat)
    assert read.status == 200
    assert read.body["ticket_id"] == ticket["ticket_id"]
    assert [t["ticket_id"] for t in api.get(TICKETS, token=pat).body["items"]] == [ticket["ticket_id"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "   "), ("subject", "x" * 201), ("body", " \n "), ("body", "x" * 4001), ("category", "complaint")],
)
def test_a_ticket_needs_a_subject_a_body_and_a_known_category(api: Api, pat: str, field: str, value: str) -> None:
    body = {"subject": "Help", "body": "Please", "category": "other", field: value}

    reply = api.post(TICKETS, body, pat)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert api.get(TICKETS, token=pat).body["items"] == []


def test_the_longest_body_and_subject_are_taken(api: Api, pat: str) -> None:
    ticket = open_ticket(api, pat, subject="s" * 200, body="b" * 4000)
    assert len(ticket["messages"][0]["body"]) == 4000


def test_a_ticket_may_name_only_the_requesters_own_appointment(
    api: Api, pat: str, other: str, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    booked = api.post("/appointments", {"slot_id": slot_id}, pat)
    assert booked.status == 201, booked.body
    appointment_id = booked.body["appointment_id"]

    assert open_ticket(api, pat, appointment_id=appointment_id)["appointment_id"] == appointment_id
    assert open_ticket(api, approved_doctor["token"], appointment_id=appointment_id)["appointment_id"]
    body = {"subject": "x", "body": "y", "category": "booking", "appointment_id": appointment_id}
    assert_error(api.post(TICKETS, body, other), 404, "APPOINTMENT_NOT_FOUND")
    assert_error(api.post(TICKETS, {**body, "appointment_id": "nope"}, pat), 404, "APPOINTMENT_NOT_FOUND")


def test_nobody_but_the_requester_and_admins_sees_a_ticket(
    api: Api, pat: str, other: str, admin: dict[str, str], approved_doctor: dict[str, Any]
) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]

    for token in (other, approved_doctor["token"]):
        assert_error(api.get(f"{TICKETS}/{ticket_id}", token=token), 404, "TICKET_NOT_FOUND")
        assert_error(api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "me too"}, token), 404, "TICKET_NOT_FOUND")
        assert api.get(TICKETS, token=token).body["items"] == []
    assert api.get(f"{TICKETS}/{ticket_id}", token=admin["token"]).status == 200


def test_internal_notes_never_reach_the_requester(
    api: Api, ws: Ws, pat: str, admin: dict[str, str], mailer: RecordingMailer
) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]
    patient_socket = ws.open(pat)

    note = api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "Known bug #12", "internal": True}, admin["token"])
    public = api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "Fixed, try again"}, admin["token"])

    assert note.status == 201 and note.body["internal"] is True
    assert public.status == 201
    seen = api.get(f"{TICKETS}/{ticket_id}", token=pat).body
    assert [m["body"] for m in seen["messages"]] == ["The button does nothing.", "Fixed, try again"]
    assert "Known bug" not in str(seen)
    as_admin = api.get(f"{TICKETS}/{ticket_id}", token=admin["token"]).body
    assert [m["internal"] for m in as_admin["messages"]] == [False, True, False]
    # One push and one mail, for the public reply only, without its text
    pushes = [p for p in ws.pushed(patient_socket) if p["type"] == "support-reply"]
    assert [p["data"] for p in pushes] == [
        {"ticket_id": ticket_id, "message_id": public.body["message_id"], "to_requester": True}
    ]
    [mail] = mailer.to("pat@example.com", "support-reply")
    assert f"/support/{ticket_id}" in mail.text
    assert "Fixed" not in mail.text and "Known bug" not in mail.text and "Cannot move" not in mail.subject


def test_only_admins_write_internal_notes(api: Api, pat: str) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]

    reply = api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "psst", "internal": True}, pat)

    assert_error(reply, 403, "FORBIDDEN_ROLE")


def test_the_assignee_is_mailed_and_pushed_when_the_requester_replies(
    api: Api, ws: Ws, pat: str, admin: dict[str, str], second_admin: dict[str, str], mailer: RecordingMailer
) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]
    assigned = api.post(f"{TICKETS}/{ticket_id}/assign", {"admin_id": second_admin["id"]}, admin["token"])
    assert assigned.status == 200, assigned.body
    assert assigned.body["assignee"]["name"] == "Bea Admin"
    bea_socket, ada_socket = ws.open(second_admin["token"]), ws.open(admin["token"])

    reply = api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "Still broken"}, pat)

    assert reply.status == 201
    assert [p["data"]["to_requester"] for p in ws.pushed(bea_socket) if p["type"] == "support-reply"] == [False]
    assert [p for p in ws.pushed(ada_socket) if p["type"] == "support-reply"] == []
    assert len(mailer.to("bea@example.com", "support-reply")) == 1
    assert mailer.to("ada@example.com", "support-reply") == []


def test_a_ticket_is_assigned_to_admins_only(
    api: Api, pat: str, admin: dict[str, str], approved_doctor: dict[str, Any]
) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]

    for someone in (approved_doctor["doctor_id"], "no-such-user"):
        reply = api.post(f"{TICKETS}/{ticket_id}/assign", {"admin_id": someone}, admin["token"])
        assert_error(reply, 422, "NOT_AN_ADMIN")
    assert api.get(f"{TICKETS}/{ticket_id}", token=admin["token"]).body["assignee"] is None
    assert_error(api.post(f"{TICKETS}/{ticket_id}/assign", {"admin_id": admin["id"]}, pat), 403, "FORBIDDEN_ROLE")


def test_the_queue_puts_the_ticket_waiting_longest_first_with_its_age(
    api: Api, pat: str, other: str, admin: dict[str, str], clock: FakeClock
) -> None:
    first = open_ticket(api, pat, subject="first")["ticket_id"]
    clock.advance(minutes=4)
    second = open_ticket(api, other, subject="second")["ticket_id"]
    clock.advance(minutes=3)
    third = open_ticket(api, pat, subject="third")["ticket_id"]
    api.post(f"{TICKETS}/{second}/status", {"status": "PENDING"}, admin["token"])
    clock.advance(minutes=1)

    queue = api.get(f"{TICKETS}?status=OPEN&limit=1", token=admin["token"])
    rest = api.get(f"{TICKETS}?status=OPEN&limit=1&cursor={queue.body['next_cursor']}", token=admin["token"])

    assert [(t["ticket_id"], t["age_seconds"]) for t in queue.body["items"]] == [(first, 8 * 60)]
    assert [(t["ticket_id"], t["age_seconds"]) for t in rest.body["items"]] == [(third, 60)]
    pending = api.get(f"{TICKETS}?status=PENDING", token=admin["token"]).body["items"]
    assert [t["ticket_id"] for t in pending] == [second]
    # The default queue is the OPEN one; the requester's own list is theirs only, newest first
    assert [t["ticket_id"] for t in api.get(TICKETS, token=admin["token"]).body["items"]] == [first, third]
    assert [t["ticket_id"] for t in api.get(TICKETS, token=pat).body["items"]] == [third, first]


def test_the_queue_filters_by_assignee(
    api: Api, pat: str, admin: dict[str, str], second_admin: dict[str, str], clock: FakeClock
) -> None:
    mine = open_ticket(api, pat, subject="mine")["ticket_id"]
    clock.advance(minutes=1)
    hers = open_ticket(api, pat, subject="hers")["ticket_id"]
    api.post(f"{TICKETS}/{mine}/assign", {"admin_id": admin["id"]}, admin["token"])
    api.post(f"{TICKETS}/{hers}/assign", {"admin_id": second_admin["id"]}, admin["token"])
    api.post(f"{TICKETS}/{hers}/status", {"status": "PENDING"}, admin["token"])

    by_bea = api.get(f"{TICKETS}?assigned_to={second_admin['id']}", token=admin["token"]).body["items"]
    by_bea_open = api.get(f"{TICKETS}?assigned_to={second_admin['id']}&status=OPEN", token=admin["token"])

    assert [t["ticket_id"] for t in by_bea] == [hers]
    assert by_bea_open.body["items"] == []
    assert [
        t["ticket_id"] for t in api.get(f"{TICKETS}?assigned_to={admin['id']}", token=admin["token"]).body["items"]
    ] == [mine]


def test_a_requester_reply_puts_a_pending_ticket_back_in_the_queue(
    api: Api, pat: str, admin: dict[str, str], clock: FakeClock, fresh: Any
) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]
    api.post(f"{TICKETS}/{ticket_id}/status", {"status": "PENDING"}, admin["token"])
    clock.advance(hours=3)
    pat, ada = fresh("pat@example.com"), fresh("ada@example.com")

    api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "Here is the screenshot"}, pat)

    ticket = api.get(f"{TICKETS}/{ticket_id}", token=ada).body
    assert ticket["status"] == "OPEN"
    assert ticket["age_seconds"] == 0
    assert ticket["waiting_since"].startswith(clock.now().strftime("%Y-%m-%dT%H:%M:%S"))


def test_the_requester_closes_their_ticket_but_moves_it_nowhere_else(api: Api, pat: str) -> None:
    ticket_id = open_ticket(api, pat)["ticket_id"]

    for status in ("PENDING", "RESOLVED"):
        reply = api.post(f"{TICKETS}/{ticket_id}/status", {"status": status}, pat)
        assert_error(reply, 409, "INVALID_STATUS_CHANGE")
    closed = api.post(f"{TICKETS}/{ticket_id}/status", {"status": "CLOSED"}, pat)

    assert closed.status == 200 and closed.body["status"] == "CLOSED"
    assert_error(api.post(f"{TICKETS}/{ticket_id}/status", {"status": "OPEN"}, pat), 409, "INVALID_STATUS_CHANGE")
    assert_error(api.post(f"{TICKETS}/{ticket_id}/messages", {"body": "hello?"}, pat), 409, "TICKET_CLOSED")


def test_a_resolved_ticket_may_be_reopened_by_its_requester_for_14_days(
    api: Api, pat: str, admin: dict[str, str], clock: FakeClock, fresh: Any
) -> None:
    soon, late = open_ticket(api, pat)["ticket_id"], open_ticket(api, pat)["ticket_id"]
    for ticket_id in (soon, late):
        resolved = api.post(f"{TICKETS}/{ticket_id}/status", {"status": "RESOLVED"}, admin["token"])
        assert resolved.status == 200 and resolved.body["resolved_at"] is not None

    clock.advance(days=14)
    pat, ada = fresh("pat@example.com"), fresh("ada@example.com")
    reopened = api.post(f"{TICKETS}/{soon}/status", {"status": "OPEN"}, pat)
    clock.advance(seconds=1)
    too_late = api.post(f"{TICKETS}/{late}/status", {"status": "OPEN"}, pat)
    reply_too_late = api.post(f"{TICKETS}/{late}/messages", {"body": "again"}, pat)

    assert reopened.status == 200 and reopened.body["status"] == "OPEN"
    assert reopened.body["resolved_at"] is None
    assert_error(too_late, 422, "REOPEN_WINDOW_PASSED")
    assert_error(reply_too_late, 422, "REOPEN_WINDOW_PASSED")
    # An admin still may; the requester may still close it
    assert api.post(f"{TICKETS}/{late}/status", {"status": "CLOSED"}, pat).body["status"] == "CLOSED"
    assert api.post(f"{TICKETS}/{late}/status", {"status": "OPEN"}, ada).body["status"] == "OPEN"


@pytest.mark.usefixtures("atomic_moto")
def test_two_admins_moving_one_ticket_at_once_do_not_both_win(
    api: Api, pat: str, admin: dict[str, str], second_admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given both admins read the ticket OPEN before either writes (threads call the service, as in
    # test_booking_races: never one Chalice app shared by threads)
    ticket_id = open_ticket(api, pat)["ticket_id"]
    both_read = threading.Barrier(2)
    original = tickets._update

    def update_after_both_read(*args: Any) -> None:
        both_read.wait(timeout=10)
        original(*args)

    monkeypatch.setattr(tickets, "_update", update_after_both_read)

    def move(admin_id: str, status: str) -> str:
        try:
            tickets.change_status(Principal(admin_id, Role.ADMIN), ticket_id, TicketStatus(status))
        except DomainError as exc:
            return f"{status} {exc.code}"
        return f"{status} OK"

    # When they move it at once
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(lambda a: move(*a), [(admin["id"], "RESOLVED"), (second_admin["id"], "PENDING")]))

    # Then one wins, the other is told to reload, and the ticket is where the winner put it
    winners = [o.split()[0] for o in outcomes if o.endswith(" OK")]
    assert len(winners) == 1, outcomes
    assert any(o.endswith("TRY_AGAIN") for o in outcomes), outcomes
    assert api.get(f"{TICKETS}/{ticket_id}", token=admin["token"]).body["status"] == winners[0]


def test_a_bad_cursor_is_refused(api: Api, admin: dict[str, str]) -> None:
    assert_error(api.get(f"{TICKETS}?cursor=abc", token=admin["token"]), 400, "INVALID_CURSOR")
