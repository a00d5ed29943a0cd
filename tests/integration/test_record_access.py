"""Who may open a patient's record, exhaustively: the patient, doctors with and without a care relationship, a
pending doctor, the admin and another patient; each allowed access leaves exactly one access entry, each refusal
none; and the patient's view of who looked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.models.records import RecordAccess
from chalicelib.services.records._rules import months_before
from tests.support.accounts import admin_create_doctor, login, register_doctor, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock
from tests.support.records import accesses, appointment

ALLERGY = {"substance": "Penicillin", "reaction": "Hives", "severity": "severe"}

UPCOMING = "doctor with an upcoming appointment"
ELEVEN = "doctor with a visit 11 months ago"
THIRTEEN = "doctor with a visit 13 months ago"
CANCELLED = "doctor with only a cancelled appointment"
STRANGER = "another doctor"
PENDING = "pending doctor"
ADMIN = "admin"
OTHER_PATIENT = "another patient"
PATIENT = "the patient"


@dataclass
class Cast:
    api: Api
    patient_id: str
    entry_id: str
    tokens: dict[str, str]
    through: dict[str, str]  # the appointment each caring doctor's relationship runs through
    ids: dict[str, str]

    def record(self) -> str:
        return f"/patients/{self.patient_id}/record"


@pytest.fixture
def cast(api: Api, clock: FakeClock, admin_token: str, specialty: dict[str, Any]) -> Cast:
    now = clock.now()
    patient = register_patient(api)
    patient_token = login(api, "pat@example.com")["access_token"]
    entry = api.post("/me/record/allergies", ALLERGY, patient_token).body
    register_patient(api, email="other@example.com", name="Olga Other")
    tokens = {PATIENT: patient_token, OTHER_PATIENT: login(api, "other@example.com")["access_token"]}
    tokens[ADMIN] = admin_token
    ids = {PATIENT: patient["user_id"]}
    for n, who in enumerate((UPCOMING, ELEVEN, THIRTEEN, CANCELLED, STRANGER)):
        email = f"doctor{n}@example.com"
        made = admin_create_doctor(api, admin_token, specialty["specialty_id"], email, f"LIC-{n}", name=f"Doc {n}")
        ids[who] = made["doctor_id"]
        tokens[who] = login(api, email)["access_token"]
    pending = register_doctor(api, specialty["specialty_id"], "pending@example.com", "LIC-P")
    ids[PENDING] = pending["user_id"]
    tokens[PENDING] = login(api, "pending@example.com")["access_token"]

    pid = patient["user_id"]
    through = {
        UPCOMING: appointment(ids[UPCOMING], pid, now + timedelta(days=2)).appointment_id,
        ELEVEN: appointment(ids[ELEVEN], pid, months_before(now, 11), "COMPLETED").appointment_id,
    }
    appointment(ids[THIRTEEN], pid, months_before(now, 13), "COMPLETED")
    appointment(ids[CANCELLED], pid, now + timedelta(days=3), "CANCELLED")
    appointment(ids[PENDING], pid, now + timedelta(days=4))
    return Cast(api, pid, entry["entry_id"], tokens, through, ids)


REFUSED: dict[str, tuple[int, str]] = {
    THIRTEEN: (403, "NO_CARE_RELATIONSHIP"),
    CANCELLED: (403, "NO_CARE_RELATIONSHIP"),
    STRANGER: (404, "PATIENT_NOT_FOUND"),
    PENDING: (403, "DOCTOR_NOT_APPROVED"),
    ADMIN: (403, "FORBIDDEN_ROLE"),
    OTHER_PATIENT: (403, "FORBIDDEN_ROLE"),
    PATIENT: (403, "FORBIDDEN_ROLE"),
}
ALLOWED = (UPCOMING, ELEVEN)
CALLERS = (*ALLOWED, *REFUSED)

Operation = Callable[[Cast, str], Reply]
OPERATIONS: dict[str, tuple[Operation, int, str]] = {
    "read": (lambda c, t: c.api.get(c.record(), t), 200, "read"),
    "add": (lambda c, t: c.api.post(c.record() + "/conditions", {"name": "Hypertension"}, t), 201, "add"),
    "change": (
        lambda c, t: c.api.patch(f"{c.record()}/allergies/{c.entry_id}", {"reaction": "Rash"}, t),
        200,
        "change",
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("who", CALLERS)
def test_each_caller_reads_and_writes_the_record_only_with_a_care_relationship(
    cast: Cast, who: str, operation: str
) -> None:
    # Given the record with only the patient's own writes logged so far
    request, success, action = OPERATIONS[operation]
    before = {a.at for a in accesses(cast.patient_id)}

    # When the caller tries
    reply = request(cast, cast.tokens[who])

    # Then a caring doctor succeeds and leaves exactly one access entry naming the appointment; others are
    # refused and leave none
    logged = [a for a in accesses(cast.patient_id) if a.at not in before]
    if who in ALLOWED:
        assert reply.status == success, reply.body
        [entry] = logged
        assert (entry.actor_id, entry.actor_role, entry.action) == (cast.ids[who], "doctor", action)
        assert entry.appointment_id == cast.through[who]
    else:
        assert_error(reply, *REFUSED[who])
        assert logged == []


def test_no_doctor_may_remove_an_entry(cast: Cast) -> None:
    reply = cast.api.delete(f"{cast.record()}/allergies/{cast.entry_id}", cast.tokens[UPCOMING])

    assert_error(reply, reply.status)
    assert 400 <= reply.status < 500
    assert cast.api.get("/me/record", cast.tokens[PATIENT]).body["allergies"][0]["entry_id"] == cast.entry_id


@pytest.mark.parametrize("who", [UPCOMING, STRANGER])
def test_an_unknown_patient_id_is_answered_as_a_patient_the_doctor_never_saw(cast: Cast, who: str) -> None:
    stranger = cast.api.get(cast.record(), cast.tokens[STRANGER])

    unknown = cast.api.get("/patients/0123456789abcdef0123456789abcdef/record", cast.tokens[who])
    a_doctor_id = cast.api.get(f"/patients/{cast.ids[ELEVEN]}/record", cast.tokens[who])

    assert (unknown.status, unknown.body) == (stranger.status, stranger.body)
    assert (a_doctor_id.status, a_doctor_id.body) == (stranger.status, stranger.body)


@pytest.mark.parametrize("who", [OTHER_PATIENT, ADMIN, UPCOMING])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/me/record"),
        ("POST", "/me/record/allergies"),
        ("GET", "/me/record/access-log"),
        ("GET", "/me/record/export"),
    ],
)
def test_only_patients_have_a_record_of_their_own(cast: Cast, who: str, method: str, path: str) -> None:
    reply = cast.api.call(method, path, body=ALLERGY if method == "POST" else None, token=cast.tokens[who])

    if who == OTHER_PATIENT:
        assert reply.status in (200, 201), reply.body
    else:
        assert_error(reply, 403, "FORBIDDEN_ROLE")


def test_the_patient_reads_and_writes_their_own_record_each_time_logged(cast: Cast, clock: FakeClock) -> None:
    token, before = cast.tokens[PATIENT], len(accesses(cast.patient_id))

    clock.advance(seconds=1)
    assert cast.api.get("/me/record", token).status == 200
    clock.advance(seconds=1)
    added = cast.api.post("/me/record/medications", {"name": "Ramipril"}, token).body
    clock.advance(seconds=1)
    assert cast.api.patch(f"/me/record/medications/{added['entry_id']}", {"dose": "5 mg"}, token).status == 200
    clock.advance(seconds=1)
    assert cast.api.delete(f"/me/record/medications/{added['entry_id']}", token).status == 204

    logged = accesses(cast.patient_id)[before:]
    assert [(a.action, a.actor_role, a.appointment_id) for a in logged] == [
        ("read", "patient", None),
        ("add", "patient", None),
        ("change", "patient", None),
        ("remove", "patient", None),
    ]
    assert logged[1].entries == [f"medications/{added['entry_id']}"]


def test_a_shorter_care_window_closes_older_visits(cast: Cast, configure: Callable[..., None]) -> None:
    configure(DOCSPOT_CARE_MONTHS="6")

    assert_error(cast.api.get(cast.record(), cast.tokens[ELEVEN]), 403, "NO_CARE_RELATIONSHIP")
    assert cast.api.get(cast.record(), cast.tokens[UPCOMING]).status == 200


def test_what_a_caring_doctor_writes_names_the_doctor_and_the_patient_may_change_it(cast: Cast) -> None:
    added = cast.api.post(cast.record() + "/conditions", {"name": "Hypertension"}, cast.tokens[ELEVEN])

    assert added.body["recorded_by"] == {"id": cast.ids[ELEVEN], "name": "Doc 1", "role": "doctor"}
    path = f"/me/record/conditions/{added.body['entry_id']}"
    changed = cast.api.patch(path, {"status": "resolved"}, cast.tokens[PATIENT])
    assert changed.status == 200
    assert changed.body["updated_by"]["role"] == "patient"
    assert changed.body["recorded_by"]["role"] == "doctor"
    assert cast.api.delete(path, cast.tokens[PATIENT]).status == 204


def test_the_patient_sees_who_looked_at_their_record_newest_first(cast: Cast, clock: FakeClock) -> None:
    # Given two doctors reading, a minute apart
    clock.advance(minutes=1)
    cast.api.get(cast.record(), cast.tokens[ELEVEN])
    clock.advance(minutes=1)
    cast.api.get(cast.record(), cast.tokens[UPCOMING])

    # When the patient looks at the log
    log = cast.api.get("/me/record/access-log", cast.tokens[PATIENT])

    # Then the newest access comes first, naming who, in which role, and through which appointment
    assert log.status == 200, log.body
    first, second, own_add = log.body["items"]
    assert first["actor"] == {"id": cast.ids[UPCOMING], "name": "Doc 0", "role": "doctor"}
    assert (first["action"], first["appointment_id"], first["at"]) == (
        "read",
        cast.through[UPCOMING],
        "2026-12-01T09:02:00Z",
    )
    assert second["actor"]["name"] == "Doc 1"
    assert own_add["actor"] == {"id": cast.patient_id, "name": "Pat Patient", "role": "patient"}
    assert own_add["entries"] == [f"allergies/{cast.entry_id}"]
    assert log.body["next_cursor"] is None


def test_the_access_log_pages(cast: Cast, clock: FakeClock) -> None:
    for _ in range(3):
        clock.advance(seconds=1)
        cast.api.get(cast.record(), cast.tokens[UPCOMING])

    seen, cursor = [], None
    while True:
        path = "/me/record/access-log?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = cast.api.get(path, cast.tokens[PATIENT]).body
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert [a["action"] for a in seen] == ["read", "read", "read", "add"]
    assert_error(cast.api.get("/me/record/access-log?cursor=garbage", cast.tokens[PATIENT]), 400, "INVALID_CURSOR")
    bad_limit = cast.api.get("/me/record/access-log?limit=0", cast.tokens[PATIENT])
    assert_error(bad_limit, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in bad_limit.body["error"]["details"]] == ["limit"]


def test_an_access_entry_cannot_be_written_over(cast: Cast) -> None:
    from pynamodb.exceptions import PutError

    [entry] = accesses(cast.patient_id)
    forged = RecordAccess(
        patient_id=entry.patient_id, at=entry.at, actor_id="someone", actor_role="admin", action="read"
    )

    with pytest.raises(PutError):
        forged.save(condition=RecordAccess.patient_id.does_not_exist())
    assert accesses(cast.patient_id)[0].actor_id == cast.patient_id


def test_no_route_changes_or_removes_an_access_entry() -> None:
    from app import app

    log_routes = {path: set(entry) - {"OPTIONS"} for path, entry in app.routes.items() if "access-log" in path}

    # (OPTIONS answers a browser's CORS preflight: it reads and changes nothing)
    assert log_routes == {"/me/record/access-log": {"GET"}}
