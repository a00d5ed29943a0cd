"""The JWT authorizer API Gateway runs before every protected route."""

from __future__ import annotations

from chalice.app import AuthRequest, AuthResponse, Blueprint

from chalicelib.errors import Unauthorized
from chalicelib.services.accounts.authentication import verify

authorizer_blueprint = Blueprint(__name__)


class GatewayUnauthorized(Exception):
    """API Gateway answers 401 exactly when a token authorizer fails with the message ``Unauthorized``."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


@authorizer_blueprint.authorizer(ttl_seconds=60)
def jwt_auth(auth_request: AuthRequest) -> AuthResponse:
    """Verifies the JWT only (no I/O, so it stays cheap); API Gateway caches the answer up to 60 s. The token's
    expiry travels in the context, and every request re-checks it and the account (``_http.api_route``)."""
    scheme, _, token = (auth_request.token or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise GatewayUnauthorized()
    try:
        principal, expires = verify(token.strip())
    except Unauthorized as exc:
        raise GatewayUnauthorized() from exc
    return AuthResponse(
        routes=["*"], principal_id=principal.user_id, context={"role": principal.role, "exp": str(expires)}
    )
