"""Plan routes (docs/api.md, "Plans, subscriptions and invoices"): the public plan list, the admins' catalogue and
invoices, a doctor's subscription and invoices with their PDF."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.common import Page, Paging
from chalicelib.contracts.plans import InvoiceOut, PlanCreate, PlanOut, PlanUpdate, SubscriptionChange, SubscriptionOut
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.plans import catalogue, invoices, subscriptions
from chalicelib.vocabulary import Role

plans = Blueprint(__name__)


@api_route(plans, "/plans", methods=["GET"], authorized=False)
def list_plans() -> Page[PlanOut]:
    """The plans doctors may choose, cheapest first; the free plan is always one of them."""
    return Page[PlanOut](items=catalogue.list_plans())


@api_route(plans, "/admin/plans", methods=["GET"], roles=[Role.ADMIN])
def list_all_plans() -> Page[PlanOut]:
    """Every plan, closed ones (`active: false`) too, cheapest first."""
    return Page[PlanOut](items=catalogue.list_plans(include_inactive=True))


@api_route(
    plans,
    "/admin/plans",
    methods=["POST"],
    roles=[Role.ADMIN],
    status=201,
    body=PlanCreate,
    errors={409: ["PLAN_EXISTS"]},
)
def create_plan(principal: Principal, body: PlanCreate) -> PlanOut:
    """Adds a plan: its price (a decimal string with an ISO 4217 code), interval and entitlements. Audited."""
    return catalogue.create_plan(principal.user_id, body)


@api_route(
    plans,
    "/admin/plans/{code}",
    methods=["PATCH"],
    roles=[Role.ADMIN],
    body=PlanUpdate,
    errors={404: ["PLAN_NOT_FOUND"], 409: ["PLAN_IS_FREE"]},
)
def update_plan(code: str, principal: Principal, body: PlanUpdate) -> PlanOut:
    """Changes a plan's name, price, interval or entitlements, or stops new subscriptions (`active: false`).

    Entitlements apply to every subscriber at once; a new price from each subscriber's next renewal. Audited
    with the old and new values."""
    return catalogue.update_plan(principal.user_id, code, body)


@api_route(plans, "/doctors/me/subscription", methods=["GET"], roles=[Role.DOCTOR])
def my_subscription(principal: Principal) -> SubscriptionOut:
    """Your plan, its trial or period, and a downgrade waiting for the period's end."""
    return subscriptions.subscription_out(principal.user_id)


@api_route(
    plans,
    "/doctors/me/subscription",
    methods=["POST"],
    roles=[Role.DOCTOR],
    body=SubscriptionChange,
    errors={404: ["PLAN_NOT_FOUND"], 409: ["TRY_AGAIN"], 422: ["PLAN_INACTIVE"]},
)
def change_my_plan(principal: Principal, body: SubscriptionChange) -> SubscriptionOut:
    """Changes your plan: the first paid plan starts a 14-day trial; an upgrade applies at once, a downgrade at the
    period's end (nothing you published is removed)."""
    return subscriptions.change(principal.user_id, body.plan_code)


@api_route(
    plans, "/doctors/me/invoices", methods=["GET"], roles=[Role.DOCTOR], query=Paging, errors={400: ["INVALID_CURSOR"]}
)
def my_invoices(principal: Principal, query: Paging) -> Page[InvoiceOut]:
    """Your invoices, newest first."""
    return invoices.mine(principal.user_id, limit=query.limit, cursor=query.cursor)


@api_route(
    plans,
    "/doctors/me/invoices/{invoice_id}",
    methods=["GET"],
    roles=[Role.DOCTOR],
    errors={404: ["INVOICE_NOT_FOUND"]},
)
def my_invoice(invoice_id: str, principal: Principal) -> InvoiceOut:
    """One of your invoices."""
    return invoices.one(principal.user_id, invoice_id)


@api_route(
    plans,
    "/doctors/me/invoices/{invoice_id}/invoice.pdf",
    methods=["GET"],
    roles=[Role.DOCTOR],
    response=bytes,
    media_type="application/pdf",
    errors={404: ["INVOICE_NOT_FOUND"]},
)
def my_invoice_pdf(invoice_id: str, principal: Principal) -> Response:
    """One of your invoices as a PDF (send `Accept: application/pdf`)."""
    number, body = invoices.pdf(principal.user_id, invoice_id)
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="docspot-invoice-{number}.pdf"',
        },
    )


@api_route(
    plans, "/admin/invoices", methods=["GET"], roles=[Role.ADMIN], query=Paging, errors={400: ["INVALID_CURSOR"]}
)
def open_invoices(query: Paging) -> Page[InvoiceOut]:
    """Invoices waiting for payment, the longest due first."""
    return invoices.admin_list(limit=query.limit, cursor=query.cursor)


@api_route(
    plans,
    "/admin/invoices/{invoice_id}/mark-paid",
    methods=["POST"],
    roles=[Role.ADMIN],
    errors={404: ["INVOICE_NOT_FOUND"], 409: ["INVOICE_NOT_OPEN"]},
)
def mark_invoice_paid(invoice_id: str, principal: Principal) -> InvoiceOut:
    """Records a payment that arrived outside DocSpot (the manual payment provider). Audited."""
    return invoices.mark_paid(principal.user_id, invoice_id)


def run_billing(event: object) -> None:
    """Daily (wired in app.py): renewals, then invoices overdue past their grace. Safe to run late or twice."""
    from chalicelib.services.plans import billing

    billing.run()
