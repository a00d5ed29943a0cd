from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.handlers._http import api_route

health = Blueprint(__name__)


@api_route(health, "/health", methods=["GET"], authorized=False)
def get_health() -> dict[str, str]:
    return {"status": "ok"}
