"""Accounts as admins govern them: the list by role, disable and enable."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.accounts import AccountDisable, AccountDisabledOut, UserListQuery, UserOut
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.accounts import user_admin
from chalicelib.services.core.authz import Principal
from chalicelib.services.governance import accounts as governance
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
    body=AccountDisable,
    errors={
        404: ["USER_NOT_FOUND"],
        409: ["STALE_USER", "TRY_AGAIN"],
        422: ["CANNOT_DISABLE_SELF", "PATIENT_APPOINTMENTS_CANCELLED"],
    },
)
def disable_user(user_id: str, principal: Principal, body: AccountDisable) -> AccountDisabledOut:
    """Disables an account at once: its tokens stop, its live connections close, a doctor leaves the directory.

    A patient's future appointments are cancelled; for a doctor the admin chooses (`cancel_appointments`). The
    patients of cancelled appointments are told in their feed and by mail, and the slots freed. An admin cannot
    disable their own account."""
    return governance.disable(principal, user_id, body.cancel_appointments)


@api_route(
    admin_users,
    "/admin/users/{user_id}/enable",
    methods=["POST"],
    roles=[Role.ADMIN],
    errors={404: ["USER_NOT_FOUND"], 409: ["STALE_USER", "TRY_AGAIN"]},
)
def enable_user(user_id: str, principal: Principal) -> UserOut:
    """Enables a disabled account again (a doctor suspended by the disable is listed again)."""
    return governance.enable(principal, user_id)
