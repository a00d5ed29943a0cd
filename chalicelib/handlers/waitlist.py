from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.waitlist import WaitlistJoin, WaitlistOut, WaitlistPlace
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.waitlist import queue as service
from chalicelib.vocabulary import Role

waitlist = Blueprint(__name__)

PATH = "/doctors/{doctor_id}/waitlist"


@api_route(
    waitlist,
    PATH,
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=WaitlistJoin,
    errors={404: ["DOCTOR_NOT_FOUND"], 409: ["ALREADY_WAITING"], 422: ["DATE_IN_PAST"]},
)
def join(doctor_id: str, principal: Principal, body: WaitlistJoin) -> WaitlistOut:
    """Joins the doctor's waitlist, for one day (`date`) or any; a freed slot is held for the first in line."""
    return service.join(principal, doctor_id, body)


@api_route(waitlist, PATH, methods=["GET"], roles=[Role.PATIENT])
def mine(doctor_id: str, principal: Principal) -> WaitlistPlace:
    """Your place on the doctor's waitlist, with the slot held for you while an offer is open; `null` when you are
    not waiting."""
    return WaitlistPlace(service.mine(principal, doctor_id))


@api_route(waitlist, PATH, methods=["DELETE"], roles=[Role.PATIENT], errors={404: ["NOT_WAITING"]})
def leave(doctor_id: str, principal: Principal) -> None:
    """Leaves the doctor's waitlist (and any open offer)."""
    service.leave(principal, doctor_id)
