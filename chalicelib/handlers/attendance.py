"""The page behind the 24-hour reminder's link. Unauthenticated: the signed token is the credential."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.attendance import MAX_TOKEN, AttendanceConfirm, AttendanceOut
from chalicelib.errors import Invalid
from chalicelib.handlers._http import api_route, parse_body, query
from chalicelib.services.booking import attendance as service

attendance = Blueprint(__name__)


@api_route(attendance, "/attendance", methods=["GET"], authorized=False)
def view_attendance() -> AttendanceOut:
    token = query(attendance.current_request, "token")
    if token is None or len(token) > MAX_TOKEN:
        raise Invalid("token is required: open the link from your reminder e-mail", code="INVALID_ATTENDANCE_LINK")
    return service.view(token)


@api_route(attendance, "/attendance", methods=["POST"], authorized=False)
def confirm_attendance() -> AttendanceOut:
    request: AttendanceConfirm = parse_body(attendance.current_request, AttendanceConfirm)
    return service.confirm(request.token)
