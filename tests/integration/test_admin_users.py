"""Admins list accounts by role and disable or enable them; a disabled account cannot sign in or refresh."""

from __future__ import annotations

from typing import Any

from tests.support.accounts import PASSWORD, login, register_patient
from tests.support.api import Api, assert_error


def patient_id(api: Api, token: str) -> str:
    return str(api.get("/me", token=token).body["user_id"])


def test_an_admin_lists_patients_in_email_order_and_pages(api: Api, admin_token: str):
    for name in ("carla", "alba", "bea"):
        register_patient(api, email=f"{name}@example.com", name=name.title())
    first = api.get("/admin/users?role=patient&limit=2", token=admin_token)
    assert first.status == 200, first.body
    assert [u["email"] for u in first.body["items"]] == ["alba@example.com", "bea@example.com"]
    rest = api.get(f"/admin/users?role=patient&limit=2&cursor={first.body['next_cursor']}", token=admin_token)
    assert [u["email"] for u in rest.body["items"]] == ["carla@example.com"]
    assert all("password_hash" not in u for u in first.body["items"])


def test_an_email_prefix_narrows_the_list(api: Api, admin_token: str):
    register_patient(api, email="alba@example.com", name="Alba")
    register_patient(api, email="bea@example.com", name="Bea")
    reply = api.get("/admin/users?role=patient&email=BE", token=admin_token)
    assert [u["email"] for u in reply.body["items"]] == ["bea@example.com"]


def test_only_admins_see_accounts(api: Api, patient_token: str):
    assert_error(api.get("/admin/users", token=patient_token), 403)
    assert_error(api.get("/admin/users"), 401)


def test_an_unknown_role_or_a_bad_cursor_is_a_clear_400(api: Api, admin_token: str):
    reply = api.get("/admin/users?role=robot", token=admin_token)
    assert_error(reply, 400, "VALIDATION_ERROR")
    assert reply.body["error"]["details"][0]["field"] == "role"
    assert_error(api.get("/admin/users?role=patient&cursor=nonsense", token=admin_token), 400)


def test_a_disabled_patient_cannot_sign_in_or_refresh_until_enabled(api: Api, admin_token: str):
    register_patient(api, email="dora@example.com", name="Dora")
    session: dict[str, Any] = login(api, "dora@example.com")
    user_id = patient_id(api, session["access_token"])

    disabled = api.post(f"/admin/users/{user_id}/disable", token=admin_token)
    assert (disabled.status, disabled.body["status"]) == (200, "disabled")
    assert_error(api.post("/auth/login", {"email": "dora@example.com", "password": PASSWORD}), 403)
    assert api.post("/auth/refresh", {"refresh_token": session["refresh_token"]}).status in (401, 403)

    enabled = api.post(f"/admin/users/{user_id}/enable", token=admin_token)
    assert (enabled.status, enabled.body["status"]) == (200, "active")
    assert login(api, "dora@example.com")["access_token"]


def test_an_admin_cannot_disable_their_own_account(api: Api, admin_token: str):
    own = patient_id(api, admin_token)
    assert_error(api.post(f"/admin/users/{own}/disable", token=admin_token), 422, "CANNOT_DISABLE_SELF")


def test_disabling_an_unknown_account_is_a_404(api: Api, admin_token: str):
    assert_error(api.post("/admin/users/nobody/disable", token=admin_token), 404, "USER_NOT_FOUND")
