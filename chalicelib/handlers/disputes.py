"""Dispute routes (docs/api.md, "Disputes"): a party raises one on a finished appointment; admins resolve them."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.common import Page
from chalicelib.contracts.disputes import DisputeCreate, DisputeListQuery, DisputeOut, DisputeResolve
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.disputes import resolution
from chalicelib.vocabulary import Role

disputes = Blueprint(__name__)


@api_route(
    disputes,
    "/appointments/{appointment_id}/disputes",
    methods=["POST"],
    roles=[Role.PATIENT, Role.DOCTOR],
    status=201,
    body=DisputeCreate,
    errors={404: ["APPOINTMENT_NOT_FOUND"], 409: ["DISPUTE_OPEN", "TRY_AGAIN"], 422: ["APPOINTMENT_NOT_FINISHED"]},
)
def raise_dispute(appointment_id: str, principal: Principal, body: DisputeCreate) -> DisputeOut:
    """Disputes a finished appointment of yours (completed, no-show or cancelled): one open dispute at a time."""
    return resolution.raise_dispute(principal, appointment_id, body)


@api_route(
    disputes,
    "/admin/disputes",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=DisputeListQuery,
    errors={400: ["INVALID_CURSOR"]},
)
def dispute_queue(query: DisputeListQuery) -> Page[DisputeOut]:
    """Disputes of one status (`open` by default), oldest first."""
    return resolution.queue(query.status, limit=query.limit, cursor=query.cursor)


@api_route(
    disputes,
    "/admin/disputes/{dispute_id}/resolve",
    methods=["POST"],
    roles=[Role.ADMIN],
    body=DisputeResolve,
    errors={
        404: ["DISPUTE_NOT_FOUND", "APPOINTMENT_NOT_FOUND"],
        409: ["DISPUTE_RESOLVED", "STALE_APPOINTMENT", "TRY_AGAIN"],
        422: ["INVALID_CORRECTION"],
    },
)
def resolve_dispute(dispute_id: str, principal: Principal, body: DisputeResolve) -> DisputeOut:
    """Resolves a dispute with its outcome and, if decided, the appointment's corrected status (COMPLETED or
    NO_SHOW): the only way to change a finished appointment's status. Audited; both parties are notified."""
    return resolution.resolve(principal.user_id, dispute_id, body)
