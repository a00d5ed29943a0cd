from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.phone import PhoneAdd, PhoneConfirm, PhoneOut, PhoneSettings
from chalicelib.handlers._http import api_route
from chalicelib.services.accounts import phone as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

phone = Blueprint(__name__)

PATH = "/me/phone"
PATIENTS = [Role.PATIENT]


@api_route(phone, PATH, methods=["GET"], roles=PATIENTS)
def get_phone(principal: Principal) -> PhoneOut:
    """Your number for SMS reminders: the confirmed one, one waiting for its code, and the reminders switch."""
    return service.settings(principal.user_id)


@api_route(
    phone,
    PATH,
    methods=["PUT"],
    roles=PATIENTS,
    status=202,
    body=PhoneAdd,
    errors={400: ["INVALID_PHONE"], 429: ["RATE_LIMITED"]},
)
def add_phone(principal: Principal, body: PhoneAdd) -> PhoneOut:
    """Sends a 6-digit code by SMS to the number (E.164), valid 10 minutes; a newer code replaces the older. The
    number counts once confirmed (`POST /me/phone/confirm`)."""
    return service.request_code(principal.user_id, body.phone)


@api_route(
    phone,
    f"{PATH}/confirm",
    methods=["POST"],
    roles=PATIENTS,
    body=PhoneConfirm,
    errors={409: ["NO_CODE_PENDING"], 422: ["CODE_INCORRECT", "CODE_EXPIRED"], 429: ["TOO_MANY_TRIES"]},
)
def confirm_phone(principal: Principal, body: PhoneConfirm) -> PhoneOut:
    """Confirms the number with the code of its SMS (5 tries)."""
    return service.confirm(principal.user_id, body.code)


@api_route(phone, PATH, methods=["PATCH"], roles=PATIENTS, body=PhoneSettings, errors={409: ["PHONE_NOT_CONFIRMED"]})
def patch_phone(principal: Principal, body: PhoneSettings) -> PhoneOut:
    """Switches SMS reminders (24 hours and 1 hour before) on or off; on needs a confirmed number."""
    return service.set_reminders(principal.user_id, body.sms_reminders)


@api_route(phone, PATH, methods=["DELETE"], roles=PATIENTS)
def delete_phone(principal: Principal) -> None:
    """Removes your number (and any code waiting); SMS reminders stop."""
    service.remove(principal.user_id)
