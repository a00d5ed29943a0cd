from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.catalogue import SpecialtyCreate, SpecialtyOut, SpecialtyUpdate
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.catalogue import specialties as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

specialties = Blueprint(__name__)


@api_route(specialties, "/specialties", methods=["GET"], authorized=False)
def list_specialties() -> Page[SpecialtyOut]:
    """Active specialties, by name (one page holds them all)."""
    return Page[SpecialtyOut](items=service.list_specialties())


@api_route(specialties, "/admin/specialties", methods=["GET"], roles=[Role.ADMIN])
def admin_list_specialties() -> Page[SpecialtyOut]:
    """Every specialty, inactive ones too."""
    return Page[SpecialtyOut](items=service.list_specialties(include_inactive=True))


@api_route(
    specialties,
    "/admin/specialties",
    methods=["POST"],
    roles=[Role.ADMIN],
    status=201,
    body=SpecialtyCreate,
    errors={409: ["SPECIALTY_NAME_TAKEN"]},
)
def create_specialty(principal: Principal, body: SpecialtyCreate) -> SpecialtyOut:
    """Adds a specialty; names are unique ignoring case and spacing."""
    return service.create(principal, body)


@api_route(
    specialties,
    "/admin/specialties/{specialty_id}",
    methods=["PATCH"],
    roles=[Role.ADMIN],
    body=SpecialtyUpdate,
    errors={404: ["SPECIALTY_NOT_FOUND"], 409: ["SPECIALTY_NAME_TAKEN", "TRY_AGAIN"]},
)
def update_specialty(specialty_id: str, principal: Principal, body: SpecialtyUpdate) -> SpecialtyOut:
    """Renames, describes, deactivates or reactivates a specialty."""
    return service.update(principal, specialty_id, body)
