"""Platform settings routes (docs/api.md, "Platform settings"): admins read and change the platform's numbers."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.common import Request
from chalicelib.contracts.platform_settings import PlatformSettings, PlatformSettingsUpdate
from chalicelib.handlers._http import api_route
from chalicelib.services import settings
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

platform_settings = Blueprint(__name__)


@api_route(platform_settings, "/admin/settings", methods=["GET"], roles=[Role.ADMIN])
def read_settings() -> PlatformSettings:
    """The settings in force (the environment's defaults where no admin changed them)."""
    return settings.admin_view()


@api_route(
    platform_settings,
    "/admin/settings",
    methods=["PATCH"],
    roles=[Role.ADMIN],
    body=PlatformSettingsUpdate,
    errors={409: ["TRY_AGAIN"]},
)
def change_settings(principal: Principal, body: Request) -> PlatformSettings:
    """Changes any of the settings, checked together; audited (`name: old -> new`). Every process of the API uses
    the new values within 60 seconds."""
    return settings.change(principal.user_id, body)
