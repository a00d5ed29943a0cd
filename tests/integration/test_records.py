"""The patient's own medical record through the API: entries of three kinds added, changed and removed, each
write whole or not at all, bad input refused with field details, the limit per kind held under races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.contracts.records import AllergyIn
from chalicelib.models.records import RecordItem
from chalicelib.services.core.authz import Principal
from chalicelib.services.records import entries
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import RecordKind, Role
from tests.support.api import Api, assert_error
from tests.support.records import accesses

ALLERGY = {"substance": "Penicillin", "reaction": "Hives", "severity": "severe", "noted_on": "2019-04-02"}
CONDITION = {"name": "Asthma", "status": "active", "since": "2008-01-01", "notes": "Exercise-induced"}
MEDICATION = {"name": "Salbutamol", "dose": "100 µg", "frequency": "as needed", "started_on": "2020-03-01"}
NEW = {"allergies": ALLERGY, "conditions": CONDITION, "medications": MEDICATION}


def me(api: Api, token: str) -> dict[str, Any]:
    reply = api.get("/me", token)
    assert reply.status == 200
    body: dict[str, Any] = reply.body
    return body


def test_a_new_patient_has_an_empty_record(api: Api, patient_token: str) -> None:
    reply = api.get("/me/record", patient_token)

    assert reply.status == 200, reply.body
    assert reply.body == {"allergies": [], "conditions": [], "medications": [], "updated_at": None}


@pytest.mark.parametrize("kind", sorted(NEW))
def test_a_patient_adds_an_entry_of_each_kind_and_reads_it_back(api: Api, patient_token: str, kind: str) -> None:
    patient = me(api, patient_token)

    added = api.post(f"/me/record/{kind}", NEW[kind], patient_token)

    assert added.status == 201, added.body
    entry = added.body
    assert len(entry["entry_id"]) == 32
    assert entry["recorded_by"] == {"id": patient["user_id"], "name": "Pat Patient", "role": "patient"}
    assert entry["recorded_at"] == "2026-12-01T09:00:00Z"
    assert entry["updated_by"] is None and entry["updated_at"] is None
    for field, value in NEW[kind].items():
        assert entry[field] == value
    record = api.get("/me/record", patient_token).body
    assert record[kind] == [entry]
    assert record["updated_at"] == "2026-12-01T09:00:00Z"


def test_entries_come_back_in_the_order_they_were_recorded(api: Api, patient_token: str, clock: Any) -> None:
    for substance in ("Penicillin", "Peanuts", "Latex"):
        assert api.post("/me/record/allergies", {**ALLERGY, "substance": substance}, patient_token).status == 201
        clock.advance(minutes=1)

    record = api.get("/me/record", patient_token).body

    assert [a["substance"] for a in record["allergies"]] == ["Penicillin", "Peanuts", "Latex"]


def test_text_is_trimmed_and_empty_optional_text_is_absent(api: Api, patient_token: str) -> None:
    reply = api.post(
        "/me/record/allergies", {"substance": "  Peanuts \n", "reaction": "   ", "severity": "mild"}, patient_token
    )

    assert reply.status == 201, reply.body
    assert reply.body["substance"] == "Peanuts"
    assert reply.body["reaction"] is None
    assert reply.body["noted_on"] is None


def test_a_condition_is_active_unless_said_otherwise(api: Api, patient_token: str) -> None:
    reply = api.post("/me/record/conditions", {"name": "Hay fever"}, patient_token)

    assert reply.status == 201
    assert reply.body["status"] == "active"


def test_a_change_names_only_what_changes_and_records_who_changed_it(api: Api, patient_token: str, clock: Any) -> None:
    entry = api.post("/me/record/allergies", ALLERGY, patient_token).body
    clock.advance(minutes=10)

    changed = api.patch(
        f"/me/record/allergies/{entry['entry_id']}", {"reaction": "Swelling", "noted_on": None}, patient_token
    )

    assert changed.status == 200, changed.body
    body = changed.body
    assert body["reaction"] == "Swelling"
    assert body["noted_on"] is None
    assert body["substance"] == "Penicillin" and body["severity"] == "severe"
    assert body["recorded_at"] == "2026-12-01T09:00:00Z"
    assert body["updated_at"] == "2026-12-01T09:10:00Z"
    assert body["updated_by"]["role"] == "patient"
    assert api.get("/me/record", patient_token).body["allergies"] == [body]


def test_a_change_that_would_leave_an_invalid_entry_is_refused_with_details(api: Api, patient_token: str) -> None:
    entry = api.post("/me/record/medications", MEDICATION, patient_token).body
    path = f"/me/record/medications/{entry['entry_id']}"

    too_early = api.patch(path, {"stopped_on": "2019-01-01"}, patient_token)
    no_name = api.patch(path, {"name": None}, patient_token)

    assert_error(too_early, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in too_early.body["error"]["details"]] == ["stopped_on"]
    assert_error(no_name, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in no_name.body["error"]["details"]] == ["name"]
    assert api.get("/me/record", patient_token).body["medications"] == [entry]


def test_an_empty_change_is_refused(api: Api, patient_token: str) -> None:
    entry = api.post("/me/record/conditions", CONDITION, patient_token).body

    assert_error(api.patch(f"/me/record/conditions/{entry['entry_id']}", {}, patient_token), 400, "VALIDATION_ERROR")


def test_a_patient_removes_an_entry_once(api: Api, patient_token: str) -> None:
    entry = api.post("/me/record/conditions", CONDITION, patient_token).body
    path = f"/me/record/conditions/{entry['entry_id']}"

    assert api.delete(path, patient_token).status == 204
    assert_error(api.delete(path, patient_token), 404, "ENTRY_NOT_FOUND")
    assert api.get("/me/record", patient_token).body["conditions"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/me/record/vaccinations"),
        ("POST", "/me/record/ALLERGIES"),
        ("PATCH", "/me/record/notes/0123456789abcdef0123456789abcdef"),
        ("DELETE", "/me/record/notes/0123456789abcdef0123456789abcdef"),
    ],
)
def test_an_unknown_kind_is_not_found(api: Api, patient_token: str, method: str, path: str) -> None:
    assert_error(api.call(method, path, body=ALLERGY, token=patient_token), 404, "KIND_NOT_FOUND")


@pytest.mark.parametrize("entry_id", ["0123456789abcdef0123456789abcdef", "nope", "x" * 200])
def test_an_unknown_entry_is_not_found(api: Api, patient_token: str, entry_id: str) -> None:
    assert_error(api.patch(f"/me/record/allergies/{entry_id}", {"reaction": "x"}, patient_token), 404)
    assert_error(api.delete(f"/me/record/allergies/{entry_id}", patient_token), 404)


def test_an_entry_is_changed_only_under_its_own_kind(api: Api, patient_token: str) -> None:
    entry = api.post("/me/record/allergies", ALLERGY, patient_token).body

    reply = api.patch(f"/me/record/conditions/{entry['entry_id']}", {"notes": "x"}, patient_token)

    assert_error(reply, 404, "ENTRY_NOT_FOUND")


BAD_BODIES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("allergies", {"severity": "mild"}, ["substance"]),
    ("allergies", {"substance": "   ", "severity": "mild"}, ["substance"]),
    ("allergies", {"substance": "x" * 501, "severity": "mild"}, ["substance"]),
    ("allergies", {"substance": "Nuts", "severity": "deadly"}, ["severity"]),
    ("allergies", {"substance": "Nuts", "severity": "mild", "reaction": "r" * 501}, ["reaction"]),
    ("allergies", {"substance": "Nuts", "severity": "mild", "noted_on": "yesterday"}, ["noted_on"]),
    ("allergies", {"substance": "Nuts", "severity": "mild", "noted_on": 1700000000}, ["noted_on"]),
    ("allergies", {"substance": "Nuts", "severity": "mild", "noted_on": "1899-12-31"}, ["noted_on"]),
    ("allergies", {"substance": "Nuts", "severity": "mild", "recorded_by": {"id": "x"}}, ["recorded_by"]),
    ("conditions", {"name": "Asthma", "status": "cured"}, ["status"]),
    ("conditions", {"name": "Asthma", "notes": ["a"]}, ["notes"]),
    ("medications", {"name": "X", "started_on": "2024-02-01", "stopped_on": "2024-01-31"}, ["stopped_on"]),
    ("medications", {"name": 5}, ["name"]),
    ("medications", {}, ["name"]),
]


@pytest.mark.parametrize(("kind", "body", "fields"), BAD_BODIES)
def test_bad_input_is_refused_with_field_details_and_writes_nothing(
    api: Api, patient_token: str, kind: str, body: dict[str, Any], fields: list[str]
) -> None:
    patient_id = me(api, patient_token)["user_id"]

    reply = api.post(f"/me/record/{kind}", body, patient_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in reply.body["error"]["details"]] == fields
    assert list(RecordItem.query(patient_id)) == []
    assert accesses(patient_id) == []


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_an_object_is_refused(api: Api, patient_token: str, raw: bytes) -> None:
    assert_error(api.call("POST", "/me/record/allergies", raw=raw, token=patient_token), 400, "VALIDATION_ERROR")


def test_each_kind_holds_at_most_the_limit(api: Api, patient_token: str, configure: Callable[..., None]) -> None:
    configure(DOCSPOT_MAX_RECORD_ENTRIES="2")
    first = api.post("/me/record/allergies", ALLERGY, patient_token).body
    assert api.post("/me/record/allergies", ALLERGY, patient_token).status == 201

    refused = api.post("/me/record/allergies", ALLERGY, patient_token)
    other_kind = api.post("/me/record/conditions", CONDITION, patient_token)
    api.delete(f"/me/record/allergies/{first['entry_id']}", patient_token)
    after_removal = api.post("/me/record/allergies", ALLERGY, patient_token)

    assert_error(refused, 422, "TOO_MANY_ENTRIES")
    assert other_kind.status == 201
    assert after_removal.status == 201
    assert len(api.get("/me/record", patient_token).body["allergies"]) == 2


@pytest.mark.usefixtures("atomic_moto")
def test_racing_adds_never_pass_the_limit(api: Api, patient_token: str, configure: Callable[..., None]) -> None:
    # Given room for three more allergies
    configure(DOCSPOT_MAX_RECORD_ENTRIES="3")
    patient = Principal(me(api, patient_token)["user_id"], Role.PATIENT)
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def add() -> None:
        start.wait()
        try:
            entries.add(Access(patient.user_id, patient), RecordKind.ALLERGIES, AllergyIn.model_validate(ALLERGY))
            outcomes.append("added")
        except Exception as exc:  # the refusals are what is counted
            outcomes.append(getattr(exc, "code", repr(exc)))

    # When eight add at once
    threads = [threading.Thread(target=add) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then exactly three were added, and the others were refused (or told to try again), never written
    assert outcomes.count("added") == 3, outcomes
    assert set(outcomes) <= {"added", "TOO_MANY_ENTRIES", "TRY_AGAIN"}
    stored = [i for i in RecordItem.query(patient.user_id) if i.kind == "allergies"]
    assert len(stored) == 3
    assert len([a for a in accesses(patient.user_id) if a.action == "add"]) == 3
