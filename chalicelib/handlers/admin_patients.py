"""Patient management routes (docs/api.md, "Patient management"): the admin's search and patient page."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Page
from chalicelib.contracts.patients import AdminPatientOut, PatientSearchQuery
from chalicelib.handlers._http import api_route
from chalicelib.services.patients import directory
from chalicelib.vocabulary import Role

admin_patients = Blueprint(__name__)


@api_route(
    admin_patients,
    "/admin/patients",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=PatientSearchQuery,
    errors={400: ["INVALID_CURSOR"]},
)
def search_patients(query: PatientSearchQuery) -> Page[UserOut]:
    """Patients whose name, or e-mail address (`q` with `@`), starts with `q`; paged, in name (or address) order."""
    return directory.search(query.q, limit=query.limit, cursor=query.cursor)


@api_route(
    admin_patients,
    "/admin/patients/{patient_id}",
    methods=["GET"],
    roles=[Role.ADMIN],
    errors={404: ["USER_NOT_FOUND", "PATIENT_NOT_FOUND"]},
)
def patient_page(patient_id: str) -> AdminPatientOut:
    """A patient's profile, latest appointments (no health data) and disputes; never the medical record."""
    return directory.detail(patient_id)
