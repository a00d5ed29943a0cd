from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import ProfileUpdate, UserOut
from chalicelib.handlers._http import api_route
from chalicelib.services.accounts import users
from chalicelib.services.core.authz import Principal

me = Blueprint(__name__)


@api_route(me, "/me", methods=["GET"], errors={404: ["USER_NOT_FOUND"]})
def get_me(principal: Principal) -> UserOut:
    """Your own profile (a doctor's with `doctor_status`), with your mail preferences."""
    return users.profile(principal.user_id)


@api_route(
    me, "/me", methods=["PATCH"], body=ProfileUpdate, errors={400: ["FIELD_NOT_ALLOWED"], 404: ["USER_NOT_FOUND"]}
)
def patch_me(principal: Principal, body: ProfileUpdate) -> UserOut:
    """Changes any of your name, phone, date of birth (patients), time zone and mail preferences."""
    return users.update_profile(principal.user_id, body)
