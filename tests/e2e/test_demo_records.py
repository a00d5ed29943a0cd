"""The local stack's demo data fills the medical record: a newcomer finds records, past visits with summaries and
a doctor's patients list, and the record's rules hold over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from tests.support.stack import PATIENTS, assert_error_shape, bearer, login, login_account

pytestmark = pytest.mark.stack

PAULA, MARCO, LUCIA = PATIENTS
ANNA, GRACE, JAMES = "anna.schmidt@docspot.test", "grace.whitfield@docspot.test", "james.okafor@docspot.test"


def test_a_demo_patient_has_a_filled_record_and_a_visit_with_a_summary_and_a_follow_up(http: httpx.Client) -> None:
    token = login(http, PAULA)

    record = http.get("/me/record", headers=bearer(token)).json()
    past = http.get("/appointments", params={"scope": "past"}, headers=bearer(token)).json()["items"]

    assert {a["substance"] for a in record["allergies"]} >= {"Penicillin"}
    assert {c["name"] for c in record["conditions"]} >= {"Asthma", "Hypertension"}
    assert any(m["recorded_by"]["role"] == "doctor" for m in record["medications"])
    with_follow_up = [a for a in past if a["follow_up"] and a["follow_up"]["within_days"]]
    assert with_follow_up and with_follow_up[0]["summary"] and with_follow_up[0]["status"] == "COMPLETED"


def test_a_demo_doctor_lists_patients_and_opens_one_while_another_doctor_cannot(http: httpx.Client) -> None:
    anna = login(http, ANNA)
    paula = login_account(http, PAULA)

    listed = http.get("/doctors/me/patients", headers=bearer(anna)).json()["items"]
    opened = http.get(f"/patients/{paula.user_id}/record", headers=bearer(anna))
    stranger = http.get(f"/patients/{paula.user_id}/record", headers=bearer(login(http, JAMES)))

    assert {"Marco Rossi", "Paula Patient"} <= {p["name"] for p in listed}
    assert opened.status_code == 200
    assert_error_shape(stranger, 404, "PATIENT_NOT_FOUND")
    log = http.get("/me/record/access-log", headers=bearer(paula.token)).json()["items"]
    assert log[0]["actor"]["name"] == "Anna Schmidt" and log[0]["action"] == "read"


def test_the_demo_export_is_fhir_json(http: httpx.Client) -> None:
    reply = http.get("/me/record/export", headers=bearer(login(http, MARCO)))

    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/fhir+json"
    kinds = {e["resource"]["resourceType"] for e in reply.json()["entry"]}
    assert kinds == {"Patient", "AllergyIntolerance", "Condition", "MedicationStatement", "Appointment"}
