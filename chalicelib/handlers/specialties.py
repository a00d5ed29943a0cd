from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.contracts.catalogue import SpecialtyCreate, SpecialtyOut, SpecialtyUpdate
from chalicelib.handlers._http import api_route, caller, parse_body
from chalicelib.services.catalogue import specialties as service
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import Role

specialties = Blueprint(__name__)


@api_route(specialties, "/specialties", methods=["GET"], authorized=False)
def list_specialties() -> dict[str, Any]:
    items = service.list_specialties()
    return {"items": [s.model_dump(mode="json") for s in items], "next_cursor": None}


@api_route(specialties, "/admin/specialties", methods=["GET"])
def admin_list_specialties() -> dict[str, Any]:
    require(caller(specialties.current_request), Role.ADMIN)
    items = service.list_specialties(include_inactive=True)
    return {"items": [s.model_dump(mode="json") for s in items], "next_cursor": None}


@api_route(specialties, "/admin/specialties", methods=["POST"], status=201)
def create_specialty() -> SpecialtyOut:
    admin = require(caller(specialties.current_request), Role.ADMIN)
    return service.create(admin, parse_body(specialties.current_request, SpecialtyCreate))


@api_route(specialties, "/admin/specialties/{specialty_id}", methods=["PATCH"])
def update_specialty(specialty_id: str) -> SpecialtyOut:
    admin = require(caller(specialties.current_request), Role.ADMIN)
    return service.update(admin, specialty_id, parse_body(specialties.current_request, SpecialtyUpdate))
