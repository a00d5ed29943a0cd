"""What a doctor's plan lets them do, asked where it bites: creating or reactivating an appointment type
(``max_appointment_types``), a video type (``video_visits``), a weekly rule (``max_weekly_rules``), their clinics
(``max_clinics``) and their analytics (``analytics``). Beyond a limit: 403 ``PLAN_LIMIT`` naming the limit, the
plan, and what it allows. Nothing already there is taken away: the limit only stops growth."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import Forbidden
from chalicelib.models.plans import DoctorSubscription, Plan
from chalicelib.services.plans import catalogue

COUNTED = ("max_appointment_types", "max_clinics", "max_weekly_rules")
SWITCHED = ("video_visits", "analytics")


class PlanLimit(Forbidden):
    code = "PLAN_LIMIT"

    def __init__(self, limit: str, plan: Plan, allowed: str) -> None:
        super().__init__(f"your plan {plan.name} allows {allowed} for {limit}; upgrade at /doctor/plan")
        self.details = [
            {"field": limit, "message": f"the {plan.code} plan allows {allowed}", "plan": plan.code, "allowed": allowed}
        ]


@dataclass(frozen=True)
class Entitled:
    plan: Plan


def plan_of(doctor_id: str) -> Plan:
    """The plan whose entitlements apply now: the subscribed (or trialled) one; free without a subscription."""
    try:
        subscription = DoctorSubscription.get(doctor_id, attributes_to_get=["plan_code"])
        code = subscription.plan_code
    except DoctorSubscription.DoesNotExist:
        code = catalogue.FREE
    return catalogue.get_plan(code)


def require(doctor_id: str, feature: str) -> None:
    """403 PLAN_LIMIT unless the doctor's plan includes ``feature`` (``video_visits``, ``analytics``)."""
    if feature not in SWITCHED:
        raise ValueError(f"unknown feature {feature!r}")
    plan = plan_of(doctor_id)
    if not bool(getattr(plan, feature)):
        raise PlanLimit(feature, plan, "false")


def require_count(doctor_id: str, limit: str, after: int) -> None:
    """403 PLAN_LIMIT if the doctor would have ``after`` of what ``limit`` counts, beyond the plan's number."""
    if limit not in COUNTED:
        raise ValueError(f"unknown limit {limit!r}")
    plan = plan_of(doctor_id)
    allowed = int(getattr(plan, limit))
    if after > allowed:
        raise PlanLimit(limit, plan, str(allowed))
