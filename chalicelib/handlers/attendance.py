"""The page behind the 24-hour reminder's link. Unauthenticated: the signed token is the credential."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.attendance import AttendanceConfirm, AttendanceOut, AttendanceQuery
from chalicelib.handlers._http import api_route
from chalicelib.services.booking import attendance as service
from chalicelib.services.core.limits import Limit

attendance = Blueprint(__name__)

# The link's token is the credential: a client may not try tokens at speed.
PER_CLIENT = Limit("attendance-ip", 60, 3600)

REFUSALS = {
    400: ["INVALID_ATTENDANCE_LINK"],
    409: ["ATTENDANCE_LINK_OUTDATED", "APPOINTMENT_CANCELLED"],
    422: ["ATTENDANCE_LINK_EXPIRED", "ATTENDANCE_CLOSED"],
}


@api_route(
    attendance,
    "/attendance",
    methods=["GET"],
    authorized=False,
    query=AttendanceQuery,
    errors=REFUSALS,
    limit=PER_CLIENT,
)
def view_attendance(query: AttendanceQuery) -> AttendanceOut:
    """What a reminder's attendance link is about; confirms nothing (a mail scanner may fetch it)."""
    return service.view(query.token)


@api_route(
    attendance,
    "/attendance",
    methods=["POST"],
    authorized=False,
    body=AttendanceConfirm,
    limit=PER_CLIENT,
    errors={**REFUSALS, 409: [*REFUSALS[409], "TRY_AGAIN"]},
)
def confirm_attendance(body: AttendanceConfirm) -> AttendanceOut:
    """Confirms the patient will attend; again answers the first confirmation."""
    return service.confirm(body.token)
