"""The demo data of plans (local/seed.py): two paid plans, a doctor on a trial, an open invoice, an open dispute."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib.models.appointments import Appointment
from chalicelib.models.disputes import Dispute
from chalicelib.models.plans import Invoice
from chalicelib.services.accounts import users
from chalicelib.services.core.authz import Principal
from chalicelib.services.plans import catalogue, subscriptions
from chalicelib.vocabulary import Role
from local.seed import _plans_and_disputes
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock


def test_the_demo_shows_plans_a_trial_an_open_invoice_and_a_dispute(
    api: Api, admin_token: str, specialty: dict[str, Any], clock: FakeClock
) -> None:
    anna = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="anna@example.com", license_number="L-1"
    )
    james = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="james@example.com", license_number="L-2"
    )
    paula = register_patient(api, email="paula@example.com", name="Paula Patient")
    token = login(api, "paula@example.com")["access_token"]
    booked = api.post(
        "/appointments", {"slot_id": make_slot(anna["doctor_id"], clock.now() + timedelta(days=1))}, token
    )
    Appointment(appointment_id=booked.body["appointment_id"]).update(actions=[Appointment.status.set("COMPLETED")])
    admin = users.find_by_email("admin@example.com")
    assert admin is not None

    _plans_and_disputes(
        Principal(user_id=admin.user_id, role=Role.ADMIN),
        {"Anna Schmidt": anna["doctor_id"], "James Okafor": james["doctor_id"]},
        {"Paula Patient": paula["user_id"]},
    )

    assert [p.code for p in catalogue.list_plans()] == ["free", "practice", "clinic"]
    assert subscriptions.subscription_out(anna["doctor_id"]).status == "trialing"
    assert subscriptions.subscription_out(james["doctor_id"]).status == "active"
    (invoice,) = Invoice.unpaid_index.query("open")
    assert (invoice.doctor_id, invoice.plan_code) == (james["doctor_id"], "practice")
    (dispute,) = Dispute.by_status.query("open")
    assert dispute.appointment_id == booked.body["appointment_id"]
