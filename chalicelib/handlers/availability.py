"""Availability routes (docs/api.md, "Availability and booking"): slots, weekly rules, and the daily horizon job."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.contracts.availability import (
    RuleCreate,
    RuleCreated,
    RuleOut,
    RuleRemoved,
    SlotDetailOut,
    SlotList,
    SlotOut,
    SlotRangeQuery,
    SlotRunOut,
    SlotRunRequest,
    SlotUpdate,
)
from chalicelib.contracts.common import Page, Paging
from chalicelib.handlers._http import api_route
from chalicelib.services.availability import horizon
from chalicelib.services.availability import slots as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

availability = Blueprint(__name__)

RUN_REFUSALS = {
    422: ["RUN_IN_PAST", "TOO_FAR_AHEAD", "NO_SLOT_FITS", "TIME_DOES_NOT_EXIST", "APPOINTMENT_TYPE_INACTIVE"],
    409: ["TRY_AGAIN"],
    404: ["APPOINTMENT_TYPE_NOT_FOUND"],
}


@api_route(
    availability,
    "/doctors/{doctor_id}/slots",
    methods=["GET"],
    authorized=False,
    query=SlotRangeQuery,
    errors={400: ["INVALID_RANGE", "RANGE_TOO_LONG"], 404: ["DOCTOR_NOT_FOUND"]},
)
def list_slots(doctor_id: str, query: SlotRangeQuery) -> SlotList:
    """An approved doctor's slots starting in [from, to) with their states (and types); never who holds or booked
    them."""
    return service.list_slots(doctor_id, start=query.start, end=query.to, appointment_type_id=query.appointment_type_id)


@api_route(
    availability,
    "/slots/{slot_id}",
    methods=["GET"],
    authorized=False,
    errors={404: ["SLOT_NOT_FOUND", "DOCTOR_NOT_FOUND"]},
)
def get_slot(slot_id: str) -> SlotDetailOut:
    """One slot with its state, its doctor and the doctor's time zone (what a booking link opens)."""
    return service.one_slot(slot_id)


@api_route(
    availability,
    "/doctors/me/slots",
    methods=["POST"],
    roles=[Role.DOCTOR],
    status=201,
    body=SlotRunRequest,
    errors=RUN_REFUSALS,
)
def publish_my_slots(principal: Principal, body: SlotRunRequest) -> SlotRunOut:
    """Publishes a run of slots on one day of your calendar; those overlapping existing slots are skipped."""
    return service.publish_run(principal.user_id, body)


@api_route(
    availability,
    "/admin/doctors/{doctor_id}/slots",
    methods=["POST"],
    roles=[Role.ADMIN],
    status=201,
    body=SlotRunRequest,
    errors={
        **RUN_REFUSALS,
        404: ["DOCTOR_NOT_FOUND", "APPOINTMENT_TYPE_NOT_FOUND"],
        422: [*RUN_REFUSALS[422], "DOCTOR_NOT_APPROVED"],
    },
)
def admin_publish_slots(doctor_id: str, body: SlotRunRequest) -> SlotRunOut:
    """Publishes a run of slots for any approved doctor."""
    return service.publish_run(doctor_id, body)


@api_route(
    availability,
    "/doctors/me/slots/{slot_id}",
    methods=["PATCH"],
    roles=[Role.DOCTOR],
    body=SlotUpdate,
    errors={404: ["SLOT_NOT_FOUND"], 409: ["SLOT_TAKEN", "TRY_AGAIN"]},
)
def update_my_slot(slot_id: str, principal: Principal, body: SlotUpdate) -> SlotOut:
    """Blocks (`available: false`) or unblocks a slot; a booked slot cannot be blocked."""
    return service.set_available(principal.user_id, slot_id, body.available)


@api_route(
    availability,
    "/doctors/me/slots/{slot_id}",
    methods=["DELETE"],
    roles=[Role.DOCTOR],
    errors={404: ["SLOT_NOT_FOUND"], 409: ["SLOT_TAKEN", "SLOT_LOCKED", "TRY_AGAIN"]},
)
def delete_my_slot(slot_id: str, principal: Principal) -> None:
    """Removes a slot nobody booked or holds."""
    service.delete_slot(principal.user_id, slot_id)


@api_route(
    availability,
    "/doctors/me/availability-rules",
    methods=["POST"],
    roles=[Role.DOCTOR],
    status=201,
    body=RuleCreate,
    errors={
        422: ["RULE_IN_PAST", "NO_SLOT_FITS", "TIME_DOES_NOT_EXIST", "APPOINTMENT_TYPE_INACTIVE"],
        409: ["RULE_OVERLAPS", "TRY_AGAIN"],
        404: ["APPOINTMENT_TYPE_NOT_FOUND"],
        403: ["PLAN_LIMIT"],
    },
)
def create_my_rule(principal: Principal, body: RuleCreate) -> RuleCreated:
    """Weekly hours: slots are generated over a rolling 8-week horizon, extended daily."""
    return service.create_rule(principal.user_id, body)


@api_route(
    availability,
    "/doctors/me/availability-rules",
    methods=["GET"],
    roles=[Role.DOCTOR],
    query=Paging,
    errors={400: ["INVALID_CURSOR"]},
)
def list_my_rules(principal: Principal, query: Paging) -> Page[RuleOut]:
    """Your weekly rules."""
    return service.list_rules(principal.user_id, limit=query.limit, cursor=query.cursor)


@api_route(
    availability,
    "/doctors/me/availability-rules/{rule_id}",
    methods=["DELETE"],
    roles=[Role.DOCTOR],
    errors={404: ["RULE_NOT_FOUND"], 409: ["TRY_AGAIN"]},
)
def delete_my_rule(rule_id: str, principal: Principal) -> RuleRemoved:
    """Removes a weekly rule and its future slots nobody booked."""
    return service.delete_rule(principal.user_id, rule_id)


def extend_slot_horizon(event: Any) -> None:
    """Daily (wired in app.py): one message per batch of doctors whose weekly rules are short of the rolling horizon
    goes to the horizon queue, whose consumer extends them (handlers/queues.py). Safe to run late or twice."""
    horizon.enqueue()
