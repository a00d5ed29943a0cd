"""API Gateway as the local stack and the tests see it: Chalice's LocalGateway plus the gateway's own answers.

Chalice's ``LocalGateway`` already routes, builds Lambda events and runs the authorizer. Two things API Gateway
does differently are added here: an authorizer failing with ``Unauthorized`` means 401, and the gateway's own
answers (401, 403, unknown route) carry DocSpot's error shape, as the gateway responses in ``infra/`` make them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import ForbiddenError, LocalGateway, LocalGatewayException, NotAuthorizedError

GATEWAY_ERRORS = {
    401: ("UNAUTHORIZED", "sign in to do this: the access token is missing, invalid or expired"),
    403: ("FORBIDDEN", "you may not do this"),
    404: ("NOT_FOUND", "no such endpoint"),
    500: ("INTERNAL", "something went wrong on our side; please try again"),
    504: ("GATEWAY_TIMEOUT", "the request took too long; please try again"),
}


def gateway_response(status: int) -> dict[str, Any]:
    code, message = GATEWAY_ERRORS.get(status, GATEWAY_ERRORS[500])
    return {
        "statusCode": status,
        "headers": {
            "Content-Type": "application/json",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
        "multiValueHeaders": {},
        "body": json.dumps({"error": {"code": code, "message": message}}),
    }


class DocSpotGateway(LocalGateway):
    def _generate_lambda_event(
        self, method: str, path: str, headers: dict[str, Any], body: bytes | None
    ) -> dict[str, Any]:
        """API Gateway gives every event a request id and its stage; the logs' correlation id falls back to it."""
        event: dict[str, Any] = super()._generate_lambda_event(method, path, headers, body)
        event["requestContext"].update(requestId=str(uuid.uuid4()), stage="api")
        return event

    def handle_request(self, method: str, path: str, headers: dict[str, Any], body: bytes | None) -> dict[str, Any]:
        try:
            return super().handle_request(method, path, headers, body)
        except NotAuthorizedError:
            return gateway_response(401)
        except ForbiddenError as exc:
            missing_route = b"Missing Authentication Token" in (exc.body or b"") or b"Credential" in (exc.body or b"")
            return gateway_response(404 if missing_route else 403)
        except LocalGatewayException as exc:
            return gateway_response(exc.CODE)
        except Exception as exc:
            if str(exc) == "Unauthorized":
                return gateway_response(401)
            raise


def make_gateway(app: Chalice, stage: str = "dev") -> DocSpotGateway:
    return DocSpotGateway(app, Config.create(chalice_stage=stage, app_name="docspot"))
