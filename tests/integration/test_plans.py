"""Doctor plans: the catalogue with its free plan, a doctor's trial, renewals and invoices numbered without gaps,
the manual payment, the overdue downgrade with its mail, and the entitlements that answer 403 PLAN_LIMIT.

The clock stands at 2026-12-01 09:00 UTC and is moved by hand; the billing schedule is called as the daily
schedule would call it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.models.plans import Invoice, Plan
from chalicelib.services.plans import billing, catalogue, invoices
from tests.support.accounts import login
from tests.support.api import Api, assert_error
from tests.support.fakes import FakeClock, RecordingMailer

PRO = {
    "code": "pro",
    "name": "Pro",
    "price": {"amount": "29", "currency": "EUR"},
    "interval": "month",
    "entitlements": {
        "max_appointment_types": 5,
        "max_clinics": 3,
        "video_visits": True,
        "analytics": True,
        "max_weekly_rules": 20,
    },
}
BASIC = {**PRO, "code": "basic", "name": "Basic", "price": {"amount": "9.50", "currency": "EUR"}}
TYPE = {"name": "Check-up", "duration_minutes": 30, "price": {"amount": "50", "currency": "EUR"}, "mode": "in_person"}


@pytest.fixture
def pro(api: Api, admin_token: str) -> dict[str, Any]:
    reply = api.post("/admin/plans", PRO, admin_token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def signed_in(api: Api, email: str = "approved@example.com") -> str:
    """A new access token: the clock moves by days here, past any token's lifetime."""
    return str(login(api, email)["access_token"])


def choose(api: Api, token: str, code: str) -> dict[str, Any]:
    reply = api.post("/doctors/me/subscription", {"plan_code": code}, token)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def test_the_free_plan_exists_by_default_and_paid_plans_list_with_decimal_prices(api: Api, pro: dict[str, Any]) -> None:
    listed = api.get("/plans").body["items"]

    assert [p["code"] for p in listed] == ["free", "pro"]
    assert listed[1]["price"] == {"amount": "29.00", "currency": "EUR"}
    assert Plan.get("plans", "free").price_amount == "0.00"  # written once, on first need


def test_a_closed_plan_leaves_the_public_list_but_not_the_admins(
    api: Api, admin_token: str, pro: dict[str, Any]
) -> None:
    assert api.patch("/admin/plans/pro", {"active": False}, admin_token).body["active"] is False

    assert [p["code"] for p in api.get("/plans").body["items"]] == ["free"]
    assert [p["code"] for p in api.get("/admin/plans", admin_token).body["items"]] == ["free", "pro"]


def test_a_second_plan_with_the_same_code_is_refused(api: Api, admin_token: str, pro: dict[str, Any]) -> None:
    assert_error(api.post("/admin/plans", PRO, admin_token), 409, "PLAN_EXISTS")


def test_the_first_paid_plan_starts_a_trial_without_an_invoice(
    api: Api, approved_doctor: dict[str, Any], pro: dict[str, Any]
) -> None:
    mine = choose(api, approved_doctor["token"], "pro")

    assert (mine["plan"]["code"], mine["status"], mine["trial_available"]) == ("pro", "trialing", False)
    assert mine["trial_ends_at"].startswith("2026-12-15T09:00")
    assert api.get("/doctors/me/invoices", approved_doctor["token"]).body["items"] == []


