"""The record's pure rules: the care window, where a doctor stands with a patient, the patients list's sums, name
search, and the FHIR shapes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.contracts.records import AllergyOut, AuthorOut, MedicationOut
from chalicelib.services.records import _fhir as fhir
from chalicelib.services.records._rules import Standing, Visit, matches, months_before, patients, standing

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CUTOFF = months_before(NOW, 12)


def visit(days: float, status: str = "COMPLETED", patient: str = "p1", ident: str = "") -> Visit:
    start = NOW + timedelta(days=days)
    return Visit(ident or f"a{days}", patient, start, start + timedelta(minutes=30), status)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), 12, datetime(2025, 12, 1, 9, 0, tzinfo=UTC)),
        (datetime(2026, 3, 31, 9, 0, tzinfo=UTC), 1, datetime(2026, 2, 28, 9, 0, tzinfo=UTC)),
        (datetime(2028, 3, 31, 9, 0, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, 0, tzinfo=UTC)),
        (datetime(2026, 1, 15, 0, 0, tzinfo=UTC), 13, datetime(2024, 12, 15, 0, 0, tzinfo=UTC)),
        (datetime(2026, 1, 15, 0, 0, tzinfo=UTC), 0, datetime(2026, 1, 15, 0, 0, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_a_doctor_who_never_saw_the_patient_is_a_stranger() -> None:
    assert standing([], CUTOFF, NOW) == (Standing.STRANGER, None)


@pytest.mark.parametrize(
    "visits",
    [
        [visit(3, "CANCELLED")],
        [visit(-400)],
        [visit(-400), visit(-30, "CANCELLED")],
    ],
)
def test_only_cancelled_or_old_appointments_have_lapsed(visits: list[Visit]) -> None:
    assert standing(visits, CUTOFF, NOW) == (Standing.LAPSED, None)


def test_an_appointment_that_ended_exactly_at_the_cutoff_still_counts() -> None:
    at_cutoff = Visit("edge", "p1", CUTOFF - timedelta(minutes=30), CUTOFF, "COMPLETED")
    just_before = Visit("old", "p1", CUTOFF - timedelta(minutes=31), CUTOFF - timedelta(minutes=1), "COMPLETED")

    assert standing([at_cutoff], CUTOFF, NOW) == (Standing.CARING, at_cutoff)
    assert standing([just_before], CUTOFF, NOW)[0] == Standing.LAPSED


def test_care_runs_through_the_next_appointment_else_the_latest() -> None:
    soon, later, past = visit(2, "SCHEDULED"), visit(9, "SCHEDULED"), visit(-30)

    assert standing([later, past, soon], CUTOFF, NOW) == (Standing.CARING, soon)
    assert standing([visit(-300), past], CUTOFF, NOW) == (Standing.CARING, past)


def test_a_no_show_or_a_visit_under_way_counts() -> None:
    assert standing([visit(-2, "NO_SHOW")], CUTOFF, NOW)[0] == Standing.CARING
    assert standing([visit(-0.01, "IN_PROGRESS")], CUTOFF, NOW)[0] == Standing.CARING


def test_the_patients_list_sums_each_patient_s_visits_in_the_window() -> None:
    summary = patients(
        [
            visit(-40, patient="zoe"),
            visit(-10, "NO_SHOW", patient="zoe"),
            visit(7, "SCHEDULED", patient="zoe"),
            visit(3, "CANCELLED", patient="zoe"),
            visit(-400, patient="old"),
            visit(2, "CANCELLED", patient="gone"),
            visit(1, "CONFIRMED", patient="mia"),
        ],
        CUTOFF,
        NOW,
    )

    assert set(summary) == {"zoe", "mia"}
    zoe = summary["zoe"]
    assert (zoe.visits, zoe.last_visit, zoe.next_visit) == (3, NOW - timedelta(days=10), NOW + timedelta(days=7))
    assert (summary["mia"].last_visit, summary["mia"].next_visit) == (None, NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("name", "query", "found"),
    [
        ("Anna Schmidt", "anna", True),
        ("Anna Schmidt", "ann sch", True),
        ("Anna Schmidt", "SCHMIDT", True),
        ("Anna  Schmidt", "anna schmidt", True),
        ("Anna Schmidt", "anna smith", False),
        ("Lucía Fernández", "lucía", True),
    ],
)
def test_names_match_every_word_of_the_query(name: str, query: str, found: bool) -> None:
    assert matches(name, query) is found


AUTHOR = AuthorOut(id="u1", name="Pat", role="patient")


def test_our_uuid_ids_are_their_own_urns_and_others_get_stable_ones() -> None:
    assert fhir.urn("Patient", "0f4ad9d46c404b638a0b1f0c2a1e1c10") == "urn:uuid:0f4ad9d4-6c40-4b63-8a0b-1f0c2a1e1c10"
    assert fhir.urn("Appointment", "attend-1") == fhir.urn("Appointment", "attend-1")
    assert fhir.urn("Appointment", "attend-1") != fhir.urn("Condition", "attend-1")


def test_severity_becomes_criticality_and_a_reaction_carries_it() -> None:
    entry = AllergyOut(
        entry_id="e1",
        substance="Wasp venom",
        reaction=None,
        severity="severe",
        noted_on=None,
        recorded_by=AUTHOR,
        recorded_at=NOW,
    )

    shaped = fhir.allergy(entry, {"reference": "urn:uuid:x"})

    assert shaped["criticality"] == "high"
    assert "reaction" not in shaped and "onsetDateTime" not in shaped


@pytest.mark.parametrize(
    ("stopped_on", "status"), [(None, "active"), (date(2026, 12, 1), "completed"), (date(2027, 1, 1), "active")]
)
def test_a_medication_is_completed_once_stopped(stopped_on: date | None, status: str) -> None:
    entry = MedicationOut(
        entry_id="m1",
        name="Ramipril",
        dose=None,
        frequency="daily",
        started_on=date(2026, 1, 1),
        stopped_on=stopped_on,
        recorded_by=AUTHOR,
        recorded_at=NOW,
    )

    shaped = fhir.medication(entry, {"reference": "urn:uuid:x"}, NOW.date())

    assert shaped["status"] == status
    assert shaped["dosage"] == [{"text": "daily"}]
