"""Push to WebSocket clients through API Gateway's ``@connections`` management API.

Chalice's ``WebsocketAPI`` learns its endpoint from the WebSocket events it handles (``https://{domain}/{stage}``).
DocSpot also pushes from the REST API's function and from schedules, which never see such an event, and locally
the management API is the emulator's ``http://HOST:PORT/_ws``: so the endpoint comes from the settings
(``DOCSPOT_WS_ENDPOINT``) whenever they name one, and the client is made on first use.
"""

from __future__ import annotations

from typing import Any, Protocol

from botocore.config import Config
from botocore.exceptions import ClientError
from chalice.app import WebsocketAPI, WebsocketDisconnectedError

from chalicelib import aws
from chalicelib.caches import process_cache
from chalicelib.config import get_settings

GONE = 410
# A push is a fast path taken after the change committed: it must not hold the caller's request for long.
CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=3,
    retries={"max_attempts": 2, "mode": "standard"},
    max_pool_connections=16,
)


class ConnectionGone(Exception):
    """The connection is closed (410 Gone): its items should be deleted."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(connection_id)
        self.connection_id = connection_id


class Sender(Protocol):
    def send(self, connection_id: str, message: str) -> None:
        """Posts ``message`` to the connection; raises ``ConnectionGone`` if it is closed."""
        ...

    def close(self, connection_id: str) -> None:
        """Closes the connection (DELETE @connections/{id}); one already closed is no error."""
        ...


class ManagementApi(WebsocketAPI):
    """Chalice's ``WebsocketAPI`` (``app.websocket_api``) with an endpoint from the settings when they name one,
    a client made on first use from the shared session (``chalicelib.aws``), and short timeouts."""

    def configure(self, domain_name: str, stage: str) -> None:
        endpoint = get_settings().ws_endpoint
        if endpoint and self._endpoint is None:
            self._endpoint = endpoint
        super().configure(domain_name, stage)

    def configure_from_api_id(self, api_id: str, stage: str) -> None:
        endpoint = get_settings().ws_endpoint
        if endpoint and self._endpoint is None:
            self._endpoint = endpoint
        super().configure_from_api_id(api_id, stage)

    def _get_client(self) -> Any:
        if self._client is None:
            if self._endpoint is None:
                self._endpoint = get_settings().ws_endpoint
            if self._endpoint is None:
                raise ValueError("no WebSocket management endpoint: set DOCSPOT_WS_ENDPOINT")
            self._client = aws.client("apigatewaymanagementapi", endpoint_url=self._endpoint, config=CLIENT_CONFIG)
        return self._client


class ApiGatewaySender:
    """The sender services are handed: posts through ``app.websocket_api``."""

    def __init__(self, api: WebsocketAPI) -> None:
        self._api = api

    def send(self, connection_id: str, message: str) -> None:
        try:
            self._api.send(connection_id, message)
        except WebsocketDisconnectedError as exc:
            raise ConnectionGone(connection_id) from exc
        except ClientError as exc:
            # A management endpoint that answers 410 without naming GoneException is just as final.
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == GONE:
                raise ConnectionGone(connection_id) from exc
            raise

    def close(self, connection_id: str) -> None:
        try:
            self._api.close(connection_id)
        except WebsocketDisconnectedError:
            return
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == GONE:
                return
            raise


@process_cache
def management_api() -> ManagementApi:
    """The one instance per process: app.py makes it ``app.websocket_api``, and the sender posts through it."""
    return ManagementApi()
