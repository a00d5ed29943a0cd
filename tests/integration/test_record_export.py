"""The patient's record as a FHIR R4 Bundle: valid against the fhir.resources R4B models, complete, audited, and
without a doctor's private notes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from tests.support.accounts import login
from tests.support.api import Api
from tests.support.fakes import FakeClock
from tests.support.records import accesses, appointment


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_export_is_a_valid_fhir_collection_of_the_whole_record(
    api: Api, clock: FakeClock, patient_token: str, approved_doctor: dict[str, Any]
) -> None:
    # Given a record with every kind of entry, optional fields present and absent, and two appointments
    api.patch("/me", {"date_of_birth": "1985-06-15", "phone": "+49 30 1234567"}, patient_token)
    post = lambda kind, body: api.post(f"/me/record/{kind}", body, patient_token).body  # noqa: E731
    post("allergies", {"substance": "Penicillin", "reaction": "Hives", "severity": "severe", "noted_on": "2019-04-02"})
    post("allergies", {"substance": "Dust", "severity": "mild"})
    post("conditions", {"name": "Asthma", "since": "2008-01-01", "notes": "Exercise-induced"})
    post("conditions", {"name": "Sprained ankle", "status": "resolved"})
    post("medications", {"name": "Salbutamol", "dose": "100 µg", "frequency": "as needed", "started_on": "2020-03-01"})
    post("medications", {"name": "Amoxicillin", "started_on": "2026-01-01", "stopped_on": "2026-01-10"})
    patient_id = api.get("/me", patient_token).body["user_id"]
    doctor_id = approved_doctor["doctor_id"]
    appointment(
        doctor_id,
        patient_id,
        clock.now() - timedelta(days=30),
        "COMPLETED",
        reason_for_visit="Wheezing",
        summary="Inhaler technique reviewed.",
        notes="PRIVATE: consider referral",
        follow_up_instructions="Come back if it worsens",
        follow_up_within_days=30,
    )
    appointment(doctor_id, patient_id, clock.now() + timedelta(days=5))

    # When the patient exports it
    reply = api.get("/me/record/export", patient_token)

    # Then it is FHIR R4 JSON that validates, with one resource per entry and appointment
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/fhir+json"
    bundle = reply.body if isinstance(reply.body, dict) else json.loads(reply.body)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert len(resources(bundle, "AllergyIntolerance")) == 2
    assert len(resources(bundle, "Condition")) == 2
    assert len(resources(bundle, "MedicationStatement")) == 2
    assert len(resources(bundle, "Appointment")) == 2
    [patient] = resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Pat Patient"}]
    assert patient["birthDate"] == "1985-06-15"
    patient_url = bundle["entry"][0]["fullUrl"]
    assert all(
        r.get("patient", r.get("subject", {})).get("reference") == patient_url
        for r in resources(bundle, "Condition")
        + resources(bundle, "AllergyIntolerance")
        + resources(bundle, "MedicationStatement")
    )
    severe = next(r for r in resources(bundle, "AllergyIntolerance") if r["code"]["text"] == "Penicillin")
    assert severe["criticality"] == "high"
    assert severe["reaction"] == [{"manifestation": [{"text": "Hives"}], "severity": "severe"}]
    statuses = {r["medicationCodeableConcept"]["text"]: r["status"] for r in resources(bundle, "MedicationStatement")}
    assert statuses == {"Salbutamol": "active", "Amoxicillin": "completed"}
    visits = {r["status"]: r for r in resources(bundle, "Appointment")}
    assert visits["fulfilled"]["comment"] == "Inhaler technique reviewed."
    assert visits["fulfilled"]["patientInstruction"] == "Come back if it worsens"
    assert visits["booked"]["participant"][1]["actor"]["display"] == "Anna Smith"
    assert "PRIVATE" not in json.dumps(bundle)


def test_an_empty_record_exports_the_patient_alone(api: Api, patient_token: str) -> None:
    reply = api.get("/me/record/export", patient_token)

    bundle = reply.body if isinstance(reply.body, dict) else json.loads(reply.body)
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_an_export_is_an_audited_access(api: Api, patient_token: str) -> None:
    patient_id = api.get("/me", patient_token).body["user_id"]

    api.get("/me/record/export", patient_token)

    assert [(a.action, a.actor_id) for a in accesses(patient_id)] == [("export", patient_id)]
    assert login(api, "pat@example.com")  # the patient's own account still works: nothing else changed
