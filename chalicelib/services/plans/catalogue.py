"""The plan catalogue: admins add and change plans; everyone reads them. The free plan exists by default: it is
written on first need (conditional put, so two first readers write it once) with ``FREE_DEFAULTS``."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.appointment_types import PriceOut
from chalicelib.contracts.clinics import MAX_CLINICS_PER_DOCTOR
from chalicelib.contracts.plans import EntitlementsOut, PlanCreate, PlanOut, PlanUpdate
from chalicelib.errors import Conflict, NotFound
from chalicelib.models.plans import Plan
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.core.dynamo import condition_failed

FREE = "free"
PARTITION = "plans"
MAX_PLANS = 50
# What a doctor may do without paying: today's limits of the code (20 types, video allowed, 10 clinics, their own
# analytics) so that nothing a doctor did before plans existed is refused; an admin tightens them with
# PATCH /admin/plans/free.
FREE_DEFAULTS: dict[str, Any] = {
    "name": "Free",
    "price_amount": "0.00",
    "price_currency": "EUR",
    "interval": "month",
    "max_appointment_types": 20,
    "max_clinics": MAX_CLINICS_PER_DOCTOR,
    "video_visits": True,
    "analytics": True,
    "max_weekly_rules": 50,
}


def plan_out(item: Plan) -> PlanOut:
    return PlanOut(
        code=item.code,
        name=item.name,
        price=PriceOut(amount=item.price_amount, currency=item.price_currency),
        interval=item.interval,  # type: ignore[arg-type]
        entitlements=EntitlementsOut(
            max_appointment_types=int(item.max_appointment_types),
            max_clinics=int(item.max_clinics),
            video_visits=bool(item.video_visits),
            analytics=bool(item.analytics),
            max_weekly_rules=int(item.max_weekly_rules),
        ),
        active=bool(item.active),
    )


def ensure_free_plan() -> Plan:
    """The free plan, written now if it never was (idempotent: a second writer's condition fails, it reads)."""
    now = adapters().clock.now()
    item = Plan(catalogue=PARTITION, code=FREE, active=True, created_at=now, updated_at=now, **FREE_DEFAULTS)
    try:
        item.save(condition=Plan.code.does_not_exist())
        logger.info("free plan created")
        return item
    except PutError as exc:
        if not condition_failed(exc):
            raise
    return Plan.get(PARTITION, FREE, consistent_read=True)


def get_plan(code: str) -> Plan:
    try:
        return Plan.get(PARTITION, code)
    except DoesNotExist as exc:
        if code == FREE:
            return ensure_free_plan()
        raise NotFound("no such plan", code="PLAN_NOT_FOUND") from exc


def list_plans(*, include_inactive: bool = False) -> list[PlanOut]:
    """Every plan, cheapest first (one Query on the catalogue's partition); the free plan is always there."""
    items = list(Plan.query(PARTITION, limit=MAX_PLANS))
    if not any(item.code == FREE for item in items):
        items.append(ensure_free_plan())
    items.sort(key=lambda item: (monthly_cents(item), item.code))
    return [plan_out(item) for item in items if include_inactive or item.active]


def monthly_cents(item: Plan) -> int:
    """The plan's price per month in minor units, to tell an upgrade from a downgrade (same currency assumed)."""
    from decimal import Decimal

    amount = Decimal(item.price_amount) * 100
    return int(amount / 12) if item.interval == "year" else int(amount)


def create_plan(admin_id: str, request: PlanCreate) -> PlanOut:
    if request.code == FREE:
        ensure_free_plan()
        raise Conflict("the free plan exists; change it with PATCH /admin/plans/free", code="PLAN_EXISTS")
    now = adapters().clock.now()
    limits = request.entitlements
    item = Plan(
        catalogue=PARTITION,
        code=request.code,
        name=request.name,
        price_amount=request.price.normalised(),
        price_currency=request.price.currency,
        interval=request.interval,
        max_appointment_types=limits.max_appointment_types,
        max_clinics=limits.max_clinics,
        video_visits=limits.video_visits,
        analytics=limits.analytics,
        max_weekly_rules=limits.max_weekly_rules,
        active=True,
        created_at=now,
        updated_at=now,
    )
    try:
        item.save(condition=Plan.code.does_not_exist())
    except PutError as exc:
        if not condition_failed(exc):
            raise
        raise Conflict(f"a plan {request.code!r} exists", code="PLAN_EXISTS") from exc
    audit.record(
        entity=f"plan#{item.code}",
        actor=admin_id,
        action="plan-created",
        detail={"price": f"{item.price_amount} {item.price_currency}", "interval": item.interval},
    )
    return plan_out(item)


def update_plan(admin_id: str, code: str, request: PlanUpdate) -> PlanOut:
    before = get_plan(code)  # writes the free plan first if it is the one changed
    fields = request.model_dump(exclude_unset=True, exclude_none=True)
    actions: list[Action] = [Plan.updated_at.set(adapters().clock.now())]
    detail: dict[str, str] = {}
    if "name" in fields:
        actions.append(Plan.name.set(request.name))
        detail["name"] = f"{before.name} -> {request.name}"
    if "price" in fields:
        actions += [Plan.price_amount.set(request.price.normalised()), Plan.price_currency.set(request.price.currency)]
        detail["price"] = (
            f"{before.price_amount} {before.price_currency} -> {request.price.normalised()} {request.price.currency}"
        )
    if "interval" in fields:
        actions.append(Plan.interval.set(request.interval))
        detail["interval"] = f"{before.interval} -> {request.interval}"
    if "entitlements" in fields:
        for name, value in request.entitlements.model_dump().items():
            actions.append(getattr(Plan, name).set(value))
            old = getattr(before, name)
            old_text = str(bool(old)).lower() if isinstance(value, bool) else str(int(old))
            new_text = str(value).lower() if isinstance(value, bool) else str(value)
            if old_text != new_text:
                detail[name] = f"{old_text} -> {new_text}"
    if "active" in fields:
        if code == FREE and not request.active:
            raise Conflict("the free plan stays active", code="PLAN_IS_FREE")
        actions.append(Plan.active.set(request.active))
        detail["active"] = f"{bool(before.active)} -> {request.active}".lower()
    item = Plan(catalogue=PARTITION, code=code)
    try:
        item.update(actions=actions, condition=Plan.code.exists())
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        raise NotFound("no such plan", code="PLAN_NOT_FOUND") from exc
    audit.record(entity=f"plan#{code}", actor=admin_id, action="plan-changed", detail=detail)
    return plan_out(item)