def test_trial_renewal_payment_and_overdue_downgrade_walked_with_the_clock(
    api: Api,
    approved_doctor: dict[str, Any],
    admin_token: str,
    pro: dict[str, Any],
    clock: FakeClock,
    mailer: RecordingMailer,
) -> None:
    token = approved_doctor["token"]
    choose(api, token, "pro")

    # The trial ends: the first invoice is issued for the first paid month.
    clock.advance(days=14, hours=1)
    first = billing.run()
    assert first.renewed == ["2026-000001"]
    assert billing.run().renewed == []  # a second run of the same day issues nothing
    token, admin_token = signed_in(api), signed_in(api, "admin@example.com")
    mine = api.get("/doctors/me/subscription", token).body
    assert (mine["status"], mine["current_period_end"][:10]) == ("active", "2027-01-15")
    (invoice,) = api.get("/doctors/me/invoices", token).body["items"]
    assert (invoice["number"], invoice["price"], invoice["status"]) == (
        "2026-000001",
        {"amount": "29.00", "currency": "EUR"},
        "open",
    )

    # An admin finds it among the open invoices, with the doctor billed, and records the bank transfer.
    (listed,) = api.get("/admin/invoices", admin_token).body["items"]
    assert (listed["number"], listed["doctor_name"]) == ("2026-000001", approved_doctor["name"])
    assert invoice["doctor_name"] is None  # the doctor's own list does not repeat their name
    paid = api.post(f"/admin/invoices/{invoice['invoice_id']}/mark-paid", None, admin_token)
    assert paid.body["status"] == "paid"
    assert_error(
        api.post(f"/admin/invoices/{invoice['invoice_id']}/mark-paid", None, admin_token), 409, "INVOICE_NOT_OPEN"
    )

    # A month on: the next invoice, of the next year, starts that year's numbering.
    clock.current = datetime(2027, 1, 15, 10, 0, tzinfo=UTC)
    assert billing.run().renewed == ["2027-000001"]

    # Unpaid 14 days past its due date (due 14 days after issue): back to free, with a mail.
    clock.current += timedelta(days=28, hours=1)
    outcome = billing.run()
    token = signed_in(api)
    assert len(outcome.overdue) == 1
    mine = api.get("/doctors/me/subscription", token).body
    assert (mine["plan"]["code"], mine["status"], mine["trial_available"]) == ("free", "free", False)
    statuses = {i["number"]: i["status"] for i in api.get("/doctors/me/invoices", token).body["items"]}
    assert statuses["2027-000001"] == "overdue"
    assert statuses["2026-000001"] == "paid"
    assert mailer.to("approved@example.com", "plan-downgraded")

    # Choosing a paid plan again: no second trial, the paid month starts now with its invoice.
    again = choose(api, token, "pro")
    assert (again["status"], again["trial_available"]) == ("active", False)
    newest = api.get("/doctors/me/invoices", token).body["items"][0]
    assert (newest["number"], newest["status"]) == ("2027-000002", "open")


def test_an_upgrade_applies_at_once_and_a_downgrade_at_the_periods_end(
    api: Api, approved_doctor: dict[str, Any], admin_token: str, pro: dict[str, Any], clock: FakeClock
) -> None:
    token = approved_doctor["token"]
    api.post("/admin/plans", BASIC, admin_token)
    choose(api, token, "basic")
    assert choose(api, token, "pro")["plan"]["code"] == "pro"  # upgrade: at once

    later = choose(api, token, "basic")
    assert (later["plan"]["code"], later["pending_plan_code"]) == ("pro", "basic")

    clock.advance(days=14, minutes=1)
    billing.run()
    token = signed_in(api)
    mine = api.get("/doctors/me/subscription", token).body
    assert (mine["plan"]["code"], mine["pending_plan_code"], mine["status"]) == ("basic", None, "active")
    (invoice,) = api.get("/doctors/me/invoices", token).body["items"]
    assert invoice["price"]["amount"] == "9.50"


def test_a_doctor_over_max_appointment_types_gets_plan_limit_naming_the_limit(
    api: Api, approved_doctor: dict[str, Any], admin_token: str
) -> None:
    limits = {**PRO["entitlements"], "max_appointment_types": 1, "video_visits": False}
    assert api.patch("/admin/plans/free", {"entitlements": limits}, admin_token).status == 200
    token = approved_doctor["token"]
    existing = api.get("/doctors/me/appointment-types", token).body["items"]
    assert sum(1 for t in existing if t["active"]) <= 1

    if not existing:
        assert api.post("/doctors/me/appointment-types", TYPE, token).status == 201
    refused = api.post("/doctors/me/appointment-types", TYPE, token)

    assert_error(refused, 403, "PLAN_LIMIT")
    assert refused.body["error"]["details"][0]["field"] == "max_appointment_types"
    assert refused.body["error"]["details"][0]["plan"] == "free"


