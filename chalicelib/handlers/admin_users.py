"""Accounts as admins govern them: the list by role, disable and enable."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route, caller, query, query_int
from chalicelib.services.accounts import user_admin
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import Role

admin_users = Blueprint(__name__)


@api_route(admin_users, "/admin/users", methods=["GET"])
def list_users() -> Page[UserOut]:
    request = admin_users.current_request
    require(caller(request), Role.ADMIN)
    return user_admin.list_users(
        role=query(request, "role") or Role.PATIENT,
        email=query(request, "email"),
        limit=query_int(request, "limit"),
        cursor=query(request, "cursor"),
    )


@api_route(admin_users, "/admin/users/{user_id}/disable", methods=["POST"])
def disable_user(user_id: str) -> UserOut:
    admin = require(caller(admin_users.current_request), Role.ADMIN)
    return user_admin.set_status(admin, user_id, active=False)


@api_route(admin_users, "/admin/users/{user_id}/enable", methods=["POST"])
def enable_user(user_id: str) -> UserOut:
    admin = require(caller(admin_users.current_request), Role.ADMIN)
    return user_admin.set_status(admin, user_id, active=True)
