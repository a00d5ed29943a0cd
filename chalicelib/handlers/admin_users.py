"""Accounts as admins govern them: the list by role, disable and enable."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import UserListQuery, UserOut
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.accounts import user_admin
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

admin_users = Blueprint(__name__)


@api_route(admin_users, "/admin/users", methods=["GET"], roles=[Role.ADMIN], query=UserListQuery)
def list_users(query: UserListQuery) -> Page[UserOut]:
    """Accounts of one role in e-mail order, paged; `email` narrows to addresses starting with it."""
    return user_admin.list_users(role=query.role, email=query.email, limit=query.limit, cursor=query.cursor)


@api_route(
    admin_users,
    "/admin/users/{user_id}/disable",
    methods=["POST"],
    roles=[Role.ADMIN],
    errors={404: ["USER_NOT_FOUND"], 409: ["STALE_USER"], 422: ["CANNOT_DISABLE_SELF"]},
)
def disable_user(user_id: str, principal: Principal) -> UserOut:
    """Disables an account and ends every session; an admin cannot disable their own."""
    return user_admin.set_status(principal, user_id, active=False)


@api_route(
    admin_users,
    "/admin/users/{user_id}/enable",
    methods=["POST"],
    roles=[Role.ADMIN],
    errors={404: ["USER_NOT_FOUND"], 409: ["STALE_USER"]},
)
def enable_user(user_id: str, principal: Principal) -> UserOut:
    """Enables a disabled account again."""
    return user_admin.set_status(principal, user_id, active=True)