def test_a_video_type_needs_a_plan_with_video_visits(
    api: Api, approved_doctor: dict[str, Any], admin_token: str
) -> None:
    limits = {**PRO["entitlements"], "video_visits": False}
    api.patch("/admin/plans/free", {"entitlements": limits}, admin_token)

    refused = api.post("/doctors/me/appointment-types", {**TYPE, "mode": "video"}, approved_doctor["token"])

    assert_error(refused, 403, "PLAN_LIMIT")
    assert refused.body["error"]["details"][0]["field"] == "video_visits"


def test_plan_changes_are_audited_with_old_and_new_values(api: Api, admin_token: str) -> None:
    from chalicelib.models.audit import AuditEntry

    api.patch("/admin/plans/free", {"name": "Starter"}, admin_token)

    (entry,) = AuditEntry.query("plan#free")
    assert entry.action == "plan-changed"
    assert entry.detail.as_dict()["name"] == "Free -> Starter"


def test_the_invoice_pdf_downloads_for_its_doctor_only(
    api: Api, approved_doctor: dict[str, Any], pro: dict[str, Any], clock: FakeClock, patient_token: str
) -> None:
    choose(api, approved_doctor["token"], "pro")
    clock.advance(days=15)
    billing.run()
    token = signed_in(api)
    (invoice,) = api.get("/doctors/me/invoices", token).body["items"]

    response = api._client.http.request(
        "GET",
        f"/doctors/me/invoices/{invoice['invoice_id']}/invoice.pdf",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/pdf"},
    )

    assert response.status_code == 200
    assert response.body.startswith(b"%PDF")
    assert "2026-000001" in response.headers["Content-Disposition"]
    other = api.get(f"/doctors/me/invoices/{invoice['invoice_id']}", signed_in(api, "pat@example.com"))
    assert_error(other, 403, "FORBIDDEN_ROLE")


def test_invoice_numbers_have_no_gaps_under_concurrent_renewals(clock: FakeClock, aws: None, atomic_moto: None) -> None:
    plan = catalogue.ensure_free_plan()
    plan = Plan(catalogue="plans", code="pro", name="Pro", price_amount="29.00", price_currency="EUR", interval="month")
    plan.save()
    now = clock.now()
    doctors = [f"doctor-{n}" for n in range(12)]
    numbers: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(len(doctors))

    def renew(doctor_id: str) -> None:
        try:
            start.wait()
            numbers.append(str(invoices.issue(doctor_id, plan, now, now + timedelta(days=30), now=now).number))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=renew, args=(d,)) for d in doctors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(numbers) == [f"2026-{n:06d}" for n in range(1, len(doctors) + 1)]
    assert Invoice.get("counter#2026").last_number == len(doctors)
    # and once more for the same period: idempotent, no number taken
    with pytest.raises(invoices.InvoiceAlreadyIssued):
        invoices.issue(doctors[0], plan, now, now + timedelta(days=30), now=now)
    assert Invoice.get("counter#2026").last_number == len(doctors)


def test_a_doctors_analytics_need_a_plan_with_analytics(
    api: Api, approved_doctor: dict[str, Any], admin_token: str
) -> None:
    token = approved_doctor["token"]
    assert api.get("/doctors/me/analytics", token).status == 200
    api.patch("/admin/plans/free", {"entitlements": {**PRO["entitlements"], "analytics": False}}, admin_token)

    refused = api.get("/doctors/me/analytics", token)

    assert_error(refused, 403, "PLAN_LIMIT")
    assert refused.body["error"]["details"][0]["field"] == "analytics"
