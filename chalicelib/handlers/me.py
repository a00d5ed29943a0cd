from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import ProfileUpdate, UserOut
from chalicelib.handlers._http import api_route, caller, parse_body
from chalicelib.services.accounts import users

me = Blueprint(__name__)


@api_route(me, "/me", methods=["GET"])
def get_me() -> UserOut:
    return users.profile(caller(me.current_request).user_id)


@api_route(me, "/me", methods=["PATCH"])
def patch_me() -> UserOut:
    changes: ProfileUpdate = parse_body(me.current_request, ProfileUpdate)
    return users.update_profile(caller(me.current_request).user_id, changes)
