"""Patient management: admins find patients by name or e-mail prefix (one Query on an index, no scan) and open one
patient's page: profile, appointments without health data, disputes; never the medical record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib.models.appointments import Appointment
from tests.support.accounts import register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock


def test_patients_are_found_by_name_prefix_in_name_order_and_by_email_prefix(api: Api, admin_token: str) -> None:
    for email, name in (
        ("zoe@example.com", "Zoe  Miller"),
        ("max@example.com", "Max Mustermann"),
        ("maria@example.org", "maria Schmidt"),
        ("other@example.com", "Otto Ma"),
    ):
        register_patient(api, email=email, name=name)

    by_name = api.get("/admin/patients?q=Ma", admin_token).body["items"]
    by_email = api.get("/admin/patients?q=ma%40", admin_token).body["items"]
    by_domain = api.get("/admin/patients?q=maria%40example.org", admin_token).body["items"]

    assert [p["name"] for p in by_name] == ["maria Schmidt", "Max Mustermann"]
    assert [p["email"] for p in by_email] == []  # "ma@" starts no address
    assert [p["email"] for p in by_domain] == ["maria@example.org"]
    assert [p["name"] for p in api.get("/admin/patients?q=zoe%20m", admin_token).body["items"]] == ["Zoe  Miller"]


def test_a_renamed_patient_is_found_under_the_new_name(api: Api, admin_token: str, patient_token: str) -> None:
    assert api.patch("/me", {"name": "Petra Neu"}, patient_token).status == 200

    assert [p["name"] for p in api.get("/admin/patients?q=petra", admin_token).body["items"]] == ["Petra Neu"]
    assert api.get("/admin/patients?q=pat%20p", admin_token).body["items"] == []


def test_the_search_pages_with_a_cursor(api: Api, admin_token: str) -> None:
    for n in range(3):
        register_patient(api, email=f"p{n}@example.com", name=f"Paged {n}")

    first = api.get("/admin/patients?q=paged&limit=2", admin_token).body
    second = api.get(f"/admin/patients?q=paged&limit=2&cursor={first['next_cursor']}", admin_token).body

    assert [p["name"] for p in first["items"] + second["items"]] == ["Paged 0", "Paged 1", "Paged 2"]


def test_a_patients_page_shows_profile_appointments_disputes_and_own_tickets_but_no_health_data(
    api: Api, admin_token: str, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=1))
    booked = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "chest pain"}, patient_token).body
    Appointment(appointment_id=booked["appointment_id"]).update(actions=[Appointment.status.set("NO_SHOW")])
    api.post(f"/appointments/{booked['appointment_id']}/disputes", {"kind": "fee", "reason": "x"}, patient_token)
    patient_id = api.get("/me", patient_token).body["user_id"]
    ticket = {"subject": "Invoice", "body": "Where is my invoice?", "category": "billing"}
    assert api.post("/support/tickets", ticket, patient_token).status == 201
    assert api.post("/support/tickets", {**ticket, "subject": "Not mine"}, approved_doctor["token"]).status == 201

    page = api.get(f"/admin/patients/{patient_id}", admin_token)

    assert page.status == 200, page.body
    assert page.body["profile"]["email"] == "pat@example.com"
    (appointment,) = page.body["appointments"]
    assert (appointment["status"], appointment["doctor_name"]) == ("NO_SHOW", approved_doctor["name"])
    assert [d["kind"] for d in page.body["disputes"]] == ["fee"]
    assert [(t["subject"], t["status"]) for t in page.body["tickets"]] == [("Invoice", "OPEN")]
    assert "chest pain" not in str(page.body)


def test_a_doctor_is_not_a_patient(api: Api, admin_token: str, approved_doctor: dict[str, Any]) -> None:
    assert_error(api.get(f"/admin/patients/{approved_doctor['doctor_id']}", admin_token), 404, "PATIENT_NOT_FOUND")


def test_patients_made_before_the_name_index_are_found_after_the_backfill(api: Api, admin_token: str) -> None:
    from chalicelib.models.users import User
    from chalicelib.services.patients import directory

    register_patient(api, email="old@example.com", name="Olga Old")
    (old,) = User.by_role.query("patient", User.email.startswith("old@"))
    old.update(actions=[User.name_sort.remove()])
    assert api.get("/admin/patients?q=olga", admin_token).body["items"] == []

    assert directory.backfill_name_keys() == 1
    assert directory.backfill_name_keys() == 0

    assert [p["name"] for p in api.get("/admin/patients?q=olga", admin_token).body["items"]] == ["Olga Old"]
