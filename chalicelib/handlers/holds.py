from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.booking import HoldOut
from chalicelib.handlers._http import api_route
from chalicelib.services.booking import holds as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

holds = Blueprint(__name__)


@api_route(
    holds,
    "/slots/{slot_id}/lock",
    methods=["POST"],
    roles=[Role.PATIENT],
    errors={
        404: ["SLOT_NOT_FOUND"],
        409: ["SLOT_LOCKED", "SLOT_TAKEN", "SLOT_UNAVAILABLE", "DOCTOR_UNAVAILABLE", "TRY_AGAIN"],
    },
)
def lock_slot(slot_id: str, principal: Principal) -> HoldOut:
    """Holds a slot for 5 minutes (again on your own hold: extends it); a new hold releases your previous one."""
    return service.take(principal, slot_id)


@api_route(
    holds,
    "/slots/{slot_id}/lock",
    methods=["DELETE"],
    roles=[Role.PATIENT],
    errors={404: ["LOCK_NOT_FOUND", "SLOT_NOT_FOUND"]},
)
def unlock_slot(slot_id: str, principal: Principal) -> None:
    """Releases your hold."""
    service.release(principal, slot_id)
