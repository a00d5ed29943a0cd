"""Doctor-patient conversations: opened on a care relationship only, one per pair even under a race, messages
with client ids, read marks and unread counts, the push to the two parties only, the limit of 30 a minute, and the
unread-message mail (once after 15 minutes, never the text, at most one an hour, never when read in time)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.models.conversations import ConversationItem
from chalicelib.services.core.authz import Principal
from chalicelib.services.messaging import conversations, unread_mail
from chalicelib.services.records._rules import months_before
from chalicelib.vocabulary import Role
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.calls import count_dynamodb_calls
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender
from tests.support.records import appointment
from tests.support.ws import Ws


def person(api: Api, email: str, name: str) -> dict[str, Any]:
    made = register_patient(api, email=email, name=name)
    return {"id": made["user_id"], "email": email, "token": login(api, email)["access_token"]}


@pytest.fixture
def care(
    api: Api, clock: FakeClock, configure: Any, approved_doctor: dict[str, Any], specialty: dict[str, Any]
) -> dict[str, Any]:
    """Paula has an appointment with the doctor next week; Otto is another patient, Olga another doctor. Access
    tokens last a day here: the tests move the clock by hours."""
    configure(DOCSPOT_ACCESS_TOKEN_SECONDS="86400")
    approved_doctor["token"] = login(api, "approved@example.com")["access_token"]
    paula = person(api, "paula@example.com", "Paula Patient")
    otto = person(api, "otto@example.com", "Otto Other")
    appointment(approved_doctor["doctor_id"], paula["id"], clock.now() + timedelta(days=7))
    olga = admin_create_doctor(
        api,
        login(api, "admin@example.com")["access_token"],
        specialty["specialty_id"],
        email="olga@example.com",
        license_number="LIC-3003",
    )
    doctor = {"id": approved_doctor["doctor_id"], "email": "approved@example.com", "token": approved_doctor["token"]}
    other_doctor = {"id": olga["doctor_id"], "token": login(api, "olga@example.com")["access_token"]}
    return {"doctor": doctor, "paula": paula, "otto": otto, "olga": other_doctor}


def open_between(api: Api, care: dict[str, Any]) -> str:
    reply = api.post("/conversations", {"doctor_id": care["doctor"]["id"]}, care["paula"]["token"])
    assert reply.status in (200, 201), reply.body
    return str(reply.body["conversation_id"])


def say(api: Api, conversation_id: str, token: str, body: str, **extra: Any) -> dict[str, Any]:
    reply = api.post(f"/conversations/{conversation_id}/messages", {"body": body, **extra}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_a_patient_opens_a_conversation_with_their_doctor_and_opening_again_finds_it(
    api: Api, care: dict[str, Any]
) -> None:
    first = api.post("/conversations", {"doctor_id": care["doctor"]["id"]}, care["paula"]["token"])
    again = api.post("/conversations", {"patient_id": care["paula"]["id"]}, care["doctor"]["token"])

    assert first.status == 201, first.body
    assert first.body["other"]["id"] == care["doctor"]["id"] and first.body["other"]["role"] == "doctor"
    assert first.body["unread_count"] == 0 and first.body["last_message"] is None
    assert again.status == 200
    assert again.body["conversation_id"] == first.body["conversation_id"]
    assert again.body["other"]["id"] == care["paula"]["id"] and again.body["other"]["name"] == "Paula Patient"


def test_without_a_care_relationship_either_side_is_refused(api: Api, care: dict[str, Any], clock: FakeClock) -> None:
    lapsed = person(api, "lapsed@example.com", "Lapsed Lena")
    appointment(care["doctor"]["id"], lapsed["id"], months_before(clock.now(), 13), "COMPLETED")
    cancelled = person(api, "cancel@example.com", "Cancelled Carl")
    appointment(care["doctor"]["id"], cancelled["id"], clock.now() + timedelta(days=2), "CANCELLED")

    for token, body in (
        (care["otto"]["token"], {"doctor_id": care["doctor"]["id"]}),
        (care["olga"]["token"], {"patient_id": care["paula"]["id"]}),
        (lapsed["token"], {"doctor_id": care["doctor"]["id"]}),
        (care["doctor"]["token"], {"patient_id": cancelled["id"]}),
        (care["paula"]["token"], {"doctor_id": "no-such-doctor"}),
    ):
        assert_error(api.post("/conversations", body, token), 403, "NO_CARE_RELATIONSHIP")
    assert_error(api.post("/conversations", {"doctor_id": "x", "patient_id": "y"}, care["paula"]["token"]), 400)


@pytest.mark.usefixtures("atomic_moto")
def test_ten_racing_opens_make_one_conversation(api: Api, care: dict[str, Any]) -> None:
    paula = Principal(care["paula"]["id"], Role.PATIENT)
    doctor = Principal(care["doctor"]["id"], Role.DOCTOR)

    def open_one(i: int) -> tuple[int, str]:
        # Service calls: the test client swaps the process environment per request and is not for threads.
        if i % 2:
            opened = conversations.open_conversation(paula, doctor_id=doctor.user_id, patient_id=None)
        else:
            opened = conversations.open_conversation(doctor, doctor_id=None, patient_id=paula.user_id)
        return 201 if opened.created else 200, opened.conversation.conversation_id

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(open_one, range(10)))

    assert sorted(status for status, _ in answers).count(201) == 1
    assert {cid for _, cid in answers} == {answers[0][1]}
    parties = list(ConversationItem.query(answers[0][1], ConversationItem.item.startswith("party#")))
    assert sorted(p.party_id for p in parties) == sorted([care["paula"]["id"], care["doctor"]["id"]])


def test_messages_come_newest_first_page_back_and_the_list_shows_the_latest_activity(
    api: Api, care: dict[str, Any], clock: FakeClock
) -> None:
    conversation = open_between(api, care)
    sent = []
    for n in range(5):
        token = care["paula"]["token"] if n % 2 == 0 else care["doctor"]["token"]
        sent.append(say(api, conversation, token, f"  message {n}  "))
        clock.advance(seconds=30)

    first = api.get(f"/conversations/{conversation}/messages?limit=3", care["paula"]["token"])
    rest = api.get(
        f"/conversations/{conversation}/messages?limit=3&cursor={first.body['next_cursor']}", care["paula"]["token"]
    )

    assert [m["body"] for m in first.body["items"]] == ["message 4", "message 3", "message 2"]
    assert [m["body"] for m in rest.body["items"]] == ["message 1", "message 0"]
    assert rest.body["next_cursor"] is None
    listed = api.get("/conversations", care["doctor"]["token"]).body["items"]
    assert len(listed) == 1
    assert listed[0]["last_message"]["body"] == "message 4"
    assert listed[0]["last_message"]["sender_id"] == care["paula"]["id"]
    assert listed[0]["unread_count"] == 3  # messages 0, 2 and 4 came from Paula
    assert api.get("/conversations", care["paula"]["token"]).body["items"][0]["unread_count"] == 2


def test_the_list_puts_the_most_recent_conversation_first(api: Api, care: dict[str, Any], clock: FakeClock) -> None:
    appointment(care["doctor"]["id"], care["otto"]["id"], clock.now() + timedelta(days=3))
    with_paula = open_between(api, care)
    with_otto = api.post("/conversations", {"patient_id": care["otto"]["id"]}, care["doctor"]["token"]).body
    clock.advance(minutes=1)
    say(api, with_paula, care["paula"]["token"], "hello")

    listed = api.get("/conversations", care["doctor"]["token"]).body["items"]

    assert [c["conversation_id"] for c in listed] == [with_paula, with_otto["conversation_id"]]


def test_a_repeated_client_message_id_answers_the_first_message(api: Api, care: dict[str, Any]) -> None:
    conversation = open_between(api, care)
    first = say(api, conversation, care["paula"]["token"], "only once", client_message_id="c-1")
    again = say(api, conversation, care["paula"]["token"], "only once", client_message_id="c-1")

    assert again == first
    items = api.get(f"/conversations/{conversation}/messages", care["paula"]["token"]).body["items"]
    assert [m["message_id"] for m in items] == [first["message_id"]]


@pytest.mark.parametrize("body", ["   ", "x" * 4001])
def test_a_message_is_one_to_four_thousand_characters_after_trimming(api: Api, care: dict[str, Any], body: str) -> None:
    conversation = open_between(api, care)
    assert_error(api.post(f"/conversations/{conversation}/messages", {"body": body}, care["paula"]["token"]), 400)
    assert say(api, conversation, care["paula"]["token"], "y" * 4000)["body"] == "y" * 4000


def test_nobody_but_the_two_parties_reads_or_writes_it(api: Api, care: dict[str, Any]) -> None:
    conversation = open_between(api, care)
    message = say(api, conversation, care["paula"]["token"], "private")
    admin = login(api, "admin@example.com")["access_token"]

    for token in (care["otto"]["token"], care["olga"]["token"], admin):
        assert_error(api.get(f"/conversations/{conversation}/messages", token), 404)
    for token in (care["otto"]["token"], care["olga"]["token"]):
        assert_error(api.post(f"/conversations/{conversation}/messages", {"body": "hi"}, token), 404)
        reply = api.post(f"/conversations/{conversation}/read", {"message_id": message["message_id"]}, token)
        assert_error(reply, 404, "CONVERSATION_NOT_FOUND")
        assert api.get("/conversations", token).body["items"] == []


def test_reading_moves_the_mark_forward_and_the_other_side_sees_it(
    api: Api, care: dict[str, Any], clock: FakeClock
) -> None:
    conversation = open_between(api, care)
    first = say(api, conversation, care["paula"]["token"], "one")
    clock.advance(seconds=1)
    second = say(api, conversation, care["paula"]["token"], "two")

    def read(message_id: str) -> Any:
        return api.post(f"/conversations/{conversation}/read", {"message_id": message_id}, care["doctor"]["token"])

    halfway = read(first["message_id"])
    assert halfway.body == {"conversation_id": conversation, "read_up_to": first["message_id"], "unread_count": 1}
    done = read(second["message_id"])
    assert done.body["unread_count"] == 0
    back = read(first["message_id"])
    assert back.body["read_up_to"] == second["message_id"]

    seen_by_paula = api.get(f"/conversations/{conversation}/messages", care["paula"]["token"]).body
    assert seen_by_paula["read_up_to"] == second["message_id"]
    assert api.get("/conversations", care["paula"]["token"]).body["items"][0]["read_up_to"] == second["message_id"]
    assert api.get("/conversations", care["doctor"]["token"]).body["items"][0]["unread_count"] == 0
    assert_error(read("0" * 25), 404, "MESSAGE_NOT_FOUND")


def test_a_message_is_pushed_to_the_two_parties_and_no_other_connection(
    api: Api, ws: Ws, sender: RecordingSender, care: dict[str, Any]
) -> None:
    conversation = open_between(api, care)
    doctor_tab = ws.open(care["doctor"]["token"])
    paula_tab, paula_other_tab = ws.open(care["paula"]["token"]), ws.open(care["paula"]["token"])
    otto_tab = ws.open(care["otto"]["token"])
    olga_tab = ws.open(care["olga"]["token"])
    watcher = ws.watch(care["otto"]["token"], f"doctor#{care['doctor']['id']}#slots")

    message = say(api, conversation, care["paula"]["token"], "are you there?")
    api.post(f"/conversations/{conversation}/read", {"message_id": message["message_id"]}, care["doctor"]["token"])

    for tab in (doctor_tab, paula_tab, paula_other_tab):
        pushed = ws.pushed(tab, "message")
        assert [p["data"] for p in pushed] == [message]
        assert ws.pushed(tab, "conversation-read")[0]["data"]["read_up_to"] == message["message_id"]
    for tab in (otto_tab, olga_tab, watcher):
        assert ws.pushed(tab) == []
    assert not any("are you there?" in str(m) for cid, m in sender.sent if cid in (otto_tab, olga_tab, watcher))


def test_thirty_messages_a_minute_then_429(api: Api, care: dict[str, Any], clock: FakeClock, configure: Any) -> None:
    conversation = open_between(api, care)
    configure(DOCSPOT_RATE_LIMITS="on")
    clock.current = clock.current.replace(second=0)
    for n in range(30):
        say(api, conversation, care["paula"]["token"], f"m{n}")

    assert_error(
        api.post(f"/conversations/{conversation}/messages", {"body": "m31"}, care["paula"]["token"]),
        429,
        "RATE_LIMITED",
    )
    clock.advance(minutes=1)
    say(api, conversation, care["paula"]["token"], "a new minute")


def test_an_unread_message_is_mailed_once_after_fifteen_minutes_without_its_text(
    api: Api, care: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    conversation = open_between(api, care)
    say(api, conversation, care["doctor"]["token"], "Your lab results show a low iron level")
    clock.advance(minutes=14)
    assert unread_mail.run().mailed == 0
    clock.advance(minutes=1)

    assert unread_mail.run().mailed == 1
    assert unread_mail.run().mailed == 0
    mails = mailer.to("paula@example.com", "new-message")
    assert len(mails) == 1
    assert mails[0].subject.startswith("New message from ")
    assert "iron" not in mails[0].text and "iron" not in mails[0].html and "iron" not in mails[0].subject
    assert f"/messages/{conversation}" in mails[0].text
    assert mailer.to("approved@example.com", "new-message") == []


def test_at_most_one_unread_mail_an_hour_per_conversation(
    api: Api, care: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    conversation = open_between(api, care)
    say(api, conversation, care["doctor"]["token"], "first")
    clock.advance(minutes=15)
    unread_mail.run()
    say(api, conversation, care["doctor"]["token"], "second")
    clock.advance(minutes=20)
    unread_mail.run()
    assert len(mailer.to("paula@example.com", "new-message")) == 1
    clock.advance(minutes=20)  # 40 minutes after the first mail
    unread_mail.run()
    assert len(mailer.to("paula@example.com", "new-message")) == 1
    clock.advance(minutes=20)  # an hour after it
    unread_mail.run()
    assert len(mailer.to("paula@example.com", "new-message")) == 2


def test_no_mail_when_the_message_is_read_in_time_or_messages_mail_is_off(
    api: Api, care: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    conversation = open_between(api, care)
    message = say(api, conversation, care["doctor"]["token"], "read me")
    clock.advance(minutes=10)
    api.post(f"/conversations/{conversation}/read", {"message_id": message["message_id"]}, care["paula"]["token"])
    clock.advance(minutes=30)
    assert unread_mail.run().due == 0

    reply = api.patch("/me", {"email_preferences": {"messages": False}}, care["paula"]["token"])
    assert reply.status == 200, reply.body
    assert reply.body["email_preferences"]["messages"] is False
    say(api, conversation, care["doctor"]["token"], "again")
    clock.advance(minutes=16)
    assert unread_mail.run().due == 1
    assert mailer.to("paula@example.com", "new-message") == []


@pytest.mark.usefixtures("atomic_moto")
def test_overlapping_runs_mail_exactly_once(
    api: Api, care: dict[str, Any], clock: FakeClock, mailer: RecordingMailer
) -> None:
    conversation = open_between(api, care)
    say(api, conversation, care["doctor"]["token"], "hello")
    clock.advance(minutes=16)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: unread_mail.run(), range(4)))

    assert sum(r.mailed for r in reports) == 1
    assert len(mailer.to("paula@example.com", "new-message")) == 1


def test_no_conversation_path_scans(
    api: Api, care: dict[str, Any], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_dynamodb_calls(monkeypatch)
    conversation = open_between(api, care)
    message = say(api, conversation, care["doctor"]["token"], "hello", client_message_id="x-1")
    api.get("/conversations", care["paula"]["token"])
    api.get(f"/conversations/{conversation}/messages", care["paula"]["token"])
    api.post(f"/conversations/{conversation}/read", {"message_id": message["message_id"]}, care["paula"]["token"])
    say(api, conversation, care["doctor"]["token"], "again")
    clock.advance(minutes=16)
    unread_mail.run()

    assert calls["Query"] > 0 and calls["Scan"] == 0
