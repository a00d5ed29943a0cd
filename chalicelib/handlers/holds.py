from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.booking import HoldOut
from chalicelib.handlers._http import api_route, caller
from chalicelib.services.booking import holds as service
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import Role

holds = Blueprint(__name__)


@api_route(holds, "/slots/{slot_id}/lock", methods=["POST"])
def lock_slot(slot_id: str) -> HoldOut:
    return service.take(require(caller(holds.current_request), Role.PATIENT), slot_id)


@api_route(holds, "/slots/{slot_id}/lock", methods=["DELETE"])
def unlock_slot(slot_id: str) -> None:
    service.release(require(caller(holds.current_request), Role.PATIENT), slot_id)
