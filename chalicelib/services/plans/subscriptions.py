"""A doctor's subscription: which plan, trial or paid period, and a downgrade waiting for the period's end.

- The first paid plan a doctor ever takes starts a 14-day trial (no invoice); ``trial_used`` keeps it the only one.
- Later paid plans from free start a paid period at once, with its invoice in the same transaction.
- An upgrade (a dearer plan per month) applies at once; the new price is invoiced from the next renewal.
- A downgrade (cheaper, or free) waits in ``pending_plan_code`` until ``period_end``; choosing the current plan
  again withdraws it. Nothing a doctor published is deleted: the lower limits only stop growth.

Every write is conditional on the ``version`` read, so two changes sent at once never both apply (409 TRY_AGAIN).
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.plans import SubscriptionOut
from chalicelib.errors import RuleViolation
from chalicelib.models.plans import DoctorSubscription, Plan
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.core.dynamo import ConcurrentChange, NamedTransaction, condition_failed
from chalicelib.services.plans import catalogue, invoices
from chalicelib.services.plans._periods import TRIAL, add_interval, day_of

TRIALING, ACTIVE, FREE_STATUS = "trialing", "active", "free"


def current(doctor_id: str, *, consistent: bool = False) -> DoctorSubscription | None:
    try:
        return DoctorSubscription.get(doctor_id, consistent_read=consistent)
    except DoesNotExist:
        return None


def subscription_out(doctor_id: str, item: DoctorSubscription | None = None) -> SubscriptionOut:
    item = item if item is not None else current(doctor_id)
    code = item.plan_code if item is not None else catalogue.FREE
    status = item.status if item is not None else FREE_STATUS
    return SubscriptionOut(
        plan=catalogue.plan_out(catalogue.get_plan(code)),
        status=status,  # type: ignore[arg-type]
        trial_ends_at=item.period_end if item is not None and status == TRIALING else None,
        current_period_end=item.period_end if item is not None and status != FREE_STATUS else None,
        pending_plan_code=item.pending_plan_code if item is not None else None,
        trial_available=item is None or not item.trial_used,
    )


def _unchanged(item: DoctorSubscription | None) -> Condition:
    if item is None:
        return DoctorSubscription.doctor_id.does_not_exist()
    return DoctorSubscription.version == int(item.version)


def _is_paid(item: DoctorSubscription | None) -> bool:
    return item is not None and item.status in (TRIALING, ACTIVE)


def change(doctor_id: str, plan_code: str) -> SubscriptionOut:
    target = catalogue.get_plan(plan_code)
    now = adapters().clock.now()
    item = current(doctor_id, consistent=True)
    current_code = item.plan_code if item is not None and _is_paid(item) else catalogue.FREE
    if plan_code != current_code and not target.active:
        raise RuleViolation("this plan takes no new subscriptions", code="PLAN_INACTIVE")
    if plan_code == current_code:
        if item is not None and item.pending_plan_code:
            _set(item, pending=None, now=now)  # keeps the plan: the waiting downgrade is withdrawn
    elif target.code == catalogue.FREE or (
        _is_paid(item) and catalogue.monthly_cents(target) < catalogue.monthly_cents(catalogue.get_plan(current_code))
    ):
        _set(item, pending=target.code, now=now)  # type: ignore[arg-type]  # _is_paid: an item
    elif _is_paid(item):
        _set(item, plan_code=target.code, pending=None, now=now)  # type: ignore[arg-type]
    elif item is None or not item.trial_used:
        _start_trial(doctor_id, target, item, now)
    else:
        _start_paid(doctor_id, target, item, now)
    audit.record(
        entity=f"doctor#{doctor_id}",
        actor=doctor_id,
        action="plan-chosen",
        detail={"plan": f"{current_code} -> {plan_code}"},
    )
    logger.info("plan chosen", extra={"doctor_id": doctor_id, "plan": plan_code})
    return subscription_out(doctor_id)


def _refused(exc: Exception) -> ConcurrentChange:
    return ConcurrentChange("your plan changed at the same moment; please try again")


def _set(item: DoctorSubscription, *, now: datetime, pending: str | None, plan_code: str | None = None) -> None:
    actions: list[Action] = [
        DoctorSubscription.version.set(int(item.version) + 1),
        DoctorSubscription.updated_at.set(now),
    ]
    actions.append(
        DoctorSubscription.pending_plan_code.set(pending) if pending else DoctorSubscription.pending_plan_code.remove()
    )
    if plan_code is not None:
        actions.append(DoctorSubscription.plan_code.set(plan_code))
    try:
        item.update(actions=actions, condition=DoctorSubscription.version == int(item.version))
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        raise _refused(exc) from exc


def _start_trial(doctor_id: str, plan: Plan, item: DoctorSubscription | None, now: datetime) -> None:
    end = now + TRIAL
    fresh = DoctorSubscription(
        doctor_id=doctor_id,
        plan_code=plan.code,
        status=TRIALING,
        period_start=now,
        period_end=end,
        renew_day=day_of(end),
        trial_used=True,
        version=int(item.version) + 1 if item is not None else 1,
        updated_at=now,
    )
    try:
        fresh.save(condition=_unchanged(item))
    except PutError as exc:
        if not condition_failed(exc):
            raise
        raise _refused(exc) from exc


def paid_period(doctor_id: str, plan: Plan, start: datetime, version: int, now: datetime) -> DoctorSubscription:
    end = add_interval(start, plan.interval)
    return DoctorSubscription(
        doctor_id=doctor_id,
        plan_code=plan.code,
        status=ACTIVE,
        period_start=start,
        period_end=end,
        renew_day=day_of(end),
        trial_used=True,
        version=version,
        updated_at=now,
    )


def _start_paid(doctor_id: str, plan: Plan, item: DoctorSubscription, now: datetime) -> None:
    fresh = paid_period(doctor_id, plan, now, int(item.version) + 1, now)

    def subscription_part(tx: NamedTransaction) -> None:
        tx.save(fresh, condition=_unchanged(item), part="subscription")

    try:
        invoices.issue(doctor_id, plan, now, fresh.period_end, now=now, extra=subscription_part)
    except (invoices.PartRefused, invoices.InvoiceAlreadyIssued) as exc:
        raise _refused(exc) from exc
