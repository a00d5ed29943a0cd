"""Urgent requests to on-duty doctors, and the doctors' duty."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.common import Page
from chalicelib.contracts.urgent import DutyIn, DutyOut, EmergencyOut, UrgentQuery, UrgentRequestIn, UrgentRequestOut
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.urgent import duty, requests
from chalicelib.vocabulary import Role

urgent_requests = Blueprint(__name__)

MISSING = {404: ["URGENT_REQUEST_NOT_FOUND"]}


@api_route(urgent_requests, "/emergency-number", methods=["GET"], authorized=False)
def emergency_number() -> EmergencyOut:
    """The number to call in a life-threatening emergency (shown before anything else on urgent pages)."""
    return requests.emergency()


@api_route(urgent_requests, "/doctors/me/duty", methods=["GET"], roles=[Role.DOCTOR])
def my_duty(principal: Principal) -> DutyOut:
    """Whether you are on duty, and until when."""
    return duty.duty_of(principal)


@api_route(urgent_requests, "/doctors/me/duty", methods=["POST"], roles=[Role.DOCTOR], body=DutyIn)
def set_duty(principal: Principal, body: DutyIn) -> DutyOut:
    """Goes on duty until `until` (default 12 hours, at most 24 ahead; it ends by itself), or off duty."""
    return duty.set_duty(principal, body.on_duty, body.until)


@api_route(
    urgent_requests,
    "/urgent-requests",
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=UrgentRequestIn,
    errors={404: ["SPECIALTY_NOT_FOUND"]},
)
def create_request(principal: Principal, body: UrgentRequestIn) -> UrgentRequestOut:
    """Asks the doctors on duty (of `specialty_id` when given) for urgent help; the first to claim it answers.

    Not for a life-threatening emergency: call the `emergency_number` the answer carries."""
    return requests.create(principal, body)


@api_route(
    urgent_requests,
    "/urgent-requests",
    methods=["GET"],
    roles=[Role.DOCTOR],
    query=UrgentQuery,
    errors={400: ["INVALID_CURSOR"], 403: ["NOT_ON_DUTY"]},
)
def waiting_requests(principal: Principal, query: UrgentQuery) -> Page[UrgentRequestOut]:
    """The waiting urgent requests (`status=WAITING`), oldest first: of your specialty or of none. On duty only."""
    items, cursor = requests.queue(principal, limit=query.limit, cursor=query.cursor)
    return Page[UrgentRequestOut](items=items, next_cursor=cursor)


@api_route(urgent_requests, "/urgent-requests/{request_id}", methods=["GET"], errors=MISSING)
def get_request(request_id: str, principal: Principal) -> UrgentRequestOut:
    """An urgent request: for the patient who made it, the doctor who claimed it, admins (and doctors on duty
    while it waits)."""
    return requests.get(principal, request_id)


@api_route(
    urgent_requests,
    "/urgent-requests/{request_id}/claim",
    methods=["POST"],
    roles=[Role.DOCTOR],
    errors={**MISSING, 403: ["NOT_ON_DUTY"], 409: ["ALREADY_CLAIMED", "REQUEST_CLOSED"]},
)
def claim_request(request_id: str, principal: Principal) -> UrgentRequestOut:
    """Claims a waiting request: the first claim wins, every later one is 409 `ALREADY_CLAIMED`. Opens (or
    reuses) your conversation with the patient (`conversation_id`)."""
    return requests.claim(principal, request_id)


@api_route(
    urgent_requests,
    "/urgent-requests/{request_id}/cancel",
    methods=["POST"],
    roles=[Role.PATIENT],
    errors={**MISSING, 409: ["ALREADY_CLAIMED", "REQUEST_CLOSED"]},
)
def cancel_request(request_id: str, principal: Principal) -> UrgentRequestOut:
    """Cancels your request while it waits (or after it was escalated)."""
    return requests.cancel(principal, request_id)
