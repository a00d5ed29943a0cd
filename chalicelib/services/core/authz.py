"""Who may do what: the one place roles and ownership are checked."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import Forbidden
from chalicelib.models.doctors import Doctor
from chalicelib.vocabulary import DoctorStatus, Role


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: Role


def require(principal: Principal, *roles: str, approved: bool = True) -> Principal:
    """Allows the principal if it has one of ``roles``; a doctor must also be APPROVED to act as a doctor, except
    where ``approved=False`` (their own application: the service decides what each status may do)."""
    if principal.role not in roles:
        raise Forbidden("your role may not do this", code="FORBIDDEN_ROLE")
    if principal.role == Role.DOCTOR and approved:
        require_approved_doctor(principal.user_id)
    return principal


def require_approved_doctor(doctor_id: str) -> None:
    """Read live (one GetItem) so that a suspension takes effect at once, whatever the token says."""
    try:
        status = Doctor.get(doctor_id, attributes_to_get=["status"]).status
    except Doctor.DoesNotExist:
        status = None
    if status != DoctorStatus.APPROVED:
        raise Forbidden("your doctor account is not approved", code="DOCTOR_NOT_APPROVED")


def require_self_or_admin(principal: Principal, owner_id: str) -> None:
    if principal.role != Role.ADMIN and principal.user_id != owner_id:
        raise Forbidden("this belongs to someone else", code="NOT_OWNER")
