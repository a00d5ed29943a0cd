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
    SlotRunOut,
    SlotRunRequest,
    SlotUpdate,
)
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route, caller, parse_body, query, query_int
from chalicelib.services.availability import slots as service
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import Role

availability = Blueprint(__name__)


@api_route(availability, "/doctors/{doctor_id}/slots", methods=["GET"], authorized=False)
def list_slots(doctor_id: str) -> SlotList:
    request = availability.current_request
    return service.list_slots(doctor_id, start=query(request, "from"), end=query(request, "to"))


@api_route(availability, "/slots/{slot_id}", methods=["GET"], authorized=False)
def get_slot(slot_id: str) -> SlotDetailOut:
    return service.one_slot(slot_id)


@api_route(availability, "/doctors/me/slots", methods=["POST"], status=201)
def publish_my_slots() -> SlotRunOut:
    doctor = require(caller(availability.current_request), Role.DOCTOR)
    return service.publish_run(doctor.user_id, parse_body(availability.current_request, SlotRunRequest))


@api_route(availability, "/admin/doctors/{doctor_id}/slots", methods=["POST"], status=201)
def admin_publish_slots(doctor_id: str) -> SlotRunOut:
    require(caller(availability.current_request), Role.ADMIN)
    return service.publish_run(doctor_id, parse_body(availability.current_request, SlotRunRequest))


@api_route(availability, "/doctors/me/slots/{slot_id}", methods=["PATCH"])
def update_my_slot(slot_id: str) -> SlotOut:
    doctor = require(caller(availability.current_request), Role.DOCTOR)
    change: SlotUpdate = parse_body(availability.current_request, SlotUpdate)
    return service.set_available(doctor.user_id, slot_id, change.available)


@api_route(availability, "/doctors/me/slots/{slot_id}", methods=["DELETE"])
def delete_my_slot(slot_id: str) -> None:
    doctor = require(caller(availability.current_request), Role.DOCTOR)
    service.delete_slot(doctor.user_id, slot_id)


@api_route(availability, "/doctors/me/availability-rules", methods=["POST"], status=201)
def create_my_rule() -> RuleCreated:
    doctor = require(caller(availability.current_request), Role.DOCTOR)
    return service.create_rule(doctor.user_id, parse_body(availability.current_request, RuleCreate))


@api_route(availability, "/doctors/me/availability-rules", methods=["GET"])
def list_my_rules() -> Page[RuleOut]:
    request = availability.current_request
    doctor = require(caller(request), Role.DOCTOR)
    return service.list_rules(doctor.user_id, limit=query_int(request, "limit"), cursor=query(request, "cursor"))


@api_route(availability, "/doctors/me/availability-rules/{rule_id}", methods=["DELETE"])
def delete_my_rule(rule_id: str) -> RuleRemoved:
    doctor = require(caller(availability.current_request), Role.DOCTOR)
    return service.delete_rule(doctor.user_id, rule_id)


def extend_slot_horizon(event: Any) -> None:
    """Daily (wired in app.py): every weekly rule's slots reach the rolling horizon. Safe to run late or twice."""
    service.extend_horizon()
