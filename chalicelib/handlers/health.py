from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.common import HealthOut
from chalicelib.handlers._http import api_route

health = Blueprint(__name__)


@api_route(health, "/health", methods=["GET"], authorized=False)
def get_health() -> HealthOut:
    """Is the API up?"""
    return HealthOut()
