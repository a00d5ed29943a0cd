"""Disabling and enabling accounts (docs/architecture.md, "Revocation")."""

from __future__ import annotations

from chalicelib.contracts.accounts import AccountDisabledOut, UserOut
from chalicelib.errors import Invalid, RuleViolation
from chalicelib.observability import logger
from chalicelib.services.accounts import user_admin, users
from chalicelib.services.booking import appointments
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

REASONS = {
    Role.PATIENT: "the patient's account was closed",
    Role.DOCTOR: "the doctor is no longer available on DocSpot",
}


def disable(admin: Principal, user_id: str, cancel_appointments: bool | None) -> AccountDisabledOut:
    """Disables the account at once (its tokens and connections stop, a doctor leaves the directory), then cancels
    its future appointments: always a patient's; a doctor's if the admin chose to (``cancel_appointments`` is
    required for a doctor). Calling it again on a disabled account goes on cancelling what is left."""
    user = users.get_user(user_id)
    if user.role == Role.DOCTOR and cancel_appointments is None:
        raise Invalid(
            "choose whether the doctor's future appointments are cancelled or kept", field="cancel_appointments"
        )
    if user.role == Role.PATIENT and cancel_appointments is False:
        raise RuleViolation(
            "a disabled patient's future appointments are always cancelled", code="PATIENT_APPOINTMENTS_CANCELLED"
        )
    out = user_admin.set_status(admin, user_id, active=False)
    cancelled, left = 0, 0
    if user.role == Role.PATIENT:
        cancelled, left = appointments.cancel_upcoming(admin, patient_id=user_id, reason=REASONS[Role.PATIENT])
    elif user.role == Role.DOCTOR and cancel_appointments:
        cancelled, left = appointments.cancel_upcoming(admin, doctor_id=user_id, reason=REASONS[Role.DOCTOR])
    logger.info("account disabled", extra={"cancelled": cancelled, "left": left})
    return AccountDisabledOut(**out.model_dump(), cancelled_appointments=cancelled, appointments_left=left)


def enable(admin: Principal, user_id: str) -> UserOut:
    """Enables the account; a doctor suspended by the disable is approved again (their appointments stay as the
    disable left them)."""
    return user_admin.set_status(admin, user_id, active=True)
