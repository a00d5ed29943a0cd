"""The billing schedule (daily, wired in app.py; safe to run late, twice or at once from two places):

1. renewals: every subscription whose period (trial or paid) has ended, found with one Query per day on the
   renewal-index over the last ``LOOKBACK`` days, starts its next period with the invoice for it (or falls back to
   free when a downgrade to free was waiting). The subscription's update is conditional on the version read and is
   part of the invoice's transaction, and the invoice's key is the doctor and the period: a second run finds the
   period issued and changes nothing.
2. overdue: every invoice still open ``OVERDUE_GRACE`` after its due date (one Query on the unpaid-index) is
   marked overdue and its doctor goes back to the free plan, in one transaction, and hears it by mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.models.plans import DoctorSubscription, Invoice
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.core import announce
from chalicelib.services.core.dynamo import NamedTransaction, condition_failed, transaction
from chalicelib.services.plans import catalogue, invoices
from chalicelib.services.plans._periods import OVERDUE_GRACE
from chalicelib.services.plans.subscriptions import FREE_STATUS, paid_period

LOOKBACK = timedelta(days=7)  # a schedule that stopped for up to a week catches up
MAX_PERIODS_PER_RUN = 12  # periods one subscription may catch up in one run


@dataclass
class BillingRun:
    renewed: list[str] = field(default_factory=list)  # invoice numbers issued
    to_free: list[str] = field(default_factory=list)  # doctors whose waiting downgrade to free took effect
    overdue: list[str] = field(default_factory=list)  # doctors downgraded for an unpaid invoice


def run(now: datetime | None = None) -> BillingRun:
    now = now or adapters().clock.now()
    outcome = BillingRun()
    day = (now - LOOKBACK).date()
    while day <= now.date():
        for item in DoctorSubscription.renewal_index.query(day.isoformat()):
            _renew(item, now, outcome)
        day += timedelta(days=1)
    for invoice in Invoice.unpaid_index.query(
        invoices.UNPAID_PARTITION, Invoice.due_at <= (now - OVERDUE_GRACE).isoformat()
    ):
        _downgrade_overdue(invoice, now, outcome)
    return outcome


def _renew(item: DoctorSubscription, now: datetime, outcome: BillingRun) -> None:
    for _ in range(MAX_PERIODS_PER_RUN):
        if item.period_end is None or item.period_end > now:
            return
        next_code = item.pending_plan_code or item.plan_code
        if next_code == catalogue.FREE:
            _to_free(item, now)
            outcome.to_free.append(item.doctor_id)
            return
        plan = catalogue.get_plan(next_code)
        fresh = paid_period(item.doctor_id, plan, item.period_end, int(item.version) + 1, now)

        def subscription_part(
            tx: NamedTransaction, read: DoctorSubscription = item, new: DoctorSubscription = fresh
        ) -> None:
            tx.save(new, condition=DoctorSubscription.version == int(read.version), part="subscription")

        try:
            invoice = invoices.issue(
                item.doctor_id, plan, item.period_end, fresh.period_end, now=now, extra=subscription_part
            )
        except (invoices.InvoiceAlreadyIssued, invoices.PartRefused):
            return  # another run renewed this period
        outcome.renewed.append(str(invoice.number))
        item = fresh


def _to_free(item: DoctorSubscription, now: datetime) -> None:
    try:
        item.update(
            actions=[
                DoctorSubscription.plan_code.set(catalogue.FREE),
                DoctorSubscription.status.set(FREE_STATUS),
                DoctorSubscription.period_start.remove(),
                DoctorSubscription.period_end.remove(),
                DoctorSubscription.renew_day.remove(),
                DoctorSubscription.pending_plan_code.remove(),
                DoctorSubscription.version.set(int(item.version) + 1),
                DoctorSubscription.updated_at.set(now),
            ],
            condition=DoctorSubscription.version == int(item.version),
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        return
    audit.record(
        entity=f"doctor#{item.doctor_id}", actor="billing", action="plan-downgraded", detail={"reason": "period-end"}
    )


def _downgrade_overdue(invoice: Invoice, now: datetime, outcome: BillingRun) -> None:
    """Marks the invoice overdue and puts its doctor on the free plan, both or neither."""
    doctor_id = str(invoice.doctor_id)
    free_actions = [
        DoctorSubscription.plan_code.set(catalogue.FREE),
        DoctorSubscription.status.set(FREE_STATUS),
        DoctorSubscription.period_start.remove(),
        DoctorSubscription.period_end.remove(),
        DoctorSubscription.renew_day.remove(),
        DoctorSubscription.pending_plan_code.remove(),
        DoctorSubscription.version.add(1),
        DoctorSubscription.updated_at.set(now),
    ]
    tx = transaction()
    try:
        with tx:
            tx.update(
                invoice,
                actions=[Invoice.status.set(invoices.OVERDUE), Invoice.unpaid.remove()],
                condition=Invoice.status == invoices.OPEN,
                part="invoice",
            )
            tx.update(
                DoctorSubscription(doctor_id=doctor_id),
                actions=free_actions,
                condition=DoctorSubscription.doctor_id.exists(),
                part="subscription",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("invoice"):
            return  # paid, or handled by another run, meanwhile
        raise
    audit.record(
        entity=f"doctor#{doctor_id}",
        actor="billing",
        action="plan-downgraded",
        detail={"reason": "invoice-overdue", "invoice": str(invoice.number)},
    )
    logger.info("downgraded for an overdue invoice", extra={"doctor_id": doctor_id})
    outcome.overdue.append(doctor_id)
    announce.announce(announce.PlanDowngraded(doctor_id=doctor_id, invoice_number=str(invoice.number)))
