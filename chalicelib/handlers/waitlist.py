from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.waitlist import WaitlistJoin, WaitlistOut, WaitlistPlace
from chalicelib.handlers._http import api_route, caller, parse_body
from chalicelib.services.core.authz import require
from chalicelib.services.waitlist import queue as service
from chalicelib.vocabulary import Role

waitlist = Blueprint(__name__)


@api_route(waitlist, "/doctors/{doctor_id}/waitlist", methods=["POST"], status=201)
def join(doctor_id: str) -> WaitlistOut:
    patient = require(caller(waitlist.current_request), Role.PATIENT)
    return service.join(patient, doctor_id, parse_body(waitlist.current_request, WaitlistJoin))


@api_route(waitlist, "/doctors/{doctor_id}/waitlist", methods=["GET"])
def mine(doctor_id: str) -> WaitlistPlace:
    return WaitlistPlace(service.mine(require(caller(waitlist.current_request), Role.PATIENT), doctor_id))


@api_route(waitlist, "/doctors/{doctor_id}/waitlist", methods=["DELETE"])
def leave(doctor_id: str) -> None:
    service.leave(require(caller(waitlist.current_request), Role.PATIENT), doctor_id)
